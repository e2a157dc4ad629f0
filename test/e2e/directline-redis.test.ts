/**
 * Two instances on one Redis, no sticky sessions: the client's WebSocket is on instance B
 * while its messages go to instance A, and it sees A's replies (history in the shared store,
 * live push over Redis pub/sub); a token made by one instance works on the other. And the
 * live push itself: a notice published while an instance was not subscribed (not yet, or
 * between a dropped connection and its reconnect) still reaches its sockets.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLivePush } from '../../src/channels/directline/livePush.js';
import { startRedisPair, type TestBot } from '../support/app.js';
import { redisSuite, skipWithoutRedis, uniquePrefix } from '../support/redis.js';

const SECRET = 'directline-test-secret-at-least-32-chars';

describe.skipIf(skipWithoutRedis('Direct Line on two instances'))('Direct Line on two instances', () => {
  let pair: { a: TestBot; b: TestBot; stop(): Promise<void> };
  beforeAll(async () => {
    pair = await startRedisPair('directline', { DIRECT_LINE_SECRET: SECRET });
  });
  afterAll(async () => pair?.stop());

  it('a socket on B hears what the bot said on A', async () => {
    const a = pair.a.app.url;
    const b = pair.b.app.url;
    const tokenRes = await fetch(`${a}/chat/token`, { method: 'POST' });
    const { token, conversationId } = (await tokenRes.json()) as { token: string; conversationId: string };
    // Started on B, streamed from B, messages posted to A.
    const started = await fetch(`${b}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(started.status).toBe(201);
    const { streamUrl } = (await started.json()) as { streamUrl: string };
    const texts: string[] = [];
    const ws = new WebSocket(streamUrl);
    let wake: (() => void) | undefined;
    ws.on('message', (data: Buffer) => {
      if (data.length === 0) return;
      const batch = JSON.parse(data.toString()) as { activities: { type: string; text?: string; from: { role?: string } }[] };
      for (const activity of batch.activities) if (activity.type === 'message' && activity.from.role !== 'user') texts.push(activity.text ?? '');
      wake?.();
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const waitFor = async (pattern: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!texts.some((t) => pattern.test(t))) {
        if (Date.now() > deadline) throw new Error(`not heard: ${pattern} (heard ${JSON.stringify(texts)})`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
      }
    };
    await waitFor(/selamat datang/i);
    const posted = await fetch(`${a}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'halo, nomor saya belum aktif', channelData: { clientActivityID: 'x1' } }),
    });
    expect(posted.status).toBe(200);
    await waitFor(/Boleh saya tahu nomor HP/i);
    ws.close();
  });

  it('live push: a notice published before the subscription was ready, or while it was down, is not lost', async () => {
    const channel = `${uniquePrefix('livepush')}directline:activity`;
    const name = `livepush-${Math.random().toString(36).slice(2)}`;
    // The "instance": its client (named, so its connections can be found) and its live push.
    const client = new Redis(redisSuite.url, { connectionName: name });
    const publisher = new Redis(redisSuite.url);
    client.on('error', () => undefined);
    await publisher.ping();
    let heard = 0;
    let wake: (() => void) | undefined;
    const heardMore = async (than: number, what: string) => {
      const deadline = Date.now() + 10_000;
      while (heard <= than) {
        if (Date.now() > deadline) throw new Error(`the socket was not woken ${what}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
    };
    const push = createLivePush({ client, channel });
    try {
      push.subscribe('c1', () => {
        heard += 1;
        wake?.();
      });
      // Published at once, before the push's own connection is even open: nobody hears it.
      expect(await publisher.publish(channel, 'c1')).toBe(0);
      await heardMore(0, 'after subscribing late');

      // Its connections dropped: a notice published now has no subscriber either.
      const before = heard;
      const list = (await publisher.client('LIST')) as string;
      const ids = list.split('\n').filter((line) => line.includes(` name=${name} `)).map((line) => /\bid=(\d+)/.exec(line)![1]!);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) await publisher.client('KILL', 'ID', id);
      expect(await publisher.publish(channel, 'c1')).toBe(0);
      await heardMore(before, 'after resubscribing');
    } finally {
      await push.close();
      client.disconnect();
      publisher.disconnect();
    }
  });
});
