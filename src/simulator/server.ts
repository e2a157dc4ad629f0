/**
 * The built-in backend: the whole gateway contract over node:http, from fixtures, with each
 * system's latency, per-number failures and test hooks. See docs/simulator.md.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SystemName } from '../domain/types.js';
import { silentLogger, type Logger } from '../log.js';
import { handleAdmin } from './admin.js';
import { FailureInjector, type FailureOptions } from './failures.js';
import { HttpProblem, readJsonBody, sendHtml, sendJson, sendProblem } from './http-kit.js';
import { resolveTimes } from './relative-time.js';
import { ROUTES, type Reply, type Route } from './routes.js';
import { SimulatorStore, type StoredNote, type StoredTicket, type SubscriberPatch } from './store.js';

export type { StoredNote, StoredTicket, SubscriberPatch } from './store.js';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  /** Every system's latency, overriding the defaults and the fixtures' slow numbers (0 for benchmarks). */
  latencyMs?: number;
  /** When set, contract paths require `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  log?: Logger;
  /** Whether created tickets show in later interaction histories (the contract's behaviour); default true. */
  ticketsInHistory?: boolean;
  /** The clock relative fixture times and ticket times are resolved against. */
  now?: () => Date;
}

export interface DemoNumber {
  msisdn: string;
  outcome: string;
  shows: string;
}

export interface Simulator {
  url: string;
  port: number;
  close(): Promise<void>;
  tickets(): StoredTicket[];
  notes(ticketId?: string): StoredNote[];
  setSubscriber(msisdn: string, patch: SubscriberPatch): void;
  /** Active and unblocked in DSC and HLR. */
  activate(msisdn: string): void;
  /** The next `count` requests to a system (e.g. 'CRM') or a path prefix answer `status`. */
  failNext(target: string, count?: number, status?: number, options?: FailureOptions): void;
  /** Fixtures as loaded, no tickets, notes or pending failures. */
  reset(): void;
  demoNumbers(): DemoNumber[];
}

/** Typical answer times of each system when nothing overrides them. */
export const DEFAULT_LATENCY_MS: Record<SystemName, number> = { DSC: 40, FA: 60, HLR: 30, DEVICE: 20, CRM: 50, NETWORK: 30 };

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const log = options.log ?? silentLogger;
  const store = new SimulatorStore(options.now ?? (() => new Date()), options.ticketsInHistory ?? true);
  const failures = new FailureInjector();
  const sleeper = new Sleeper();

  const latencyOf = (route: Route, msisdn: string | undefined): number =>
    options.latencyMs ?? (msisdn ? store.record(msisdn)?.latencyMs?.[route.system] : undefined) ?? DEFAULT_LATENCY_MS[route.system];

  async function serveContract(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const candidates = ROUTES.filter((r) => r.pattern.test(url.pathname));
    if (candidates.length === 0) throw new HttpProblem(404, 'Not Found', `no operation at ${url.pathname}`);
    const route = candidates.find((r) => r.method === req.method);
    if (!route) {
      res.setHeader('allow', candidates.map((r) => r.method).join(', '));
      throw new HttpProblem(405, 'Method Not Allowed');
    }
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      res.setHeader('www-authenticate', 'Bearer');
      throw new HttpProblem(401, 'Unauthorized', 'a valid bearer token is required');
    }
    const param = decodeParam(route.pattern.exec(url.pathname)?.[1]);
    const body = route.method === 'POST' ? await readJsonBody(req) : undefined;
    const record = route.bySubscriber ? store.record(param) : undefined;
    await sleeper.sleep(latencyOf(route, route.bySubscriber ? param : undefined));

    const injected = failures.take(route.system, url.pathname);
    if (injected && !injected.afterHandling) return injectedFailure(res, injected.status);
    const fixedStatus = record?.failWith?.[route.system];
    if (fixedStatus) return injectedFailure(res, fixedStatus);
    const malformed = record?.malformed?.[route.system];
    if (malformed !== undefined) return sendJson(res, 200, resolveTimes(malformed, store.now()));

    const reply: Reply = route.handle({ store, headers: req.headers, url, param, body });
    if (injected?.afterHandling) return injectedFailure(res, injected.status);
    sendJson(res, reply.status, reply.body);
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    res.on('finish', () => log.debug({ method: req.method, path: req.url, status: res.statusCode, durationMs: Date.now() - started }, 'simulator answered'));
    try {
      const url = parseUrl(req.url);
      if (url.pathname === '/_admin' || url.pathname.startsWith('/_admin/')) {
        const reply = await handleAdmin({ store, failures }, req, url.pathname);
        return 'html' in reply ? sendHtml(res, reply.html) : sendJson(res, reply.status, reply.body);
      }
      await serveContract(req, res, url);
    } catch (err) {
      if (err instanceof HttpProblem) return sendProblem(res, err.status, err.title, err.detail);
      log.error({ err, method: req.method, path: req.url }, 'simulator handler failed');
      sendProblem(res, 500, 'Internal Server Error');
    }
  }

  const server = createServer((req, res) => void serve(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(options.host ?? '127.0.0.1')}:${port}`;
  log.info({ url }, 'simulator listening');

  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        sleeper.wakeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    tickets: () => store.tickets(),
    notes: (ticketId) => store.notes(ticketId),
    setSubscriber: (msisdn, patch) => store.setSubscriber(msisdn, patch),
    activate: (msisdn) => store.activate(msisdn),
    failNext: (target, count, status, failOptions) => failures.failNext(target, count, status, failOptions),
    reset: () => {
      store.reset();
      failures.clear();
    },
    demoNumbers: () =>
      store.subscriberNumbers().flatMap((msisdn) => {
        const demo = store.record(msisdn)?.demo;
        return demo ? [{ msisdn, ...demo }] : [];
      }),
  };
}

function injectedFailure(res: ServerResponse, status: number): void {
  sendProblem(res, status, STATUS_CODES[status] ?? 'Error', 'failure injected by the simulator');
}

function parseUrl(raw: string | undefined): URL {
  try {
    return new URL(raw ?? '/', 'http://simulator.invalid');
  } catch {
    throw new HttpProblem(400, 'Bad Request', 'the request target is not a valid URL');
  }
}

function decodeParam(raw: string | undefined): string {
  if (raw === undefined) return '';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpProblem(400, 'Bad Request', 'the path is not valid percent-encoding');
  }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Latency timers, so close() does not wait for a 3-second answer nobody will read. */
class Sleeper {
  private readonly pending = new Set<() => void>();

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.pending.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pending.add(wake);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.pending]) wake();
  }
}
