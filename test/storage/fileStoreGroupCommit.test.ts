/**
 * Group commit: changes that arrive while an append is being synced share the next append and
 * fdatasync, with exactly the semantics of one change at a time (call order, eTag checks that
 * see earlier changes, conflicts rejecting alone, nothing visible before it is on disk).
 */
import { statSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { FileStore } from '../../src/storage/fileStore.js';
import { ETagConflictError } from '../../src/storage/types.js';
import { fileHandlePrototype, holdNextCall, logPath, settle, useTempDirs } from './fileStoreHelpers.js';

const tempDir = useTempDirs();
const outcomes = (results: PromiseSettledResult<unknown>[]) =>
  results.map((r) => (r.status === 'fulfilled' ? 'ok' : r.reason instanceof ETagConflictError ? 'conflict' : `error: ${String(r.reason)}`));

describe('FileStore: group commit', () => {
  it('writes concurrent changes of different keys with fewer fdatasyncs than changes, all durable', async () => {
    const dir = tempDir();
    const proto = await fileHandlePrototype(dir);
    const store = await FileStore.open(dir);
    const datasync = vi.spyOn(proto, 'datasync');
    const n = 50;
    await Promise.all(Array.from({ length: n }, (_, i) => store.write({ [`conv/${i}`]: { i, text: `nilai ${i}` } })));
    expect(store.stats.datasyncs).toBeLessThan(n);
    expect(store.stats.datasyncs).toBeLessThanOrEqual(2);
    expect(datasync).toHaveBeenCalledTimes(store.stats.datasyncs); // the counter counts real calls
    await store.close();
    const reopened = await FileStore.open(dir, { cacheBytes: 0 });
    const items = await reopened.read(Array.from({ length: n }, (_, i) => `conv/${i}`));
    for (let i = 0; i < n; i += 1) expect(items[`conv/${i}`]).toMatchObject({ i, text: `nilai ${i}` });
    await reopened.close();
  });

  it('groups the changes that arrive during a sync, and shows none of them before it is on disk', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    const { release } = await holdNextCall(dir, 'datasync');
    const first = store.write({ first: { v: 1 } });
    await settle(); // its append is in, its sync held
    const later = Array.from({ length: 20 }, (_, i) => store.write({ [`later/${i}`]: { i } }));
    await settle();
    expect(await store.read(['first', 'later/0'])).toEqual({}); // appended, not yet synced: not visible
    expect(store.stats.datasyncs).toBe(1);
    release();
    await first;
    await Promise.all(later);
    expect(store.stats.datasyncs).toBe(2); // one for the first, one for the twenty behind it
    expect(Object.keys(await store.read(['first', 'later/0', 'later/19']))).toHaveLength(3);
    await store.close();
  });

  it('rejects only the change whose eTag conflicts; the rest of its group lands', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    await store.write({ k: { v: 0 }, m: { v: 0 } });
    const { k, m } = await store.read(['k', 'm']);
    await store.write({ m: { v: 1 } }); // m's eTag is stale from here on
    const before = store.stats.datasyncs;
    const results = await Promise.allSettled([
      store.write({ a: { v: 1 } }),
      store.write({ k: { ...k, v: 2 } }),
      store.write({ m: { ...m, v: 9 }, n: { v: 9 } }), // a batch with a stale eTag: none of it
      store.write({ b: { v: 1 } }),
      store.delete(['a']),
    ]);
    expect(outcomes(results)).toEqual(['ok', 'ok', 'conflict', 'ok', 'ok']);
    expect(store.stats.datasyncs).toBe(before + 1);
    const after = await store.read(['a', 'b', 'k', 'm', 'n']);
    expect([after.a, after.b?.v, after.k?.v, after.m?.v, after.n]).toEqual([undefined, 1, 2, 1, undefined]);
    await store.close();
    const reopened = await FileStore.open(dir);
    expect(await reopened.read(['a', 'b', 'k', 'm', 'n'])).toEqual(after);
    await reopened.close();
  });

  it('of two conditional writes to one key in a group, the first wins and the second conflicts', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    await store.write({ counter: { n: 0 } });
    const seen = (await store.read(['counter'])).counter;
    const before = store.stats.datasyncs;
    const results = await Promise.allSettled([store.write({ counter: { ...seen, n: 1 } }), store.write({ counter: { ...seen, n: 2 } })]);
    expect(outcomes(results)).toEqual(['ok', 'conflict']);
    expect(store.stats.datasyncs).toBe(before + 1); // one group
    const now = (await store.read(['counter'])).counter;
    expect(now.n).toBe(1);
    // The eTag the group assigned is the one stored: it is usable right away.
    await store.write({ counter: { ...now, n: 3 } });
    expect((await store.read(['counter'])).counter.n).toBe(3);
    await store.close();
  });

  it('applies writes and deletes of one key in call order within a group', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    await store.write({ x: { v: 0 }, y: { v: 0 } });
    const { x } = await store.read(['x']);
    const results = await Promise.allSettled([
      store.delete(['x']),
      store.write({ x: { ...x, v: 1 } }), // its eTag names the deleted version
      store.write({ x: { v: 2 } }),
      store.write({ y: { v: 1 } }),
      store.delete(['y', 'y']),
      store.delete(['y']), // nothing left to delete: a no-op
    ]);
    expect(outcomes(results)).toEqual(['ok', 'conflict', 'ok', 'ok', 'ok', 'ok']);
    const after = await store.read(['x', 'y']);
    expect(Object.keys(after)).toEqual(['x']);
    expect(after.x.v).toBe(2);
    await store.close();
    const reopened = await FileStore.open(dir);
    expect(await reopened.read(['x', 'y'])).toEqual(after);
    await reopened.close();
  });

  it('rejects every change of a group on a disk error, cuts the log back and carries on', async () => {
    const dir = tempDir();
    const proto = await fileHandlePrototype(dir);
    const store = await FileStore.open(dir);
    await store.write({ kept: { v: 1 } });
    const size = statSync(logPath(dir)).size;
    vi.spyOn(proto, 'datasync').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => store.write({ [`lost/${i}`]: { i } })));
    expect(outcomes(results)).toEqual(Array(5).fill('error: Error: EIO: i/o error, fdatasync'));
    expect(statSync(logPath(dir)).size).toBe(size);
    expect(await store.keys('lost/')).toEqual([]);
    expect(await store.ping()).toBe(true);
    await store.write({ after: { v: 2 } });
    await store.close();
    const reopened = await FileStore.open(dir);
    expect((await reopened.keys('')).sort()).toEqual(['after', 'kept']);
    await reopened.close();
  });

  it('close() finishes the group being synced and the changes waiting behind it', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    const { release } = await holdNextCall(dir, 'datasync');
    const first = store.write({ first: { v: 1 } });
    await settle();
    const later = Array.from({ length: 10 }, (_, i) => store.write({ [`later/${i}`]: { i } }));
    const closing = store.close();
    await expect(store.write({ late: {} })).rejects.toThrow(/closed/);
    release();
    await Promise.all([first, ...later, closing]);
    await expect(store.read(['first'])).rejects.toThrow(/closed/);
    const reopened = await FileStore.open(dir);
    expect((await reopened.keys('')).sort()).toEqual(['first', ...Array.from({ length: 10 }, (_, i) => `later/${i}`)].sort());
    await reopened.close();
  });
});
