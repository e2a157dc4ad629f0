/**
 * The Direct Line WebSocket and a client that stops reading: the bot sends what is new in
 * messages of about MAX_MESSAGE_BYTES and waits while more than MAX_BUFFERED_BYTES are unsent,
 * so the socket never holds more than that plus one message, and a client still that far
 * behind when there is something new is closed with 1013 (directlinejs reconnects from its
 * watermark) instead of buffering the whole history in memory.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConversationHistory } from '../../src/channels/directline/history.js';
import { createLivePush, type LivePush } from '../../src/channels/directline/livePush.js';
import { attachStreams, MAX_BUFFERED_BYTES } from '../../src/channels/directline/streams.js';
import { createTokenService } from '../../src/channels/directline/tokens.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';

const SECRET = 'unit-test-direct-line-secret-32-chars!!';
const ACTIVITY_BYTES = 512 * 1024;
/** Far more than the socket bound plus what the kernel's socket buffers can hold. */
const MAX_PUSHES = 120;
const big = (i: number) => ({ type: 'message', text: `${i} `.padEnd(ACTIVITY_BYTES, 'x') });

describe('Direct Line stream and a client that does not read', () => {
  let server: Server | undefined;
  let streams: { close(): Promise<void> } | undefined;
  afterEach(async () => {
    await streams?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function setUp(backlog: number) {
    const tokens = createTokenService(SECRET);
    const history = new ConversationHistory(new MemoryStore());
    const push: LivePush = createLivePush();
    await history.create({ conversationId: 'c1', userId: 'dl_u' });
    for (let i = 0; i < backlog; i += 1) await history.append('c1', [big(i)]);
    const slow: { conversationId: string; bufferedBytes: number }[] = [];
    server = createServer();
    streams = attachStreams(server, {
      tokens,
      history,
      push,
      onError: (error) => {
        throw error;
      },
      onSlowConsumer: (conversationId, bufferedBytes) => slow.push({ conversationId, bufferedBytes }),
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { token } = await tokens.issue({ conversationId: 'c1', userId: 'dl_u' });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v3/directline/conversations/c1/stream?watermark=0&t=${encodeURIComponent(token)}`);
    let receivedBytes = 0;
    ws.on('message', (data: Buffer) => (receivedBytes += data.length));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.pause(); // the client's socket is no longer read: what the bot sends piles up
    /** The bot goes on talking until the stream gives up on this client (or MAX_PUSHES). */
    const talkUntilClosed = async () => {
      let pushes = 0;
      while (slow.length === 0 && pushes < MAX_PUSHES) {
        await history.append('c1', [big(backlog + pushes)]);
        push.publish('c1');
        pushes += 1;
        // Let the stream read and send (its socket write fills the buffers).
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return pushes;
    };
    return { ws, slow, closed, talkUntilClosed, receivedBytes: () => receivedBytes };
  }

  it('closes the socket with 1013 once more than 1 MiB is unsent and more is to come', async () => {
    const { ws, slow, closed, talkUntilClosed, receivedBytes } = await setUp(0);
    const pushes = await talkUntilClosed();
    expect(slow).toHaveLength(1);
    expect(slow[0]!.conversationId).toBe('c1');
    expect(slow[0]!.bufferedBytes).toBeGreaterThan(MAX_BUFFERED_BYTES);
    // At most the bound plus the one message that crossed it.
    expect(slow[0]!.bufferedBytes).toBeLessThan(MAX_BUFFERED_BYTES + 2 * ACTIVITY_BYTES);

    ws.resume();
    expect(await closed).toBe(1013);
    // The client got part of it, not everything it was sent: the rest was never buffered.
    expect(receivedBytes()).toBeGreaterThan(0);
    expect(receivedBytes()).toBeLessThan(pushes * ACTIVITY_BYTES);
  });

  it('a client connecting far behind gets its backlog a message at a time, never all of it buffered', async () => {
    // 20 MiB of history from watermark 0: once this was one message of that size in memory.
    const { ws, slow, closed, talkUntilClosed } = await setUp(40);
    await talkUntilClosed();
    expect(slow).toHaveLength(1);
    expect(slow[0]!.bufferedBytes).toBeLessThan(MAX_BUFFERED_BYTES + 2 * ACTIVITY_BYTES);
    ws.resume();
    expect(await closed).toBe(1013);
  });
});
