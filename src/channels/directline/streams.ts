/**
 * The WebSocket at a conversation's `streamUrl` (`ws`, on the restify server's `upgrade`
 * event). The server sends `{ activities, watermark }` for whatever is new, in messages of
 * about MAX_MESSAGE_BYTES; the client's empty messages are its heartbeat and are ignored.
 * Sending waits while more than MAX_BUFFERED_BYTES are unsent, so a socket holds at most that
 * plus one message; a client still that far behind when there is something new does not read,
 * and is closed (1013) rather than kept: it reconnects and re-reads from its watermark.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { batchesSince, type ConversationHistory, parseWatermark } from './history.js';
import type { LivePush } from './livePush.js';
import type { TokenService } from './tokens.js';

/** Unsent bytes a socket may hold before it counts as a consumer that does not read. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** About this much JSON per message (an activity larger than this goes alone). */
export const MAX_MESSAGE_BYTES = 256 * 1024;
const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;

export interface StreamDeps {
  tokens: TokenService;
  history: ConversationHistory;
  push: LivePush;
  onError: (error: unknown) => void;
  /** A socket was closed for not reading (1013): worth a warning, it may be a stuck page. */
  onSlowConsumer?: (conversationId: string, bufferedBytes: number) => void;
}

export function attachStreams(server: Server, deps: StreamDeps): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return; // another feature's WebSocket
    const conversationId = decodeURIComponent(match[1]!);
    void deps.tokens.verify(url.searchParams.get('t') ?? undefined).then(async (check) => {
      if (!check.ok) return refuse(socket, check.reason === 'expired' ? 403 : 401, check.reason === 'expired' ? 'Forbidden' : 'Unauthorized');
      if (check.claims.conversationId !== conversationId) return refuse(socket, 403, 'Forbidden');
      if (!(await deps.history.get(conversationId))) return refuse(socket, 404, 'Not Found');
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, conversationId, parseWatermark(url.searchParams.get('watermark') ?? undefined)));
    }).catch((error: unknown) => {
      deps.onError(error);
      refuse(socket, 500, 'Internal Server Error');
    });
  };

  const serve = (ws: WebSocket, conversationId: string, startAt: number) => {
    let watermark = startAt;
    let reading = false;
    let again = false;
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    const tooSlow = () => {
      if (ws.readyState !== ws.OPEN) return;
      deps.onSlowConsumer?.(conversationId, ws.bufferedAmount);
      ws.close(1013, 'slow consumer: reconnect and read from your watermark');
    };
    const deliver = async () => {
      if (reading) {
        again = true;
        // Something new while the socket is still full from before: this client does not read.
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) tooSlow();
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          const record = await deps.history.get(conversationId);
          if (!record) return;
          for (const batch of batchesSince(record, watermark, MAX_MESSAGE_BYTES)) {
            if (ws.readyState !== ws.OPEN) return;
            watermark = Number(batch.watermark);
            const written = new Promise<void>((resolve) => ws.send(JSON.stringify(batch), () => resolve()));
            // Past the bound: wait until this message has left (or the socket closed).
            if (ws.bufferedAmount > MAX_BUFFERED_BYTES) await Promise.race([written, closed]);
          }
        } while (again);
      } catch (error) {
        deps.onError(error);
      } finally {
        reading = false;
      }
    };
    const unsubscribe = deps.push.subscribe(conversationId, () => void deliver());
    ws.on('message', () => undefined); // the client's heartbeat
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    void deliver();
  };

  server.on('upgrade', onUpgrade);
  return {
    async close() {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
