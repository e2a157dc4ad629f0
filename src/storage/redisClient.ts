/**
 * One place for how the bot talks to Redis, shared by the store and the locks: a dead or
 * unreachable Redis must fail a turn within a couple of seconds, never hang it, and never
 * crash the process.
 *
 * - No offline queue and no re-sending after a reconnect: a command that was refused must not
 *   run later behind the caller's back (a stale '*' write landing after a newer one).
 *   Instead each operation waits (at most READY_WAIT_MS) for the connection to be ready.
 * - `commandTimeout` bounds a command on a connection that is up but not answering. (A timed
 *   out command may still run if the server answers late: callers treat a rejected write as
 *   "unknown", as with any network store.)
 * - Reconnection goes on in the background for ever, with a capped back-off.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';

export interface RedisConnectionOptions {
  log?: Logger;
  /** TCP connect (and handshake) limit per attempt; default 2000 ms. */
  connectTimeoutMs?: number;
  /** Reply limit per command; default 2000 ms. */
  commandTimeoutMs?: number;
}

/** How long an operation waits for a (re)connecting client before it rejects. */
export const READY_WAIT_MS = 1500;

/** What our clients know about their connection, for failing fast during an outage. */
const outages = new WeakMap<Redis, { since: number; error: Error }>();
/** One pending "ready" per client, however many operations wait for it. */
const readiness = new WeakMap<Redis, Promise<void>>();

/** A client with the settings above, connecting at once. Its owner closes it (closeRedisClient). */
export function redisClient(url: string, options: RedisConnectionOptions = {}): Redis {
  const client = new Redis(url, {
    connectTimeout: options.connectTimeoutMs ?? 2000,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
  });
  const where = describeRedisUrl(url);
  // Without an 'error' listener ioredis would crash the process on the first failure. Log the
  // first error of an outage and the recovery, not every reconnection attempt.
  client.on('error', (err: Error) => {
    const outage = outages.get(client);
    if (outage) {
      outage.error = err;
      return;
    }
    outages.set(client, { since: Date.now(), error: err });
    options.log?.warn({ event: 'redis.unreachable', err, redis: where }, 'Redis unreachable; retrying in the background');
  });
  client.on('ready', () => {
    if (!outages.delete(client)) return;
    options.log?.info({ event: 'redis.reachable', redis: where }, 'Redis reachable again');
  });
  return client;
}

/**
 * Resolves once `client` is ready. Rejects after `timeoutMs`, when it is closed for good, or
 * at once when it has already been failing for longer than that (an outage, not a blip: a
 * turn should not wait for nothing).
 */
export function whenReady(client: Redis, timeoutMs: number = READY_WAIT_MS): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'end') return Promise.reject(new Error('Redis: the connection is closed'));
  const outage = outages.get(client);
  if (outage && Date.now() - outage.since >= timeoutMs) {
    return Promise.reject(new Error(`Redis not reachable for ${Math.round((Date.now() - outage.since) / 1000)} s: ${outage.error.message}`));
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis not reachable (no connection within ${timeoutMs} ms)`)), timeoutMs);
  });
  return Promise.race([readyOnce(client), timeout]).finally(() => clearTimeout(timer));
}

function readyOnce(client: Redis): Promise<void> {
  let pending = readiness.get(client);
  if (!pending) {
    pending = new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        client.off('ready', onReady);
        client.off('end', onEnd);
        readiness.delete(client);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => settle();
      const onEnd = () => settle(new Error('Redis: the connection is closed'));
      client.once('ready', onReady);
      client.once('end', onEnd);
    });
    pending.catch(() => undefined); // nobody may be waiting any more when it settles
    readiness.set(client, pending);
  }
  return pending;
}

/** A client rather than options (duck-typed: another copy of ioredis would fail instanceof). */
export function isRedisClient(value: unknown): value is Redis {
  return typeof (value as Redis | null)?.sendCommand === 'function';
}

/**
 * For a client made elsewhere: without any 'error' listener ioredis would crash the process
 * on the first connection error. Failures still reach callers as rejected commands.
 */
export function guardErrors(client: Redis): void {
  if (client.listenerCount('error') === 0) client.on('error', () => undefined);
}

/** Closes a client politely (pending replies first), or at once if it is not connected. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}

/** The URL for logs and errors, without its password. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid Redis URL)';
  }
}
