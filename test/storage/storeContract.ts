/**
 * The behaviour every KeyValueStore promises (botbuilder Storage semantics with strict eTags),
 * run against MemoryStore, FileStore and RedisStore by their test files.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ETagConflictError, type KeyValueStore } from '../../src/storage/types.js';

export interface StoreFixture {
  store: KeyValueStore;
  /** Closes the store and removes what it left behind. */
  dispose(): Promise<void>;
}

const conflictOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ETagConflictError);
  return error as ETagConflictError;
};

export function describeStoreContract(name: string, open: () => Promise<StoreFixture>): void {
  describe(`${name}: the KeyValueStore contract`, () => {
    let fixture: StoreFixture;
    let store: KeyValueStore;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(async () => fixture.dispose());

    it('reads nothing for keys never written, and an empty list', async () => {
      expect(await store.read(['nope', 'a/b'])).toEqual({});
      expect(await store.read([])).toEqual({});
    });

    it('writes, reads (with an eTag) and deletes', async () => {
      await store.write({ 'conv/1': { step: 'number', n: 1 }, 'conv/2': { step: 'date' } });
      const items = await store.read(['conv/1', 'conv/2', 'conv/3']);
      expect(Object.keys(items).sort()).toEqual(['conv/1', 'conv/2']);
      expect(items['conv/1']).toMatchObject({ step: 'number', n: 1 });
      expect(typeof items['conv/1'].eTag).toBe('string');
      await store.delete(['conv/1', 'never-written']);
      expect(await store.read(['conv/1', 'conv/2'])).toEqual({ 'conv/2': expect.objectContaining({ step: 'date' }) });
      await store.delete([]);
    });

    it('round-trips nested data, Unicode and odd keys', async () => {
      const value = { text: 'udh bayar kmrn ✓ "kutip"\nbaris', list: [1, { deep: [true, null] }], n: 0.5 };
      const key = 'odd key/*?[x]\\ ü';
      await store.write({ [key]: value });
      const { eTag, ...back } = (await store.read([key]))[key];
      expect(back).toEqual(value);
      expect(eTag).toBeTruthy();
      expect(await store.keys('odd key/*')).toEqual([key]);
    });

    it('lists keys by prefix, following writes and deletes', async () => {
      await store.write({ 'outbox/a': { x: 1 }, 'outbox/b': { x: 2 }, 'outboxes/c': {}, 'emulator/conversations/x/': {}, plain: {} });
      const sorted = async (prefix: string) => (await store.keys(prefix)).sort();
      expect(await sorted('outbox/')).toEqual(['outbox/a', 'outbox/b']);
      expect(await sorted('outbox')).toEqual(['outbox/a', 'outbox/b', 'outboxes/c']);
      expect(await sorted('outbox/a')).toEqual(['outbox/a']);
      expect(await sorted('emulator/conversations/')).toEqual(['emulator/conversations/x/']);
      expect(await sorted('pl')).toEqual(['plain']);
      expect(await sorted('')).toEqual(['emulator/conversations/x/', 'outbox/a', 'outbox/b', 'outboxes/c', 'plain']);
      expect(await store.keys('missing/')).toEqual([]);
      await store.delete(['outbox/a', 'plain']);
      expect(await sorted('outbox/')).toEqual(['outbox/b']);
      expect(await sorted('')).toEqual(['emulator/conversations/x/', 'outbox/b', 'outboxes/c']);
    });

    it("writes unconditionally with no eTag or '*', and assigns a fresh eTag each time", async () => {
      await store.write({ k: { v: 1 } });
      const first = (await store.read(['k'])).k.eTag as string;
      await store.write({ k: { v: 2 } });
      const second = (await store.read(['k'])).k.eTag as string;
      await store.write({ k: { v: 3, eTag: '*' } });
      const third = await store.read(['k']);
      expect(third.k.v).toBe(3);
      expect(new Set([first, second, third.k.eTag]).size).toBe(3);
    });

    it('writes with the current eTag, and rejects a stale one without writing', async () => {
      await store.write({ k: { v: 1 } });
      const read = (await store.read(['k'])).k;
      await store.write({ k: { ...read, v: 2 } }); // the read object, eTag and all
      const error = await conflictOf(store.write({ k: { ...read, v: 3 } }));
      expect(error.key).toBe('k');
      expect((await store.read(['k'])).k.v).toBe(2);
      const current = (await store.read(['k'])).k;
      await store.write({ k: { ...current, v: 4 } });
      expect((await store.read(['k'])).k.v).toBe(4);
    });

    it('rejects an eTag for an item that is gone (deleted since it was read)', async () => {
      await store.write({ k: { v: 1 } });
      const read = (await store.read(['k'])).k;
      await store.delete(['k']);
      await conflictOf(store.write({ k: read }));
      expect(await store.read(['k'])).toEqual({});
    });

    it('writes nothing of a batch when one of its eTags is stale', async () => {
      await store.write({ a: { v: 1 }, b: { v: 1 } });
      const { a, b } = await store.read(['a', 'b']);
      await store.write({ b: { v: 2 } });
      const error = await conflictOf(store.write({ a: { ...a, v: 9 }, b: { ...b, v: 9 }, c: { v: 9 } }));
      expect(error.key).toBe('b');
      const after = await store.read(['a', 'b', 'c']);
      expect([after.a?.v, after.b?.v, after.c]).toEqual([1, 2, undefined]);
    });

    it('hands out deep copies and keeps none of the caller’s objects', async () => {
      const original = { nested: { list: [1, 2] } };
      await store.write({ k: original });
      original.nested.list.push(3);
      const first = (await store.read(['k'])).k;
      expect(first.nested.list).toEqual([1, 2]);
      first.nested.list.push(4);
      expect((await store.read(['k'])).k.nested.list).toEqual([1, 2]);
    });

    it('rejects an item that is not an object', async () => {
      await expect(store.write({ k: 'text' })).rejects.toThrow(TypeError);
      await expect(store.write({ k: [1, 2] })).rejects.toThrow(TypeError);
      expect(await store.read(['k'])).toEqual({});
    });

    it('lets exactly one of many concurrent writers with the same eTag win, round after round', async () => {
      await store.write({ counter: { n: 0, by: 'nobody' } });
      for (let round = 1; round <= 5; round += 1) {
        const seen = (await store.read(['counter'])).counter;
        const writers = Array.from({ length: 12 }, (_, w) => store.write({ counter: { ...seen, n: round, by: `w${w}` } }));
        const results = await Promise.allSettled(writers);
        const won = results.flatMap((r, w) => (r.status === 'fulfilled' ? [`w${w}`] : []));
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ETagConflictError);
        expect((await store.read(['counter'])).counter).toMatchObject({ n: round, by: won[0] });
      }
    });

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true);
    });
  });
}
