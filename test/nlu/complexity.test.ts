/**
 * understand() and signals() must cost at most linear time and bounded memory in the message length for
 * every input under the 2,000-character cap (issue "Hardening"). A seeded fuzz over long,
 * repetitive and random inputs: any single call over a generous per-length bound, a
 * super-linear scaling between 250 and 2,000 characters of the same pattern, or heap that
 * keeps growing, fails the test. The bounds are loose enough for a loaded 2-core CI
 * machine; the blow-ups they catch (heap exhaustion, seconds per turn) are orders larger.
 */
import { describe, expect, it } from 'vitest';
import { signals, understand } from '../../src/nlu/understand.js';
import { prng } from '../support/prng.js';

const NOW = { now: new Date('2026-11-25T10:00:00+07:00') };


const WORDS = [
  'kemarin', 'tanggal', 'bca', 'mandiri', 'indomaret', 'pulsa', 'internet', 'belum', 'aktif', 'sudah',
  'bayar', 'transfer', 'nov', 'november', 'jam', 'tgl', 'ya', 'tidak', 'gopay', 'ovo', 'dana', 'yesterday',
  'paket', 'nomor', 'hp', 'lusa', 'minggu', 'lalu', 'senin', 'm-banking', 'apa2',
];
const PUNCT = ',.;:!?-/()[]"\'…–—';

function repeatTo(unit: string, n: number): string {
  return unit.repeat(Math.ceil(n / Math.max(1, unit.length))).slice(0, n);
}

function randomInput(rand: () => number, length: number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  switch (Math.floor(rand() * 8)) {
    case 0: return repeatTo(pick(WORDS), length); // lexicon word, no spaces
    case 1: return repeatTo(`${pick(WORDS)} `, length);
    case 2: { // 1-3 letter pattern
      let unit = '';
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) unit += pick(letters.split(''));
      return repeatTo(rand() < 0.5 ? unit : `${unit} `, length);
    }
    case 3: { // digits, optionally with separators
      let s = '';
      while (s.length < length) s += rand() < 0.8 ? String(Math.floor(rand() * 10)) : pick(['.', '/', ':', '-', ' ', '+']);
      return s;
    }
    case 4: { // mixed words, digits and punctuation
      let s = '';
      while (s.length < length) {
        const r = rand();
        s += r < 0.5 ? pick(WORDS) : r < 0.75 ? String(Math.floor(rand() * 3000)) : pick(PUNCT.split(''));
        if (rand() < 0.6) s += ' ';
      }
      return s.slice(0, length);
    }
    case 5: { // random unicode (BMP and astral)
      let s = '';
      while (s.length < length) {
        const cp = rand() < 0.7 ? Math.floor(rand() * 0xd7ff) : 0x10000 + Math.floor(rand() * 0x1ffff);
        s += String.fromCodePoint(cp);
      }
      return s.slice(0, length);
    }
    case 6: return repeatTo(pick(PUNCT.split('')) + (rand() < 0.5 ? ' ' : ''), length);
    default: { // a date phrase repeated
      const unit = pick(['tgl 20 nov ', '20/11/2026 ', 'kemarin jam 10.30 ', 'last monday ', '3 hari lalu ', '08123456789 ', 'jam 5 ', '5 jam, ', 'dua hari dan ']);
      const closing = pick(['', '', ' lalu', ' yang lalu', ' lagi', ' ke depan']);
      return repeatTo(unit, length - closing.length) + closing;
    }
  }
}

function timeOf(text: string): number {
  const started = performance.now();
  understand(text, NOW);
  signals(text, { askedLocation: true });
  signals(text);
  return performance.now() - started;
}

/** Generous: 25 ms per 100 characters plus 50 ms (a healthy 2,000-character call is ~5 ms). */
function bound(length: number): number {
  return 50 + (25 * length) / 100;
}

describe('understand() costs linear time and bounded memory', () => {
  it('the reported inputs at 500/1000/2000 characters stay within the bound', () => {
    timeOf('kemarin bayar bca tgl 20 nov'); // warm-up: the first call compiles the recognizers
    const units = ['kemarin', 'ab', 'ha ', 'wk', '1234567890', 'abcdefghijklmnopqrstuvwxyz', 'tgl 20 nov ', 'a;', '20/11/2026 ', 'jam 5 ', '5 jam, ', 'sebelas jam dan ', '3 hari lalu '];
    for (const unit of units) {
      for (const n of [500, 1000, 2000]) {
        // A closing word at the end makes chrono's "N unit lalu/lagi" parsers try every chain.
        for (const text of [repeatTo(unit, n), `${repeatTo(unit, n - 5)} lalu`, `${repeatTo(unit, n - 5)} lagi`]) {
          expect(timeOf(text), `${JSON.stringify(text.slice(0, 12))}… × ${n}`).toBeLessThan(bound(n));
        }
      }
    }
  });

  it('2,000 characters of a pattern cost less than ~20× 250 characters of it', () => {
    const units = ['kemarin', 'kemarin ', 'ab', 'ha ', 'wkwk', '9', '12.', 'tgl 20 nov ', 'bca, kemarin. 0812 ', 'a;', 'x', 'jam 5 '];
    for (const unit of units) {
      // Best of 5, so a GC pause or a busy CI core cannot decide the ratio (a parallel test file
      // once made one 2,000-character call take 16 ms instead of 3.5).
      const best = (n: number) => Math.min(...[0, 1, 2, 3, 4].map(() => timeOf(repeatTo(unit, n))));
      const small = Math.max(best(250), 1); // sub-millisecond timings are noise: floor them
      const large = best(2000);
      expect(large / small, `${JSON.stringify(unit)}: ${large.toFixed(1)} ms vs ${small.toFixed(1)} ms`).toBeLessThan(20);
    }
  });

  it('thousands of seeded long, repetitive and random inputs: no slow call, no heap growth', () => {
    const rand = prng(0x5eed);
    timeOf('warm up tanggal 20');
    const heapBefore = process.memoryUsage().heapUsed;
    let peakDelta = 0;
    let worst = { ms: 0, length: 0, sample: '' };
    const N = 2_500;
    for (let i = 0; i < N; i++) {
      const length = rand() < 0.6 ? 1800 + Math.floor(rand() * 201) : 50 + Math.floor(rand() * 1950);
      const text = randomInput(rand, length);
      const ms = timeOf(text);
      if (ms / bound(text.length) > worst.ms / bound(worst.length || 1)) worst = { ms, length: text.length, sample: text.slice(0, 60) };
      if (i % 100 === 0) peakDelta = Math.max(peakDelta, process.memoryUsage().heapUsed - heapBefore);
    }
    expect(worst.ms, `slowest: ${worst.ms.toFixed(1)} ms for ${worst.length} chars ${JSON.stringify(worst.sample)}`)
      .toBeLessThan(bound(worst.length));
    expect(peakDelta).toBeLessThan(200 * 1024 * 1024);
  }, 50_000);
});
