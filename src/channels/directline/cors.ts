/**
 * CORS for the Direct Line routes, for a page on another origin (the E-Care portal running
 * Web Chat itself): only the origins in CHAT_ALLOWED_ORIGINS get the headers; a preflight
 * from any other origin is refused with 403. Hand-written: restify's CORS plugins are
 * unmaintained, and this is the whole of it.
 */
import type restify from 'restify';
import type { Request, Response } from 'restify';

const CORS_PATH = /^\/(v3\/directline\/|chat\/token$)/;

export function mountCors(server: restify.Server, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/+$/, '')));
  server.pre((req: Request, res: Response, next: () => void) => {
    const origin = req.headers.origin;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!origin || !CORS_PATH.test(path)) return next();
    const ok = allowed.has(origin);
    if (ok) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      if (!ok) {
        res.writeHead(403);
        res.end();
        return;
      }
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, x-ms-bot-agent');
      res.setHeader('access-control-max-age', '600');
      res.writeHead(204);
      res.end();
      return;
    }
    next();
  });
}
