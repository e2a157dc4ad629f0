/** SortedKeys answers prefix queries exactly as filtering every key would. */
import { describe, expect, it } from 'vitest';
import { SortedKeys } from '../../src/storage/sortedKeys.js';

describe('SortedKeys', () => {
  it('matches a filter over all keys, through random adds and deletes', () => {
    const keys = new SortedKeys();
    const naive = new Set<string>();
    const alphabet = ['a', 'b', '/', '%2F', 'é', '~', '0'];
    const randomKey = () => Array.from({ length: 1 + Math.floor(Math.random() * 5) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
    for (let i = 0; i < 3000; i++) {
      const key = randomKey();
      if (Math.random() < 0.3) {
        keys.delete(key);
        naive.delete(key);
      } else {
        keys.add(key);
        naive.add(key);
      }
      if (i % 100 === 0) {
        for (const prefix of ['', randomKey(), randomKey().slice(0, 1)]) {
          expect(keys.withPrefix(prefix)).toEqual([...naive].filter((k) => k.startsWith(prefix)).sort());
        }
      }
    }
    expect(keys.size).toBe(naive.size);
  });

  it('starts from existing keys, ignores repeats, and lists a key that is its own prefix', () => {
    const keys = new SortedKeys(['schedule/b/1', 'outbox/x', 'schedule/a/2', 'schedule/a/2']);
    keys.add('schedule/a/2');
    expect(keys.withPrefix('schedule/')).toEqual(['schedule/a/2', 'schedule/b/1']);
    expect(keys.withPrefix('outbox/x')).toEqual(['outbox/x']);
    expect(keys.withPrefix('zzz')).toEqual([]);
    keys.delete('missing');
    expect(keys.size).toBe(3);
  });
});
