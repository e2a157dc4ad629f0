/**
 * Redis for tests: is a server there, and a private corner of it per test.
 *
 * The server (REDIS_URL, default redis://127.0.0.1:6379) is probed once, when this module is
 * first imported, so `describe.skipIf(...)` can use the answer. Without a server the Redis
 * suites are skipped, loudly (a console.warn naming each skipped suite); with REQUIRE_REDIS=1
 * (CI) they are not skipped but fail, saying why.
 *
 *   describe.skipIf(skipWithoutRedis('RedisStore'))('RedisStore', () => {
 *     beforeAll(requireRedis);
 *     const prefix = uniquePrefix('store');
 *     afterAll(() => deleteKeysWithPrefix(prefix));
 *     …
 *   });
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const REQUIRED = process.env.REQUIRE_REDIS === '1';

let probe: Promise<string | null> | undefined;

/** Whether Redis answers PING at REDIS_URL; asked once per process. */
export async function redisAvailable(): Promise<boolean> {
  return (await probeOnce()) === null;
}

/** null when Redis answered, else why not. */
function probeOnce(): Promise<string | null> {
  probe ??= (async () => {
    const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    let cause: Error | undefined; // the socket's error says more than "Connection is closed."
    client.on('error', (error: Error) => (cause ??= error));
    try {
      await client.connect();
      return (await client.ping()) === 'PONG' ? null : 'PING was not answered with PONG';
    } catch (error) {
      return (cause ?? (error as Error)).message || String(error);
    } finally {
      client.disconnect();
    }
  })();
  return probe;
}

const unreachable = await probeOnce();

export const redisSuite = {
  url: REDIS_URL,
  /** Redis answered the probe. */
  reachable: unreachable === null,
  /** Run the Redis suites: Redis answered, or REQUIRE_REDIS=1 (then they fail instead of skipping). */
  available: unreachable === null || REQUIRED,
  required: REQUIRED,
  /** Why Redis is not reachable (null when it is). */
  reason: unreachable,
};

if (unreachable !== null && REQUIRED) {
  console.error(`REQUIRE_REDIS=1 but Redis at ${REDIS_URL} is not reachable (${unreachable}): the Redis test suites will fail.`);
}

/** For describe.skipIf: true (with a warning naming the suite) when Redis is absent and not required. */
export function skipWithoutRedis(suite: string): boolean {
  if (redisSuite.available) return false;
  console.warn(`SKIPPED "${suite}": no Redis at ${REDIS_URL} (${unreachable}). Start one, or set REDIS_URL; CI sets REQUIRE_REDIS=1 to fail instead.`);
  return true;
}

/** In a Redis suite's beforeAll: fails every test with the reason when Redis is required but absent. */
export function requireRedis(): void {
  if (!redisSuite.reachable) throw new Error(`REQUIRE_REDIS=1 but Redis at ${REDIS_URL} is not reachable: ${unreachable}`);
}

/** A key prefix no other test (or test process) uses, e.g. 'test:store:4242:9f3a1c07:'. */
export function uniquePrefix(label = 'test'): string {
  return `test:${label}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key starting with `prefix` (SCAN + UNLINK, never KEYS); returns how many. */
export async function deleteKeysWithPrefix(prefix: string, url = REDIS_URL): Promise<number> {
  if (!prefix) throw new Error('deleteKeysWithPrefix: refusing an empty prefix (that would be every key)');
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  client.on('error', () => undefined);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 1000);
      if (keys.length > 0) deleted += await client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}

/** MATCH patterns are globs: a prefix's own *, ?, [ and \ must match literally. */
const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');
