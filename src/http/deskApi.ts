/**
 * The agent desk over HTTP (docs/desk.md): login, the queue, a case, claim, reply, close, and
 * Server-Sent Events, all JSON with `Authorization: Bearer <session token>` (or
 * `?access_token=` on the event stream: EventSource cannot set headers). Errors are
 * problem+json; bodies bounded; failed logins rate-limited per name and per address.
 * The page itself (`/desk`) is served from src/desk/page with its locale texts.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { Request, Response } from 'restify';
import type restify from 'restify';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { DeskEvents } from '../desk/events.js';
import { caseView, queueOf, MAX_TEXT, type Agent } from '../desk/machine.js';
import type { DeskResult, DeskService } from '../desk/service.js';
import type { DeskSessions, Session } from '../desk/sessions.js';
import type { DeskDirectory } from '../desk/users.js';
import type { Logger } from '../log.js';
import { projectPath } from '../paths.js';
import { BodyError, readJsonObject } from './body.js';
import { problem } from './problem.js';
import type { RouteGroup } from './routeGroup.js';

export interface DeskApiOptions {
  desk: DeskService;
  events: DeskEvents;
  sessions: DeskSessions;
  directory: DeskDirectory;
  log: Logger;
  /** Desk requests are small: a reply, a note. */
  maxBodyBytes?: number;
  /** Failed logins allowed per name and per address in `loginWindowSeconds`. */
  loginAttempts?: number;
  loginWindowSeconds?: number;
  redis?: { client: Redis; prefix: string };
  now?: () => Date;
}

const PAGE_FILES: Record<string, string> = {
  '/desk': 'index.html',
  '/desk/app.js': 'app.js',
  '/desk/style.css': 'style.css',
};
/** The page's sentences: locales/<lang>/desk.json. */
const PAGE_AREA = 'desk';
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

