/**
 * The Redis store: the contract against a real server, compare-and-set across two clients
 * (two instances), an exact keys() index under concurrent writers, and a dead Redis that
 * fails fast instead of hanging a turn.
 */
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRedisClient } from '../../src/storage/redisClient.js';
import { redisClient, RedisStore } from '../../src/storage/redisStore.js';
import { ETagConflictError } from '../../src/storage/types.js';
import { deleteKeysWithPrefix, redisSuite, requireRedis, skipWithoutRedis, uniquePrefix } from '../support/redis.js';
import { describeStoreContract } from './storeContract.js';

const skip = skipWithoutRedis('RedisStore (test/storage/redisStore.test.ts)');

describe.skipIf(skip)('RedisStore', () => {
  beforeAll(requireRedis);

  describeStoreContract('RedisStore', async () => {
    const prefix = uniquePrefix('store');
    const store = new RedisStore({ url: redisSuite.url, prefix });
    return {
      store,
      dispose: async () => {
        await store.close();
        await deleteKeysWithPrefix(prefix);
      },
    };
  });

  describe('across clients', () => {
    const prefix = uniquePrefix('store-race');
    const a = new RedisStore({ url: redisSuite.url, prefix });
    const b = new RedisStore({ url: redisSuite.url, prefix });
    afterAll(async () => {
      await a.close();
      await b.close();
      await deleteKeysWithPrefix(prefix);
    });

    it('two instances racing compare-and-set on one key: one wins, one gets ETagConflictError', async () => {
      await a.write({ 'outbox/t1': { status: 'pending', attempts: 0 } });
      for (let round = 0; round < 10; round += 1) {
        const [seenA, seenB] = [(await a.read(['outbox/t1']))['outbox/t1'], (await b.read(['outbox/t1']))['outbox/t1']];
        const results = await Promise.allSettled([
          a.write({ 'outbox/t1': { ...seenA, attempts: seenA.attempts + 1, by: 'a' } }),
          b.write({ 'outbox/t1': { ...seenB, attempts: seenB.attempts + 1, by: 'b' } }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(failed.reason).toBeInstanceOf(ETagConflictError);
        expect(failed.reason.key).toBe('outbox/t1');
      }
      expect((await b.read(['outbox/t1']))['outbox/t1'].attempts).toBe(10);
    });

    it('keeps keys() exact while instances write and delete at the same time', async () => {
      const writers = [a, b, a, b];
      await Promise.all(
        writers.map(async (store, w) => {
          for (let i = 0; i < 25; i += 1) {
            await store.write({ [`outbox/w${w}-${i}`]: { w, i } });
            if (i % 2 === 1) await store.delete([`outbox/w${w}-${i}`]);
          }
        }),
      );
      const listed = (await b.keys('outbox/w')).sort();
      const expected = writers.flatMap((_, w) => Array.from({ length: 25 }, (_, i) => i).filter((i) => i % 2 === 0).map((i) => `outbox/w${w}-${i}`));
      expect(listed).toEqual(expected.sort());
    });
  });

  it('shares a client made with redisClient(): closing the store leaves it to its owner', async () => {
    const prefix = uniquePrefix('store-shared');
    const client = redisClient(redisSuite.url);
    const store = new RedisStore(client, prefix);
    try {
      await store.write({ k: { v: 1 } });
      await store.close();
      expect(client.status).toBe('ready');
      expect(await client.exists(`${prefix}kv:k`)).toBe(1);
    } finally {
      await closeRedisClient(client);
      await deleteKeysWithPrefix(prefix);
    }
  });

  it('keeps its layout under its prefix and leaves nothing behind when everything is deleted', async () => {
    const prefix = uniquePrefix('store-layout');
    const store = new RedisStore({ url: redisSuite.url, prefix });
    const raw = new Redis(redisSuite.url);
    try {
      await store.write({ 'outbox/t1': { a: 1 }, plain: { b: 2 } });
      expect(await raw.hgetall(`${prefix}kv:outbox/t1`)).toEqual({ v: '{"a":1}', e: expect.any(String) });
      expect((await raw.smembers(`${prefix}idx-segments`)).sort()).toEqual(['', 'outbox/']);
      expect(await raw.smembers(`${prefix}idx:outbox/`)).toEqual(['outbox/t1']);
      await store.delete(['outbox/t1', 'plain']);
      expect(await deleteKeysWithPrefix(prefix)).toBe(0); // no item, index or segment left
    } finally {
      raw.disconnect();
      await store.close();
      await deleteKeysWithPrefix(prefix);
    }
  });
});

describe('RedisStore with no Redis behind the URL', () => {
  it('rejects each operation in under 3 s instead of hanging, and ping says false', async () => {
    const store = new RedisStore({ url: `redis://127.0.0.1:${await closedPort()}`, prefix: 'never:' });
    const timed = async (operation: () => Promise<unknown>) => {
      const started = Date.now();
      const outcome = await operation().then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      expect(Date.now() - started).toBeLessThan(3000);
      return outcome;
    };
    try {
      expect(await timed(() => store.read(['k']))).toEqual({ error: expect.objectContaining({ message: expect.stringMatching(/Redis/) }) });
      expect(await timed(() => store.write({ k: { v: 1 } }))).toHaveProperty('error');
      expect(await timed(() => store.keys('outbox/'))).toHaveProperty('error');
      expect(await timed(() => store.ping())).toEqual({ value: false });
    } finally {
      await store.close();
    }
  });
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
