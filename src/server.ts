/**
 * The HTTP shell: restify with `/api/messages`, `/healthz`, `/readyz`, input guards and a
 * graceful shutdown. It knows nothing of botbuilder: the activity handler is injected.
 */
import type { AddressInfo } from 'node:net';
import restify, { type Request, type Response } from 'restify';
import { checkActivity } from './http/activityGuard.js';
import { adminAccess } from './http/adminAuth.js';
import { BodyError, readJsonObject } from './http/body.js';
import { problem } from './http/problem.js';
import type { RouteGroup } from './http/routeGroup.js';
import type { Logger } from './log.js';

export type ActivityHandlerFn = (req: Request, res: Response) => Promise<void>;
/** A dependency check: reachable or not, optionally with details shown on /readyz. */
export type ReadinessCheck = () => Promise<boolean | { ok: boolean; detail?: unknown }>;

export interface ServerOptions {
  log: Logger;
  maxBodyBytes: number;
  handleActivity: ActivityHandlerFn;
  /** Named dependency checks for `/readyz`; each must answer quickly. */
  readiness?: Record<string, ReadinessCheck>;
  /** Extra read-only operator routes (e.g. the ticket outbox), mounted under `/admin`. */
  adminRoutes?: Record<string, () => Promise<unknown>>;
  /** ADMIN_TOKEN: `/admin/*` wants it as a bearer token; unset, only loopback callers get in. */
  adminToken?: string;
  /** Features' own routes (channels, desk, metrics, report), mounted after the core routes. */
  routes?: readonly RouteGroup[];
}

export interface BotServer {
  readonly server: restify.Server;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting turns, lets in-flight ones finish (up to `graceMs`), then closes. */
  shutdown(graceMs: number): Promise<void>;
}

export function createServer(options: ServerOptions): BotServer {
  const { log } = options;
  const server = restify.createServer({ name: 'sop007-bot', handleUncaughtExceptions: false });
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | null = null;

  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
    // restify's own routing errors (404, 405) keep their status; anything else must not leak.
    if ((err.statusCode ?? 500) >= 500) log.error({ event: 'http.failed', err, path: req.path() }, 'unhandled HTTP error');
    callback();
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (draining) {
      res.setHeader('retry-after', '5');
      return problem(res, 503, 'Shutting down');
    }
    inFlight += 1;
    try {
      let body: Record<string, unknown>;
      try {
        body = await readJsonObject(req, options.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyError) return problem(res, error.status, error.message);
        throw error;
      }
      const fault = checkActivity(body);
      if (fault) {
        log.debug({ event: 'activity.rejected', field: fault.field }, 'activity rejected before the adapter');
        return problem(res, 400, `Invalid activity: ${fault.field} ${fault.problem}`, { detail: `${fault.field} ${fault.problem}`, field: fault.field });
      }
      (req as Request & { body: unknown }).body = body;
      await options.handleActivity(req, res);
    } catch (error) {
      log.error({ event: 'turn.failed', err: error }, 'activity handling failed');
      problem(res, 500, 'Internal error');
    } finally {
      inFlight -= 1;
      if (draining && inFlight === 0) drained?.();
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.json(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const checks = Object.entries(options.readiness ?? {});
    const results = await Promise.all(
      checks.map(async ([name, check]) => {
        const answer = await check().catch(() => false);
        return [name, typeof answer === 'boolean' ? { ok: answer } : answer] as const;
      }),
    );
    const dependencies = Object.fromEntries(results);
    const ready = !draining && results.every(([, r]) => r.ok);
    res.json(ready ? 200 : 503, { status: ready ? 'ready' : draining ? 'draining' : 'not-ready', dependencies });
  });

  const mayAdminister = adminAccess(options.adminToken);
  for (const [name, read] of Object.entries(options.adminRoutes ?? {})) {
    server.get(`/admin/${name}`, async (req: Request, res: Response) => {
      const denied = mayAdminister(req.headers.authorization, req.socket.remoteAddress);
      if (denied) {
        if (denied === 401) res.setHeader('www-authenticate', 'Bearer realm="admin"');
        return problem(res, denied, denied === 401 ? 'Unauthorized' : 'Forbidden', {
          detail: denied === 401 ? 'Send Authorization: Bearer <ADMIN_TOKEN>' : 'Admin routes answer only loopback callers while ADMIN_TOKEN is unset',
        });
      }
      res.json(200, await read());
    });
  }

  for (const group of options.routes ?? []) group.mount(server);

  return {
    server,
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.address()));
      });
    },
    async shutdown(graceMs) {
      draining = true;
      const finished = inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => (drained = r));
      const closed = new Promise<void>((r) => {
        server.close(() => r());
      });
      server.server.closeIdleConnections?.();
      await Promise.race([finished, new Promise((r) => setTimeout(r, graceMs).unref())]);
      server.server.closeAllConnections?.();
      await Promise.all((options.routes ?? []).map(async (group) => group.close?.()));
      await closed;
    },
  };
}