export function deskRoutes(o: DeskApiOptions): RouteGroup {
  const limitBytes = o.maxBodyBytes ?? 16 * 1024;
  const now = o.now ?? (() => new Date());
  const perName = o.loginAttempts ?? 5;
  // One address may be a contact centre's NAT: several agents mistyping. Four names' worth.
  const perAddress = perName * 4;
  const limiter = (name: string, points: number): RateLimiterAbstract =>
    o.redis
      ? new RateLimiterRedis({ storeClient: o.redis.client, keyPrefix: `${o.redis.prefix}desk-login-${name}`, points, duration: o.loginWindowSeconds ?? 300 })
      : new RateLimiterMemory({ keyPrefix: `desk-login-${name}`, points, duration: o.loginWindowSeconds ?? 300 });
  const byName = limiter('name', perName);
  const byAddress = limiter('ip', perAddress);
  const streams = new Set<ServerResponse>();

  const tokenOf = (req: Request): string | undefined => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (match) return match[1];
    const query = new URL(req.url ?? '/', 'http://desk').searchParams.get('access_token');
    return query ?? undefined;
  };

  /** The agent behind the request, or a 401 answered. */
  const authenticate = async (req: Request, res: Response): Promise<{ agent: Agent; session: Session } | null> => {
    const token = tokenOf(req);
    const session = token ? await o.sessions.verify(token) : null;
    const agent = session ? o.directory.find(session.username) : null;
    if (!session || !agent) {
      res.setHeader('www-authenticate', 'Bearer realm="desk"');
      problem(res, 401, 'Unauthorized', { detail: 'Log in at POST /desk/api/login and send Authorization: Bearer <token>' });
      return null;
    }
    return { agent, session };
  };

  const body = async (req: Request, res: Response): Promise<Record<string, unknown> | null> => {
    try {
      return await readJsonObject(req, limitBytes);
    } catch (error) {
      if (error instanceof BodyError) {
        problem(res, error.status, error.message);
        return null;
      }
      throw error;
    }
  };

  const answer = (res: Response, result: DeskResult, status = 200): void => {
    if (result.ok) {
      res.json(status, caseView(result.value));
      return;
    }
    const [code, title] =
      result.reason === 'not_found' ? [404, 'No such conversation at the desk'] : result.reason === 'conflict' ? [409, 'Another agent has this conversation'] : result.reason === 'closed' ? [409, 'The conversation is closed'] : [409, 'Claim the conversation first'];
    problem(res, code, title, { reason: result.reason });
  };

  const idOf = (req: Request) => String((req.params as { id?: string }).id ?? '');

  /** Wraps a handler: a failure is a logged 500, never an unhandled rejection. */
  const safe = (handler: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (err) {
      o.log.error({ event: 'desk.request_failed', err, route: req.getRoute?.()?.path }, 'desk: request failed');
      problem(res, 500, 'Internal error');
    }
  };

  return {
    mount(server: restify.Server) {
      for (const [route, file] of Object.entries(PAGE_FILES)) {
        server.get(route, safe(async (_req, res) => {
          const content = await readFile(projectPath('src', 'desk', 'page', file));
          res.setHeader('content-type', TYPES[file.split('.').pop()!]!);
          res.setHeader('cache-control', 'no-cache');
          // The page runs only its own script: no inline code, nothing from elsewhere.
          res.setHeader('content-security-policy', "default-src 'self'; frame-ancestors 'none'");
          res.writeHead(200);
          res.end(content);
        }));
      }
      server.get('/desk/locales/:lang', safe(async (req, res) => {
        const lang = String((req.params as { lang?: string }).lang ?? '').replace(/\.json$/, '');
        if (lang !== 'id' && lang !== 'en') return problem(res, 404, 'No such language');
        res.json(200, JSON.parse(await readFile(projectPath('locales', lang, `${PAGE_AREA}.json`), 'utf8')));
      }));

      server.post('/desk/api/login', safe(async (req, res) => {
        const input = await body(req, res);
        if (!input) return;
        const { username, password } = input;
        if (typeof username !== 'string' || typeof password !== 'string' || username.length > 100 || password.length > 1000) {
          return problem(res, 400, 'username and password must be strings');
        }
        const address = req.socket.remoteAddress ?? 'unknown';
        const [nameLeft, addressLeft] = await Promise.all([byName.get(username), byAddress.get(address)]);
        if ((nameLeft?.consumedPoints ?? 0) >= perName || (addressLeft?.consumedPoints ?? 0) >= perAddress) {
          const wait = Math.ceil(Math.max(nameLeft?.msBeforeNext ?? 0, addressLeft?.msBeforeNext ?? 0) / 1000);
          res.setHeader('retry-after', String(wait));
          return problem(res, 429, 'Too many failed logins', { detail: `Try again in ${wait} s` });
        }
        const agent = await o.directory.verify(username, password);
        if (!agent) {
          await Promise.all([byName.penalty(username, 1), byAddress.penalty(address, 1)]);
          o.log.info({ event: 'desk_login_failed' }, 'desk: failed login');
          return problem(res, 401, 'Wrong username or password');
        }
        await byName.delete(username);
        const issued = await o.sessions.issue(agent.username);
        res.json(200, { ...issued, agent });
      }));

      server.post('/desk/api/logout', safe(async (req, res) => {
        const who = await authenticate(req, res);
        if (!who) return;
        await o.sessions.revoke(who.session);
        res.send(204);
      }));

      server.get('/desk/api/queue', safe(async (req, res) => {
        if (!(await authenticate(req, res))) return;
        res.json(200, { items: queueOf(await o.desk.repository.openCases(), now()) });
      }));

      server.get('/desk/api/conversations/:id', safe(async (req, res) => {
        if (!(await authenticate(req, res))) return;
        const c = await o.desk.repository.get(idOf(req));
        if (!c) return problem(res, 404, 'No such conversation at the desk');
        res.json(200, caseView(c));
      }));

      server.post('/desk/api/conversations/:id/claim', safe(async (req, res) => {
        const who = await authenticate(req, res);
        if (!who) return;
        answer(res, await o.desk.claim(idOf(req), who.agent));
      }));

      server.post('/desk/api/conversations/:id/messages', safe(async (req, res) => {
        const who = await authenticate(req, res);
        if (!who) return;
        const input = await body(req, res);
        if (!input) return;
        const text = typeof input.text === 'string' ? input.text.trim() : '';
        if (!text || text.length > MAX_TEXT) return problem(res, 400, `text must be a non-empty string of at most ${MAX_TEXT} characters`);
        answer(res, await o.desk.reply(idOf(req), who.agent, text), 202);
      }));

      server.post('/desk/api/conversations/:id/close', safe(async (req, res) => {
        const who = await authenticate(req, res);
        if (!who) return;
        const input = await body(req, res);
        if (!input) return;
        if (input.note !== undefined && (typeof input.note !== 'string' || input.note.length > 2000)) return problem(res, 400, 'note must be a string of at most 2000 characters');
        const note = typeof input.note === 'string' && input.note.trim() ? input.note.trim() : undefined;
        answer(res, await o.desk.close(idOf(req), who.agent, note));
      }));

      server.get('/desk/api/events', safe(async (req, res) => {
        if (!(await authenticate(req, res))) return;
        const raw = res as unknown as ServerResponse;
        raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        raw.write(': connected\n\n');
        streams.add(raw);
        const unsubscribe = o.events.subscribe((event) => {
          raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        });
        // A comment every 20 s keeps proxies from closing an idle stream.
        const ping = setInterval(() => raw.write(': ping\n\n'), 20_000);
        ping.unref();
        raw.on('close', () => {
          clearInterval(ping);
          unsubscribe();
          streams.delete(raw);
        });
      }));
    },
    async close() {
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}
