/**
 * The file store keeps values in the log, not in memory: an index locates each value, a
 * bounded cache serves hot ones, everything else is read back from the file — after a reopen,
 * after a compaction, and while a compaction swaps files under a read.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/storage/fileStore.js';
import { ETagConflictError } from '../../src/storage/types.js';
import { holdNextCall, logPath, useTempDirs } from './fileStoreHelpers.js';

const tempDir = useTempDirs();
const strip = (item: Record<string, unknown> | undefined) => {
  const { eTag: _eTag, ...rest } = item ?? {};
  return rest;
};
const lines = (...records: string[]) => records.map((r) => `${r}\n`).join('');

describe('FileStore: values on disk', () => {
  it('reads values back from the file when the cache is off, single and batch-written, across a reopen', async () => {
    const dir = tempDir();
    const values = {
      'conv/1': { step: 'date', text: 'udh bayar kmrn ✓ "kutip"\nbaris' },
      'conv/ключ/🙂': { list: [1, { deep: [true, null] }], n: 0.5 },
      'outbox/1': { status: 'pending', note: 'é'.repeat(300) },
    };
    const store = await FileStore.open(dir, { cacheBytes: 0 });
    await store.write({ 'conv/1': values['conv/1'] });
    await store.write({ 'conv/ключ/🙂': values['conv/ключ/🙂'], 'outbox/1': values['outbox/1'] }); // one batch line
    const keys = Object.keys(values);
    const first = await store.read(keys);
    for (const key of keys) expect(strip(first[key])).toEqual(values[key as keyof typeof values]);
    expect(store.stats).toMatchObject({ diskReads: 3, cacheHits: 0 });
    await store.close();

    const reopened = await FileStore.open(dir, { cacheBytes: 0 });
    expect(await reopened.read(keys)).toEqual(first);
    expect(reopened.stats.diskReads).toBe(3);
    await reopened.close();
  });

  it('serves recently used values from the cache and reads evicted ones from the file', async () => {
    const dir = tempDir();
    const value = (i: number) => ({ i, text: `${i}`.padEnd(1000, 'x') });
    const store = await FileStore.open(dir, { cacheBytes: 3 * 1300 }); // room for three of them
    for (let i = 0; i < 10; i += 1) await store.write({ [`k/${i}`]: value(i) });
    const hot = await store.read(['k/7', 'k/8', 'k/9']);
    expect(store.stats).toMatchObject({ cacheHits: 3, diskReads: 0 });
    const cold = await store.read(['k/0', 'k/1']);
    expect(store.stats).toMatchObject({ cacheHits: 3, diskReads: 2 });
    expect([...Object.values(hot), ...Object.values(cold)].map(strip)).toEqual([7, 8, 9, 0, 1].map(value));
    await store.close();
  });

  it('reads every value right with a cache too small to hold any of them', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir, { cacheBytes: 100 });
    const items = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k/${i}`, { i, pad: 'ü'.repeat(100 + i) }]));
    await store.write(items);
    const back = await store.read(Object.keys(items));
    expect(Object.fromEntries(Object.entries(back).map(([k, v]) => [k, strip(v)]))).toEqual(items);
    expect(store.stats).toMatchObject({ cacheHits: 0, diskReads: 20 });
    await store.close();
  });

  it('opens a log written by the previous version: single lines, batch lines and deletes', async () => {
    const dir = tempDir();
    writeFileSync(
      logPath(dir),
      lines(
        '{"k":"conv/1","e":"e-1","v":{"step":"date","n":1}}',
        '{"batch":[{"k":"outbox/ü","e":"e-2","v":{"text":"sudah bayar ✓","list":[1,{"deep":null}]}},{"k":"conv/2","e":"e-3","v":{}}]}',
        '{"k":"conv/1","e":"e-4","v":{"step":"channel"}}',
        '{"k":"conv/2","del":true}',
        '{"batch":[{"k":"tmp","e":"e-5","v":{"x":1}},{"k":"conv/3","e":"e-6","v":{"emoji":"🙂"}}]}',
        '{"batch":[{"k":"tmp","del":true},{"k":"never","del":true}]}',
      ),
    );
    const store = await FileStore.open(dir, { cacheBytes: 0 });
    expect(await store.read(['conv/1', 'conv/2', 'conv/3', 'outbox/ü', 'tmp'])).toEqual({
      'conv/1': { step: 'channel', eTag: 'e-4' },
      'conv/3': { emoji: '🙂', eTag: 'e-6' },
      'outbox/ü': { text: 'sudah bayar ✓', list: [1, { deep: null }], eTag: 'e-2' },
    });
    expect((await store.keys('')).sort()).toEqual(['conv/1', 'conv/3', 'outbox/ü']);
    await expect(store.write({ 'conv/1': { step: 'x', eTag: 'e-1' } })).rejects.toBeInstanceOf(ETagConflictError);
    await store.write({ 'conv/1': { step: 'services', eTag: 'e-4' } }); // eTags from the old log still count
    await store.close();
    const again = await FileStore.open(dir, { cacheBytes: 0 });
    expect(strip((await again.read(['conv/1']))['conv/1'])).toEqual({ step: 'services' });
    await again.close();
  });

  it('opens an exact log of live records as it is, reading values at the offsets replay found', async () => {
    const dir = tempDir();
    const text = lines('{"k":"a","e":"e-1","v":{"text":"ü✓🙂"}}', '{"k":"ключ","e":"e-2","v":{"n":1.5,"list":["x"]}}', '{"k":"z","e":"e-3","v":{}}');
    writeFileSync(logPath(dir), text);
    const store = await FileStore.open(dir, { cacheBytes: 0 });
    expect(readFileSync(logPath(dir), 'utf8')).toBe(text); // not rewritten
    expect(await store.read(['a', 'ключ', 'z'])).toEqual({
      a: { text: 'ü✓🙂', eTag: 'e-1' },
      ключ: { n: 1.5, list: ['x'], eTag: 'e-2' },
      z: { eTag: 'e-3' },
    });
    expect(store.stats.diskReads).toBe(3);
    await store.close();
  });

  it('rewrites on open a log whose lines are valid but laid out otherwise, then reads it from disk', async () => {
    const dir = tempDir();
    writeFileSync(
      logPath(dir),
      lines(
        '{"k":"a","e":"e-1","v":{"x": 1}}',
        '{"e":"e-2","k":"b","v":{"y":2}}',
        '{"batch":[{"k":"c","e":"e-3","v":{"z":3}}]}',
        '',
        '{"k":"d","e":"e-4","v":{"w":"ü"},"extra":true}',
      ),
    );
    const expected = { a: { x: 1, eTag: 'e-1' }, b: { y: 2, eTag: 'e-2' }, c: { z: 3, eTag: 'e-3' }, d: { w: 'ü', eTag: 'e-4' } };
    const store = await FileStore.open(dir, { cacheBytes: 0 });
    expect(await store.read(['a', 'b', 'c', 'd'])).toEqual(expected);
    await store.close();
    const exact = lines('{"k":"a","e":"e-1","v":{"x":1}}', '{"k":"b","e":"e-2","v":{"y":2}}', '{"k":"c","e":"e-3","v":{"z":3}}', '{"k":"d","e":"e-4","v":{"w":"ü"}}');
    expect(readFileSync(logPath(dir), 'utf8')).toBe(exact);
    const again = await FileStore.open(dir, { cacheBytes: 0 });
    expect(readFileSync(logPath(dir), 'utf8')).toBe(exact);
    expect(await again.read(['a', 'b', 'c', 'd'])).toEqual(expected);
    await again.close();
  });

  it('reads values from the compacted file, batch-written ones included, before and after a reopen', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir, { cacheBytes: 0, compactMinBytes: 4 * 1024, compactRatio: 2 });
    const batch = { 'b/1': { n: 1, text: 'satu ✓' }, 'b/2': { n: 2, list: [2, 2] }, 'b/3': { n: 3 } };
    await store.write(batch);
    let i = 0;
    while (store.stats.compactions < 2 && i < 1000) await store.write({ hot: { i: (i += 1), pad: 'x'.repeat(100) } });
    expect(store.stats.compactions).toBe(2);
    expect(statSync(logPath(dir)).size).toBeLessThan(4 * 1024);
    const back = await store.read(['b/1', 'b/2', 'b/3', 'hot']);
    expect([strip(back['b/1']), strip(back['b/2']), strip(back['b/3'])]).toEqual(Object.values(batch));
    expect(back.hot.i).toBe(i);
    await store.write({ after: { ok: true } }); // appends land after the compacted records
    await store.close();
    const reopened = await FileStore.open(dir, { cacheBytes: 0 });
    const again = await reopened.read(['b/1', 'b/2', 'b/3', 'hot', 'after']);
    expect(Object.keys(again)).toHaveLength(5);
    expect(again.hot).toEqual(back.hot);
    expect(again['b/2']).toEqual(back['b/2']);
    await reopened.close();
  });

  it('keeps the old file open for a read that started before a compaction replaced it', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir, { cacheBytes: 0, compactMinBytes: 1024, compactRatio: 2 });
    await store.write({ cold: { text: 'dingin ✓' } });
    const held = await holdNextCall(dir, 'read');
    const reading = store.read(['cold']); // its pread is held at the gate, on the old file
    expect(held.started()).toBe(true);
    for (let i = 0; store.stats.compactions === 0 && i < 500; i += 1) await store.write({ hot: { i, pad: 'x'.repeat(100) } });
    expect(store.stats.compactions).toBe(1);
    expect((await store.read(['cold'])).cold.text).toBe('dingin ✓'); // the new file, at its new offset
    held.release();
    expect((await reading).cold.text).toBe('dingin ✓');
    await store.close();
  });

  it('never lets a read that raced a newer write put the older value in the cache', async () => {
    const dir = tempDir();
    const first = await FileStore.open(dir);
    await first.write({ k: { v: 1 } });
    await first.close();
    const store = await FileStore.open(dir); // an empty cache: the next read goes to the file
    const held = await holdNextCall(dir, 'read');
    const reading = store.read(['k']);
    await store.write({ k: { v: 2 } });
    held.release();
    expect((await reading).k.v).toBe(1); // the item as it was when the read began
    expect((await store.read(['k'])).k.v).toBe(2);
    expect(store.stats.cacheHits).toBe(1);
    await store.close();
  });

  it('returns the right values to reads running all through repeated compactions', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir, { cacheBytes: 0, compactMinBytes: 2 * 1024, compactRatio: 1.5 });
    const cold = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`cold/${i}`, { i, text: `nilai ${i} ✓` }]));
    await store.write(cold);
    let writing = true;
    let reads = 0;
    const reader = (async () => {
      while (writing) {
        const got = await store.read(Object.keys(cold));
        for (const [key, value] of Object.entries(cold)) expect(strip(got[key])).toEqual(value);
        reads += 1;
        await new Promise(setImmediate); // a read served from memory would otherwise starve the writes
      }
    })();
    for (let i = 0; i < 300; i += 1) await store.write({ hot: { i, pad: 'y'.repeat(50) } });
    writing = false;
    await reader;
    expect(store.stats.compactions).toBeGreaterThan(3);
    expect(reads).toBeGreaterThan(0);
    await store.close();
  });

  const gc = exposeGc();
  it.skipIf(!gc)('keeps the values out of the heap: 2,000 items of 20 KB cost far less than their 40 MB', async () => {
    const dir = tempDir();
    const heapMiB = () => {
      gc!();
      gc!();
      return process.memoryUsage().heapUsed / 1024 / 1024;
    };
    const value = (i: number) => ({ i, text: `${i}`.padEnd(20_000, 'x') });
    const before = heapMiB();
    const store = await FileStore.open(dir, { cacheBytes: 256 * 1024 });
    for (let i = 0; i < 2000; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => store.write({ [`conv/${i + j}`]: value(i + j) })));
    }
    expect(heapMiB() - before).toBeLessThan(12);
    await store.close();
    const reopened = await FileStore.open(dir, { cacheBytes: 256 * 1024 });
    expect(heapMiB() - before).toBeLessThan(12);
    expect(strip((await reopened.read(['conv/1234']))['conv/1234'])).toEqual(value(1234));
    await reopened.close();
  });
});

/** `global.gc`, or the same function reached through V8's flag (what jest's leak detector does). */
function exposeGc(): (() => void) | undefined {
  const exposed = globalThis.gc;
  if (typeof exposed === 'function') return () => exposed(); // the synchronous form
  try {
    setFlagsFromString('--expose-gc');
    const found = runInNewContext('gc') as unknown;
    return typeof found === 'function' ? (found as () => void) : undefined;
  } catch {
    return undefined;
  }
}
