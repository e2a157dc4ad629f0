/**
 * The store shared by several instances, on Redis, with real compare-and-set on eTags.
 *
 * Key layout (every key starts with `prefix`, default 'sop007:'):
 *   <prefix>kv:<key>           hash {v: the item's JSON without eTag, e: its eTag}
 *   <prefix>idx:<segment>      set of the keys whose first segment is <segment>: the key up
 *                              to and including its first '/' ('outbox/'), or '' for keys
 *                              without one
 *   <prefix>idx-segments       set of the segments that have keys
 * `keys(prefix)` reads the one index set its prefix falls in (SSCAN), never KEYS nor a scan of
 * the keyspace. Writes and deletes update items and indexes in one Lua script, so the index
 * is exact whatever other instances do at the same time.
 *
 * A write or delete of several keys is one script: all its eTags are checked before anything
 * is written, and it is applied all or nothing. That needs all keys on one server: a single
 * Redis (with replicas or Sentinel), not Redis Cluster.
 */
import type { Redis } from 'ioredis';
import { decode, encode, newETag } from './items.js';
import { closeRedisClient, guardErrors, isRedisClient, redisClient, whenReady, type RedisConnectionOptions } from './redisClient.js';
import { ETagConflictError, isConditional, type KeyValueStore, type StoreItem, type StoreItems } from './types.js';

/** KEYS: segments set, then (item hash, index set) per item. ARGV: 5 per item. Returns 0, or the 1-based item that conflicted. */
const WRITE_SCRIPT = `
local n = (#KEYS - 1) / 2
for i = 1, n do
  local expected = ARGV[(i - 1) * 5 + 1]
  if expected ~= '' and redis.call('HGET', KEYS[2 * i], 'e') ~= expected then return i end
end
for i = 1, n do
  local a = (i - 1) * 5
  redis.call('HSET', KEYS[2 * i], 'v', ARGV[a + 2], 'e', ARGV[a + 3])
  redis.call('SADD', KEYS[2 * i + 1], ARGV[a + 4])
  redis.call('SADD', KEYS[1], ARGV[a + 5])
end
return 0`;

/** KEYS as for writes; ARGV: key, segment per item. A segment whose set empties is forgotten. */
const DELETE_SCRIPT = `
local n = (#KEYS - 1) / 2
for i = 1, n do
  redis.call('DEL', KEYS[2 * i])
  redis.call('SREM', KEYS[2 * i + 1], ARGV[2 * i - 1])
  if redis.call('SCARD', KEYS[2 * i + 1]) == 0 then redis.call('SREM', KEYS[1], ARGV[2 * i]) end
end
return 0`;

type ScriptCall = (numKeys: number, ...args: string[]) => Promise<number>;
interface StoreScripts {
  sop007StoreWrite: ScriptCall;
  sop007StoreDelete: ScriptCall;
}

export interface RedisStoreOptions extends RedisConnectionOptions {
  url: string;
  /** Prefix of every key (default 'sop007:'), so several bots can share a server. */
  prefix?: string;
}

export { redisClient };

/** The segment a key is indexed under: up to and including its first '/', or ''. */
export const segmentOf = (key: string): string => key.slice(0, key.indexOf('/') + 1);

export class RedisStore implements KeyValueStore {
  readonly prefix: string;
  private readonly client: Redis;
  /** A client passed in belongs to the caller, who closes it. */
  private readonly ownsClient: boolean;

  /**
   * `new RedisStore({ url, prefix })` connects (and `close()` disconnects);
   * `new RedisStore(client, prefix)` shares a client made with `redisClient()`, which its
   * owner closes.
   */
  constructor(connection: RedisStoreOptions | Redis, prefix?: string) {
    const shared = isRedisClient(connection);
    this.prefix = (shared ? prefix : connection.prefix) ?? 'sop007:';
    this.ownsClient = !shared;
    this.client = shared ? connection : redisClient(connection.url, connection);
    guardErrors(this.client);
    // EVALSHA with a fallback to EVAL when the server lost its script cache (a restart).
    this.client.defineCommand('sop007StoreWrite', { lua: WRITE_SCRIPT });
    this.client.defineCommand('sop007StoreDelete', { lua: DELETE_SCRIPT });
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    await whenReady(this.client);
    const pipeline = this.client.pipeline();
    for (const key of keys) pipeline.hmget(this.itemKey(key), 'v', 'e');
    const replies = (await pipeline.exec()) ?? [];
    const out: StoreItems = {};
    replies.forEach(([error, reply], i) => {
      if (error) throw error;
      const [json, eTag] = reply as [string | null, string | null];
      if (json !== null && eTag !== null) out[keys[i]!] = decode({ json, eTag });
    });
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const keys = [this.segmentsKey()];
    const args: string[] = [];
    for (const [key, item] of entries) {
      const json = encode(key, item); // a non-object item throws here, before anything is sent
      const expected = (item as StoreItem).eTag;
      keys.push(this.itemKey(key), this.indexKey(key));
      args.push(isConditional(expected) ? expected : '', json, newETag(), key, segmentOf(key));
    }
    await whenReady(this.client);
    const conflict = await this.scripts().sop007StoreWrite(keys.length, ...keys, ...args);
    if (conflict !== 0) throw new ETagConflictError(entries[conflict - 1]?.[0] ?? '?');
  }

  async delete(keys: string[]): Promise<void> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return;
    await whenReady(this.client);
    const redisKeys = [this.segmentsKey(), ...unique.flatMap((key) => [this.itemKey(key), this.indexKey(key)])];
    await this.scripts().sop007StoreDelete(redisKeys.length, ...redisKeys, ...unique.flatMap((key) => [key, segmentOf(key)]));
  }

  /**
   * SSCAN, so a large set never blocks the server: a key present for the whole call is
   * listed; one written or deleted during the call may or may not be.
   */
  async keys(prefix: string): Promise<string[]> {
    await whenReady(this.client);
    const slash = prefix.indexOf('/');
    const segments = slash >= 0 ? [prefix.slice(0, slash + 1)] : (await this.scan(this.segmentsKey())).filter((s) => s === '' || s.startsWith(prefix));
    const found = new Set<string>();
    for (const segment of segments) {
      for (const key of await this.scan(`${this.prefix}idx:${segment}`)) if (key.startsWith(prefix)) found.add(key);
    }
    return [...found];
  }

  /** For /readyz: false (never a rejection) when Redis does not answer promptly. */
  async ping(): Promise<boolean> {
    try {
      await whenReady(this.client, 500);
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.ownsClient) await closeRedisClient(this.client);
  }

  private async scan(setKey: string): Promise<string[]> {
    const members = new Set<string>(); // SSCAN may return a member twice
    let cursor = '0';
    do {
      const [next, batch] = await this.client.sscan(setKey, cursor, 'COUNT', 500);
      for (const member of batch) members.add(member);
      cursor = next;
    } while (cursor !== '0');
    return [...members];
  }

  private scripts(): StoreScripts {
    return this.client as unknown as StoreScripts;
  }

  private itemKey(key: string): string {
    return `${this.prefix}kv:${key}`;
  }

  private indexKey(key: string): string {
    return `${this.prefix}idx:${segmentOf(key)}`;
  }

  private segmentsKey(): string {
    return `${this.prefix}idx-segments`;
  }
}
