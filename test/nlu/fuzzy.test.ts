import { describe, expect, it } from 'vitest';
import { FuzzyIndex, damerauLevenshtein, maxEdits } from '../../src/nlu/fuzzy.js';
import { understand } from '../../src/nlu/understand.js';

describe('Damerau-Levenshtein distance', () => {
  it.each([
    ['mandiri', 'mandiri', 0], ['mandri', 'mandiri', 1], ['mnadiri', 'mandiri', 1], ['interent', 'internet', 1],
    ['indomarett', 'indomaret', 1], ['alfmart', 'alfamart', 1], ['abc', 'xyz', 3], ['', 'abc', 3],
  ])('%s ~ %s = %i', (a, b, d) => expect(damerauLevenshtein(a, b)).toBe(d));

  it('stops early past the limit', () => {
    expect(damerauLevenshtein('tokopedia', 'bukalapak', 1)).toBeGreaterThan(1);
  });
});

describe('edit budget', () => {
  it('never corrects short words; one edit from 5 letters, two from 8', () => {
    expect(maxEdits(3)).toBe(0);
    expect(maxEdits(4)).toBe(0);
    expect(maxEdits(5)).toBe(1);
    expect(maxEdits(7)).toBe(1);
    expect(maxEdits(8)).toBe(2);
  });
});

describe('FuzzyIndex', () => {
  const index = new FuzzyIndex(['indomaret', 'alfamart', 'mandiri', 'internet', 'telpon', 'bri']);
  it('finds the word within the budget', () => {
    expect(index.lookup('indomarett')).toBe('indomaret');
    expect(index.lookup('indomret')).toBe('indomaret');
    expect(index.lookup('mandri')).toBe('mandiri');
    expect(index.lookup('telpn')).toBe('telpon');
    expect(index.lookup('interent')).toBe('internet');
  });
  it('does not guess short or distant words', () => {
    expect(index.lookup('bti')).toBeNull();
    expect(index.lookup('bri')).toBeNull(); // exact matches are the lexicon's job
    expect(index.lookup('mandarin')).toBeNull();
  });
});

describe('typos in messages', () => {
  const NOW = new Date('2026-11-25T10:00:00+07:00');
  it('long words are corrected', () => {
    expect(understand('indomarett', { now: NOW }).paymentChannel).toEqual({ provider: 'INDOMARET', method: 'CASH' });
    expect(understand('tokopdia', { now: NOW }).paymentChannel).toEqual({ provider: 'TOKOPEDIA', method: null });
    expect(understand('interent ga bisa', { now: NOW }).services).toEqual(['DATA']);
  });
  it('common words near a lexicon word are left alone', () => {
    expect(understand('batas waktu', { now: NOW }).intent).toBeNull(); // not "batal"
    expect(understand('terima kasih', { now: NOW }).paymentChannel).toBeNull(); // not "kasir"
    expect(understand('living room', { now: NOW }).paymentChannel).toBeNull(); // not "livin"
    expect(understand('susah banget', { now: NOW }).confirmation).toBeNull(); // not "sudah"
  });
  it('stretched letters are undone', () => {
    expect(understand('belummmm').confirmation).toBe('NO');
    expect(understand('iyaaaa').confirmation).toBe('YES');
    expect(understand('udahhh bayarrr kemarinnn', { now: NOW }).paymentDate).toBe('2026-11-24');
  });
});
