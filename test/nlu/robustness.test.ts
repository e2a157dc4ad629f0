import { describe, expect, it } from 'vitest';
import { understand } from '../../src/nlu/understand.js';

const NONE = { msisdn: null, paymentDate: null, paymentChannel: null, services: null, confirmation: null, intent: null };
const NOW = new Date('2026-11-25T10:00:00+07:00');

describe('never throws, all-null when there is nothing to take', () => {
  it.each([
    ['empty', ''],
    ['spaces', '   \t  '],
    ['newlines', '\n\n'],
    ['punctuation', '?!.,;:…—'],
    ['emoji', '😭😭😭 🙏🙏'],
    ['a greeting', 'selamat pagi kak'],
    ['keyboard mash', 'asdfghjkl qwertyuiop'],
    ['a zero-width space', '\u200b'],
    ['an amount', 'Rp 250.000'],
  ])('%s', (_what, text) => expect(understand(text, { now: NOW })).toEqual(NONE));

  it('10,000 characters of garbage, quickly', () => {
    let garbage = '';
    for (let i = 0; garbage.length < 10_000; i++) garbage += String.fromCharCode(33 + ((i * 7919) % 9000)) + (i % 13 === 0 ? ' ' : '');
    const started = performance.now();
    const result = understand(garbage, { now: NOW });
    expect(performance.now() - started).toBeLessThan(500);
    expect(Object.keys(result).sort()).toEqual(Object.keys(NONE).sort());
  });

  it('long repetitive text', () => {
    expect(() => understand('a'.repeat(10_000))).not.toThrow();
    expect(() => understand('1'.repeat(10_000))).not.toThrow();
    expect(() => understand('0812 '.repeat(2_000))).not.toThrow();
    expect(() => understand('tgl '.repeat(2_500))).not.toThrow();
  });

  it('an exception inside is reported to onError, not thrown, and a failing reporter changes nothing', () => {
    const errors: unknown[] = [];
    // A fault planted where understanding reads its options stands in for a bug on an odd message.
    const faulty = (onError: (e: unknown) => void) =>
      Object.defineProperty({ now: NOW, onError }, 'timeZone', { get: () => { throw new Error('planted fault'); } });
    expect(understand('kemarin bayar', faulty((e) => errors.push(e)))).toEqual(NONE);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
    expect(understand('kemarin bayar', { now: NOW, onError: (e) => errors.push(e) }).paymentDate).toBe('2026-11-24');
    expect(errors).toHaveLength(1);
    const throwing = () => { throw new Error('reporter down'); };
    expect(understand('kemarin bayar', faulty(throwing))).toEqual(NONE);
  });

  it('non-string input from untyped callers', () => {
    for (const bad of [undefined, null, 42, {}, []]) {
      expect(understand(bad as string, { now: NOW })).toEqual(NONE);
    }
  });

  it('bad options fall back to defaults', () => {
    expect(understand('kemarin', { now: new Date('not a date') }).paymentDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(understand('kemarin', { now: NOW, locale: 'xx' }).paymentDate).toBe('2026-11-24');
    expect(understand('kemarin', { now: NOW, locale: 'en-US' }).paymentDate).toBe('2026-11-24');
  });

  it('is deterministic: the same input gives the same output, whatever came before', () => {
    const texts = ['udh bayar kmrn lwt livin tp internet sm telpon blm bs', 'indomarett', 'tgl 20', '0812-3456-7890', 'iya', 'cs'];
    const first = texts.map((t) => JSON.stringify(understand(t, { now: NOW })));
    for (let round = 0; round < 3; round++) {
      const again = [...texts].reverse().map((t) => JSON.stringify(understand(t, { now: NOW }))).reverse();
      expect(again).toEqual(first);
    }
  });

  it('every key is always present, in the contract order', () => {
    expect(Object.keys(understand('halo', { now: NOW }))).toEqual(['msisdn', 'paymentDate', 'paymentChannel', 'services', 'confirmation', 'intent']);
  });

  it('services is null, never an empty array', () => {
    expect(understand('internet sudah normal', { now: NOW }).services).toBeNull();
  });
});
