/**
 * The WebSocket at a conversation's `streamUrl` (`ws`, on the restify server's `upgrade`
 * event). The server sends `{ activities, watermark }` for whatever is new; the client's empty
 * messages are its heartbeat and are ignored. A client that does not read is closed once the
 * unsent bytes pass a bound, rather than buffered without end: it reconnects and re-reads
 * from its watermark.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { activitiesSince, type ConversationHistory, parseWatermark } from './history.js';
import type { LivePush } from './livePush.js';
import type { TokenService } from './tokens.js';

/** Unsent bytes a socket may hold before it counts as a consumer that does not read. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
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
    const deliver = async () => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          const record = await deps.history.get(conversationId);
          if (!record || ws.readyState !== ws.OPEN) return;
          const batch = activitiesSince(record, watermark);
          if (batch.activities.length === 0) continue;
          // Checked before each send: a socket holds at most the bound plus one batch.
          if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
            deps.onSlowConsumer?.(conversationId, ws.bufferedAmount);
            ws.close(1013, 'slow consumer: reconnect and read from your watermark');
            return;
          }
          watermark = Number(batch.watermark);
          ws.send(JSON.stringify(batch));
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
