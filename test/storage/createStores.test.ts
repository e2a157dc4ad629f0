/** createStores: the right pair for each STORAGE, working, and a clear error for a Redis that is not there. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStores } from '../../src/storage/index.js';
import { FileStore } from '../../src/storage/fileStore.js';
import { LocalLockService } from '../../src/storage/localLock.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';
import { RedisLockService } from '../../src/storage/redisLock.js';
import { RedisStore } from '../../src/storage/redisStore.js';
import { deleteKeysWithPrefix, redisSuite, requireRedis, skipWithoutRedis, uniquePrefix } from '../support/redis.js';

async function exercise(stores: Awaited<ReturnType<typeof createStores>>) {
  await stores.store.write({ 'outbox/t1': { status: 'pending' } });
  expect(await stores.store.keys('outbox/')).toEqual(['outbox/t1']);
  const lease = await stores.locks.acquire('lock/outbox/t1', { ttlMs: 5000, waitMs: 0 });
  expect(await stores.locks.acquire('lock/outbox/t1', { ttlMs: 5000, waitMs: 0 })).toBeNull();
  await lease!.release();
  expect(await stores.store.ping()).toBe(true);
}

describe('createStores', () => {
  it('memory: MemoryStore and in-process locks', async () => {
    const stores = await createStores({ kind: 'memory', dataDir: '/nonexistent', redisUrl: 'redis://127.0.0.1:1' });
    expect(stores.kind).toBe('memory');
    expect(stores.store).toBeInstanceOf(MemoryStore);
    expect(stores.locks).toBeInstanceOf(LocalLockService);
    await exercise(stores);
    await stores.close();
  });

  it('file: FileStore in dataDir and in-process locks; close lets the directory go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop007-stores-'));
    try {
      const stores = await createStores({ kind: 'file', dataDir: dir, redisUrl: 'redis://127.0.0.1:1' });
      expect(stores.store).toBeInstanceOf(FileStore);
      expect(stores.locks).toBeInstanceOf(LocalLockService);
      await exercise(stores);
      await stores.close();
      const again = await createStores({ kind: 'file', dataDir: dir, redisUrl: '' });
      expect(await again.store.keys('')).toEqual(['outbox/t1']);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(skipWithoutRedis('createStores redis (test/storage/createStores.test.ts)'))('redis: RedisStore and RedisLockService on one connection, under the prefix', async () => {
    requireRedis();
    const prefix = uniquePrefix('stores');
    const stores = await createStores({ kind: 'redis', dataDir: '', redisUrl: redisSuite.url, redisPrefix: prefix });
    try {
      expect(stores.store).toBeInstanceOf(RedisStore);
      expect(stores.locks).toBeInstanceOf(RedisLockService);
      expect((stores.store as RedisStore).prefix).toBe(prefix);
      await exercise(stores);
    } finally {
      await stores.close();
      expect(await deleteKeysWithPrefix(prefix)).toBeGreaterThan(0); // it wrote under the prefix
    }
    expect(await stores.store.ping()).toBe(false); // the connection is closed
  });

  it('redis: fails start-up with the server named (password hidden) when Redis is not there', async () => {
    const started = Date.now();
    await expect(
      createStores({ kind: 'redis', dataDir: '', redisUrl: 'redis://:s3cret@127.0.0.1:1', redisStartupWaitMs: 300 }),
    ).rejects.toThrow(/STORAGE=redis: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
