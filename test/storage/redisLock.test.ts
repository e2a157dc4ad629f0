import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisLockService } from '../../src/storage/redisLock.js';
import { deleteKeysWithPrefix, redisSuite, requireRedis, skipWithoutRedis, uniquePrefix } from '../support/redis.js';
import { describeLockContract } from './lockContract.js';

const skip = skipWithoutRedis('RedisLockService (test/storage/redisLock.test.ts)');

describe.skipIf(skip)('RedisLockService', () => {
  describeLockContract('RedisLockService', async () => {
    requireRedis();
    const prefix = uniquePrefix('locks');
    // Two clients: two instances contending for the same locks.
    const services: [RedisLockService, RedisLockService] = [
      new RedisLockService({ url: redisSuite.url, prefix }),
      new RedisLockService({ url: redisSuite.url, prefix }),
    ];
    return {
      services,
      dispose: async () => {
        await Promise.all(services.map((s) => s.close()));
        await deleteKeysWithPrefix(prefix);
      },
    };
  });

  it('stores SET NX PX tokens under <prefix>lock:, and never deletes a lock holding another token', async () => {
    requireRedis();
    const prefix = uniquePrefix('locks-token');
    const locks = new RedisLockService({ url: redisSuite.url, prefix });
    const raw = new Redis(redisSuite.url);
    try {
      const lease = await locks.acquire('outbox/t1', { ttlMs: 5000, waitMs: 0 });
      const token = await raw.get(`${prefix}lock:outbox/t1`);
      expect(token).toMatch(/^[0-9a-f-]{36}$/);
      expect(await raw.pttl(`${prefix}lock:outbox/t1`)).toBeGreaterThan(4000);
      await raw.set(`${prefix}lock:outbox/t1`, 'someone-else', 'PX', 5000); // as if it expired and was retaken
      await lease!.release();
      expect(await raw.get(`${prefix}lock:outbox/t1`)).toBe('someone-else');
    } finally {
      raw.disconnect();
      await locks.close();
      await deleteKeysWithPrefix(prefix);
    }
  });
});

describe('RedisLockService with no Redis behind the URL', () => {
  it('rejects quickly when Redis cannot be reached (not null: "busy" would be a lie)', async () => {
    const locks = new RedisLockService({ url: 'redis://127.0.0.1:1' });
    const started = Date.now();
    await expect(locks.acquire('k', { ttlMs: 1000, waitMs: 5000 })).rejects.toThrow(/Redis/);
    expect(Date.now() - started).toBeLessThan(3000);
    await locks.close();
  });
});
