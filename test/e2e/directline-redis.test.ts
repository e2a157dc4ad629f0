/**
 * Two instances on one Redis, no sticky sessions: the client's WebSocket is on instance B
 * while its messages go to instance A, and it sees A's replies (history in the shared store,
 * live push over Redis pub/sub); a token made by one instance works on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRedisPair, type TestBot } from '../support/app.js';
import { skipWithoutRedis } from '../support/redis.js';

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
});
