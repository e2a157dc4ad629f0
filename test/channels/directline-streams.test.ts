/**
 * The Direct Line WebSocket and a client that stops reading: the bot keeps pushing what is
 * new, but once the socket holds more than MAX_BUFFERED_BYTES unsent it is closed with 1013
 * instead of buffering the whole history in memory; the client, reading again, gets the close
 * (directlinejs reconnects from its watermark).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConversationHistory } from '../../src/channels/directline/history.js';
import { createLivePush } from '../../src/channels/directline/livePush.js';
import { attachStreams, MAX_BUFFERED_BYTES } from '../../src/channels/directline/streams.js';
import { createTokenService } from '../../src/channels/directline/tokens.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';

const SECRET = 'unit-test-direct-line-secret-32-chars!!';
const ACTIVITY_BYTES = 512 * 1024;
/** Far more than the socket bound plus what the kernel's socket buffers can hold. */
const MAX_PUSHES = 120;

describe('Direct Line stream and a client that does not read', () => {
  let server: Server | undefined;
  let streams: { close(): Promise<void> } | undefined;
  afterEach(async () => {
    await streams?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('closes the socket with 1013 once more than 1 MiB is unsent, instead of buffering everything', async () => {
    const tokens = createTokenService(SECRET);
    const history = new ConversationHistory(new MemoryStore());
    const push = createLivePush();
    await history.create({ conversationId: 'c1', userId: 'dl_u' });
    let slow: { conversationId: string; bufferedBytes: number } | undefined;
    server = createServer();
    streams = attachStreams(server, { tokens, history, push, onError: (error) => { throw error; }, onSlowConsumer: (conversationId, bufferedBytes) => (slow = { conversationId, bufferedBytes }) });
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

    let pushes = 0;
    while (!slow && pushes < MAX_PUSHES) {
      await history.append('c1', [{ type: 'message', text: 'x'.repeat(ACTIVITY_BYTES) }]);
      push.publish('c1');
      pushes += 1;
      // Let the stream read and send (its socket write fills the buffers).
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(slow?.conversationId).toBe('c1');
    expect(slow!.bufferedBytes).toBeGreaterThan(MAX_BUFFERED_BYTES);

    ws.resume();
    expect(await closed).toBe(1013);
    // The client got part of it, not everything it was sent: the rest was never buffered.
    expect(receivedBytes).toBeGreaterThan(0);
    expect(receivedBytes).toBeLessThan(pushes * ACTIVITY_BYTES);
  });
});
