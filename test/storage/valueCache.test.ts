/** The file store's value cache: a byte budget, least recently used out first, one version per key. */
import { describe, expect, it } from 'vitest';
import { ValueCache } from '../../src/storage/valueCache.js';

const json = (n: number) => 'x'.repeat(n);

describe('ValueCache', () => {
  it('evicts the least recently used values once over its budget', () => {
    const cache = new ValueCache(3 * 1200);
    for (const key of ['a', 'b', 'c']) cache.set(key, 'e', json(1000));
    expect(cache.get('a', 'e')).toBe(json(1000)); // a is now the most recent
    cache.set('d', 'e', json(1000));
    expect(cache.get('b', 'e')).toBeUndefined();
    expect(['a', 'c', 'd'].map((key) => cache.get(key, 'e') !== undefined)).toEqual([true, true, true]);
    expect(cache.bytes).toBeLessThanOrEqual(3 * 1200);
  });

  it('peek does not count as a use', () => {
    const cache = new ValueCache(2 * 1200);
    cache.set('a', 'e', json(1000));
    cache.set('b', 'e', json(1000));
    expect(cache.peek('a', 'e')).toBe(json(1000));
    cache.set('c', 'e', json(1000));
    expect(cache.peek('a', 'e')).toBeUndefined();
    expect(cache.peek('b', 'e')).toBe(json(1000));
  });

  it('returns a value only for the eTag it was cached with', () => {
    const cache = new ValueCache(1024 * 1024);
    cache.set('k', 'v1', '{"v":1}');
    expect(cache.get('k', 'v2')).toBeUndefined();
    cache.set('k', 'v2', '{"v":2}');
    expect(cache.get('k', 'v1')).toBeUndefined();
    expect(cache.get('k', 'v2')).toBe('{"v":2}');
  });

  it('keeps nothing bigger than its budget, and nothing at all with a budget of 0', () => {
    const small = new ValueCache(500);
    small.set('k', 'e', json(100));
    small.set('k', 'e2', json(1000)); // too big: and the older version is gone too
    expect(small.get('k', 'e')).toBeUndefined();
    expect(small.get('k', 'e2')).toBeUndefined();
    const none = new ValueCache(0);
    none.set('k', 'e', '{}');
    expect(none.get('k', 'e')).toBeUndefined();
    expect(none.bytes).toBe(0);
  });

  it('accounts deletes and clear', () => {
    const cache = new ValueCache(10_000);
    cache.set('a', 'e', json(100));
    cache.set('b', 'e', json(200));
    const both = cache.bytes;
    cache.delete('a');
    expect(cache.bytes).toBeLessThan(both);
    cache.clear();
    expect(cache.bytes).toBe(0);
    expect(cache.get('b', 'e')).toBeUndefined();
  });
});
