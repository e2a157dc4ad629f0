/**
 * The request machinery every backend call shares: one base URL, headers, a per-attempt
 * timeout, the one retry, and turning every transport failure into "unavailable" — never a
 * throw, never data. Mapping a status to a domain result and parsing the body with the
 * contract's schema is the caller's (client.ts) job; logging the failure is done here.
 *
 * X-Request-Id: each logical call gets a fresh UUID; each attempt sends `<uuid>.<attempt>`
 * (`.1`, then `.2` for the retry), prefixed by `<correlationId>:` when the caller gives one,
 * so the gateway's logs pair a retry with its first attempt and with the conversation.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { silentLogger, type Logger } from '../../log.js';
import type { Lookup, SystemName } from '../../domain/types.js';
import type { Telemetry } from '../telemetry.js';
import { nodeHttpTransport, type Transport } from './transport.js';

export interface BackendClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; no header at all when unset. */
  apiKey?: string;
  /** Upper bound of one attempt, body included. */
  timeoutMs?: number;
  retryGets?: boolean;
  /** Base of the jittered pause before the one retry (the pause is 0.5×–1.5× this). */
  retryDelayMs?: number;
  log?: Logger;
  /** Counts each request (retries included) by system and result (`src/services/telemetry.ts`). */
  telemetry?: Telemetry;
  /**
   * How requests go out: `node:http` by default (`transport.ts` says why); the global `fetch`
   * or a test's own fits as well.
   */
  fetch?: Transport;
}

/** Per-call controls: diagnose passes its overall budget here. */
export interface CallOptions {
  /** Epoch ms (Date.now clock): no attempt outlives it, and no retry starts that could not finish by it. */
  deadline?: number;
  /** The caller gave up: the attempt in flight is aborted and nothing is retried. */
  signal?: AbortSignal;
  /** Prefixes X-Request-Id, e.g. the conversation id, to join the gateway's logs to ours. */
  correlationId?: string;
}

export interface RequestSpec {
  system: SystemName;
  method: 'GET' | 'POST';
  /** The path with placeholders, for logs: the concrete path holds an MSISDN. */
  template: string;
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Makes a POST safe to retry: the gateway answers the same key with the first result. */
  idempotencyKey?: string;
}

/** A response the caller must interpret; 5xx never gets here (it is unavailable). */
export interface HttpResponse {
  kind: 'response';
  status: number;
  /** Parsed JSON; undefined for an empty or (on a non-2xx) unparsable body. */
  body: unknown;
  durationMs: number;
  requestId: string;
}
export type HttpReply = HttpResponse | { kind: 'unavailable'; reason: string };
export type UnavailableLookup = Extract<Lookup<never>, { status: 'unavailable' }>;

type Attempt =
  | { kind: 'response'; status: number; text: string }
  | { kind: 'failed'; reason: string; retryable: boolean; timedOut?: boolean };

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_RETRY_DELAY_MS = 100;

export class BackendHttp {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly log: Logger;

  constructor(private readonly options: BackendClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.log = options.log ?? silentLogger;
  }

  async send(spec: RequestSpec, call: CallOptions = {}): Promise<HttpReply> {
    const callId = call.correlationId ? `${call.correlationId}:${randomUUID()}` : randomUUID();
    const mayRetry = spec.method === 'GET' ? this.options.retryGets !== false : spec.idempotencyKey !== undefined;
    for (let attempt = 1; ; attempt++) {
      const requestId = `${callId}.${attempt}`;
      const timeoutMs = this.attemptTimeout(call);
      if (timeoutMs <= 0 || call.signal?.aborted) {
        const reason = call.signal?.aborted ? 'aborted by caller' : 'no time left in the budget';
        this.warn(spec, { attempt, requestId, durationMs: 0, reason });
        return { kind: 'unavailable', reason };
      }
      const started = Date.now();
      const result = await this.attempt(spec, requestId, timeoutMs, call.signal);
      const durationMs = Date.now() - started;
      const reply = interpret(result, durationMs, requestId);
      if (reply.kind === 'response') return reply;
      const status = result.kind === 'response' ? result.status : undefined;
      this.warn(spec, { attempt, requestId, durationMs, status, reason: reply.reason });
      // A read that timed out is not tried again: a hanging system must cost one timeout, not
      // two. A POST is, with its Idempotency-Key: the first attempt may have landed.
      const hung = result.kind === 'failed' && result.timedOut === true && spec.method === 'GET';
      const retryable = result.kind === 'failed' ? result.retryable && !hung : result.status >= 500;
      if (!(retryable && mayRetry && attempt === 1)) return reply;
      const pauseMs = this.retryDelayMs * (0.5 + Math.random());
      if (!this.budgetAllows(call, pauseMs)) return reply;
      await pause(pauseMs, call.signal);
    }
  }

