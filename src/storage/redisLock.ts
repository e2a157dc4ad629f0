/**
 * Locks across instances, the way Rasa's Redis lock store and the single-instance Redlock
 * pattern do it: `SET <prefix>lock:<key> <random token> NX PX <ttl>` takes the lock; release
 * and extend are Lua scripts that act only if the key still holds our token, so a holder
 * whose lock expired can never free or prolong the next holder's lock.
 *
 * Waiting is polling with short jittered sleeps (20–50 ms) until `waitMs`: fairness is
 * best-effort (no queue; a newcomer can win over someone who has waited longer).
 * Safety rests on the ttl: a holder that stalls longer than its ttl may find its lock taken,
 * so work longer than the ttl must `extend` (its false answer means "stop, you lost it").
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { closeRedisClient, guardErrors, isRedisClient, redisClient, whenReady, type RedisConnectionOptions } from './redisClient.js';
import type { Lease, LockService } from './types.js';

const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

interface LockScripts {
  sop007LockRelease: (key: string, token: string) => Promise<number>;
  sop007LockExtend: (key: string, token: string, ms: number) => Promise<number>;
}

export interface RedisLockOptions extends RedisConnectionOptions {
  url: string;
  /** Prefix of every key (default 'sop007:'); locks live under `<prefix>lock:`. */
  prefix?: string;
}

const jitter = () => 20 + Math.random() * 30;
const whole = (ms: number) => Math.max(1, Math.ceil(ms));

export class RedisLockService implements LockService {
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly log: Logger | undefined;

  /** Like RedisStore: `({ url, prefix, log })` owns its connection, `(client, prefix, log)` shares one. */
  constructor(connection: RedisLockOptions | Redis, prefix?: string, log?: Logger) {
    const shared = isRedisClient(connection);
    this.prefix = (shared ? prefix : connection.prefix) ?? 'sop007:';
    this.log = shared ? log : connection.log;
    this.ownsClient = !shared;
    this.client = shared ? connection : redisClient(connection.url, connection);
    guardErrors(this.client);
    this.client.defineCommand('sop007LockRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    this.client.defineCommand('sop007LockExtend', { numberOfKeys: 1, lua: EXTEND_SCRIPT });
  }

  /** Rejects (rather than answering null) when Redis cannot be reached: "busy" would be a lie. */
  async acquire(key: string, options: { ttlMs: number; waitMs: number }): Promise<Lease | null> {
    const redisKey = `${this.prefix}lock:${key}`;
    const token = randomUUID();
    const giveUpAt = Date.now() + options.waitMs;
    for (;;) {
      await whenReady(this.client);
      if ((await this.client.set(redisKey, token, 'PX', whole(options.ttlMs), 'NX')) === 'OK') break;
      const left = giveUpAt - Date.now();
      if (left <= 0) return null;
      await sleep(Math.min(jitter(), left));
    }
    return this.lease(key, redisKey, token);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await closeRedisClient(this.client);
  }

  private lease(key: string, redisKey: string, token: string): Lease {
    const scripts = this.client as unknown as LockScripts;
    let released = false;
    return {
      key,
      release: async () => {
        if (released) return;
        released = true;
        try {
          await whenReady(this.client);
          await scripts.sop007LockRelease(redisKey, token);
        } catch (err) {
          // Not worth failing the caller's work over: the lock frees itself at its ttl.
          this.log?.warn({ event: 'lock.release_failed', err, lock: key }, 'could not release a lock in Redis; it expires at its ttl');
        }
      },
      extend: async (ms) => {
        if (released) return false;
        await whenReady(this.client);
        return (await scripts.sop007LockExtend(redisKey, token, whole(ms))) === 1;
      },
    };
  }
}
