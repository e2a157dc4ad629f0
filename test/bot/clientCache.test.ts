/** Connector and user-token clients are made once per service URL and audience, not per turn. */
import type { Activity } from 'botbuilder';
import {
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { ClientCachingAuthentication } from '../../src/bot/clientCache.js';

class CountingFactory extends ConnectorFactory {
  made: string[] = [];
  failNext = false;
  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    this.made.push(`${audience}|${serviceUrl}`);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('token endpoint down');
    }
    return { serviceUrl } as unknown as ConnectorClient;
  }
}

class FakeAuthentication extends BotFrameworkAuthentication {
  readonly factory = new CountingFactory();
  userTokenClients = 0;
  async authenticateRequest(): Promise<AuthenticateRequestResult> {
    return { audience: 'https://api.botframework.com', callerId: '', claimsIdentity: new ClaimsIdentity([], true), connectorFactory: this.factory };
  }
  authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new Error('not used');
  }
  createConnectorFactory(): ConnectorFactory {
    return this.factory;
  }
  async createUserTokenClient(): Promise<UserTokenClient> {
    this.userTokenClients += 1;
    return {} as UserTokenClient;
  }
}

const activity = { type: 'message' } as Activity;

describe('ClientCachingAuthentication', () => {
  it('makes one connector client per service URL and audience across turns', async () => {
    const inner = new FakeAuthentication();
    const auth = new ClientCachingAuthentication(inner);
    const clients = [];
    for (let turn = 0; turn < 5; turn++) {
      const { connectorFactory, audience } = await auth.authenticateRequest(activity, '');
      clients.push(await connectorFactory!.create('https://smba.example/', audience));
    }
    const other = await (await auth.authenticateRequest(activity, '')).connectorFactory!.create('https://other.example/', 'x');
    expect(new Set(clients).size).toBe(1);
    expect(other).not.toBe(clients[0]);
    expect(inner.factory.made).toEqual(['https://api.botframework.com|https://smba.example/', 'x|https://other.example/']);
  });

  it('tries again after a failed creation instead of keeping the failure', async () => {
    const inner = new FakeAuthentication();
    const auth = new ClientCachingAuthentication(inner);
    inner.factory.failNext = true;
    const { connectorFactory } = await auth.authenticateRequest(activity, '');
    await expect(connectorFactory!.create('https://smba.example/', 'a')).rejects.toThrow('token endpoint down');
    await new Promise((r) => setImmediate(r));
    await expect(connectorFactory!.create('https://smba.example/', 'a')).resolves.toBeDefined();
    expect(inner.factory.made).toHaveLength(2);
  });

  it('makes one user-token client per bot app id', async () => {
    const inner = new FakeAuthentication();
    const auth = new ClientCachingAuthentication(inner);
    const claims = new ClaimsIdentity([{ type: 'aud', value: 'bot-app-id' }], true);
    await auth.createUserTokenClient(claims);
    await auth.createUserTokenClient(claims);
    expect(inner.userTokenClients).toBe(1);
  });
});