  /** Parses a 2xx body with the contract schema; a mismatch is "unavailable", never data. */
  parse<T>(schema: z.ZodType<T>, spec: RequestSpec, reply: HttpResponse): { status: 'ok'; value: T } | UnavailableLookup {
    const parsed = schema.safeParse(reply.body);
    if (parsed.success) return { status: 'ok', value: parsed.data };
    const where = parsed.error.issues[0]?.path.map(String).join('.') || '(root)';
    return this.unexpected(spec, reply, `body does not match the contract at ${where}`);
  }

  /** A status the operation does not define: logged, and the system counts as unavailable. */
  unexpected(spec: RequestSpec, reply: HttpResponse, reason = `unexpected HTTP ${reply.status}`): UnavailableLookup {
    this.report(spec, reply, reason);
    return { status: 'unavailable', reason };
  }

  /** Logs an answer that the caller will not use as data. */
  report(spec: RequestSpec, reply: HttpResponse, reason: string): void {
    this.warn(spec, { requestId: reply.requestId, durationMs: reply.durationMs, status: reply.status, reason });
  }

  private attemptTimeout(call: CallOptions): number {
    if (call.deadline === undefined) return this.timeoutMs;
    return Math.min(this.timeoutMs, call.deadline - Date.now());
  }

  /** Another attempt only when a full one (pause + timeout) fits before the deadline. */
  private budgetAllows(call: CallOptions, pauseMs: number): boolean {
    if (call.signal?.aborted) return false;
    return call.deadline === undefined || call.deadline - Date.now() >= pauseMs + this.timeoutMs;
  }

  private async attempt(spec: RequestSpec, requestId: string, timeoutMs: number, callerSignal?: AbortSignal): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = () => controller.abort();
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const doFetch = this.options.fetch ?? nodeHttpTransport;
      const response = await doFetch(this.url(spec), {
        method: spec.method,
        headers: this.headers(spec, requestId),
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: controller.signal,
      });
      // The timer still runs while the body streams in: a slow body is a timeout too.
      const text = await response.text();
      return { kind: 'response', status: response.status, text };
    } catch (err) {
      if (timedOut) return { kind: 'failed', reason: `timed out after ${timeoutMs} ms`, retryable: true, timedOut: true };
      if (callerSignal?.aborted) return { kind: 'failed', reason: 'aborted by caller', retryable: false };
      return { kind: 'failed', reason: `connection failed: ${errorCode(err)}`, retryable: true };
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private url(spec: RequestSpec): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) query.set(key, String(value));
    const qs = query.toString();
    return `${this.baseUrl}${spec.path}${qs ? `?${qs}` : ''}`;
  }

  private headers(spec: RequestSpec, requestId: string): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', 'x-request-id': requestId };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    if (spec.idempotencyKey !== undefined) headers['idempotency-key'] = spec.idempotencyKey;
    return headers;
  }

  private warn(spec: RequestSpec, fields: { requestId: string; durationMs: number; reason: string; status?: number; attempt?: number }): void {
    this.log.warn({ event: 'backend.unavailable', system: spec.system, method: spec.method, path: spec.template, ...fields }, 'backend call failed');
  }
}

function interpret(result: Attempt, durationMs: number, requestId: string): HttpReply {
  if (result.kind === 'failed') return { kind: 'unavailable', reason: result.reason };
  if (result.status >= 500) return { kind: 'unavailable', reason: `HTTP ${result.status}` };
  const ok = result.status >= 200 && result.status < 300;
  if (result.text.trim() === '') return { kind: 'response', status: result.status, body: undefined, durationMs, requestId };
  try {
    return { kind: 'response', status: result.status, body: JSON.parse(result.text), durationMs, requestId };
  } catch {
    // An error answer with a non-JSON body is still that status; a success without JSON is unusable.
    if (!ok) return { kind: 'response', status: result.status, body: undefined, durationMs, requestId };
    return { kind: 'unavailable', reason: `HTTP ${result.status} with a body that is not JSON` };
  }
}

function errorCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
