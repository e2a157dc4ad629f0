/**
 * CloudAdapter builds a new ConnectorClient and a new UserTokenClient, each a full HTTP
 * pipeline, for every turn: about 5 % of the bot's CPU in the benchmark's profile. Neither holds
 * anything of the turn (their credentials cache tokens themselves), so they are kept per service
 * URL and audience, as botbuilder's older BotFrameworkAdapter kept its connector clients.
 */
import type { Activity } from 'botbuilder';
import {
  BotFrameworkAuthentication,
  ConnectorFactory,
  JwtTokenValidation,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

/** Channels use a handful of service URLs; the bound only guards against a flood of odd ones. */
const MAX_ENTRIES = 64;

/** Remembers promises by key; a rejected one is forgotten so the next call tries again. */
class PromiseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, make: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key);
    if (found) return found;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    const made = make();
    this.entries.set(key, made);
    made.catch(() => this.entries.get(key) === made && this.entries.delete(key));
    return made;
  }
}

class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    /** What the inner factory was made for (its OAuth scope); part of every key. */
    private readonly scope: string,
    private readonly clients: PromiseCache<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(`${this.scope}\n${audience ?? ''}\n${serviceUrl}`, () => this.inner.create(serviceUrl, audience));
  }
}

/** The configured authentication, with the clients it creates reused across turns. */
export class ClientCachingAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new PromiseCache<ConnectorClient>();
  private readonly userTokens = new PromiseCache<UserTokenClient>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: new CachingConnectorFactory(result.connectorFactory, result.audience, this.connectors) };
  }

  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  /** Proactive turns: rare, and their factory's scope comes from claims; left uncached. */
  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const appId = JwtTokenValidation.getAppIdFromClaims(claimsIdentity.claims) ?? '';
    return this.userTokens.get(appId, () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
