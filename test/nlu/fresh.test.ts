/**
 * The fresh evaluation sets of the harder forms (docs/understand.md, "Harder forms"):
 * fresh-harder.json (310 messages, written before the rules) and fresh-untouched.json (100 new
 * phrasings, written after the first tuning and scored untouched at 90.0%; its misses were
 * then fixed by general rules) and fresh-batch2.json (100 more, written blind after the second
 * tuning, scored untouched at 94.0%; fixed the same way), fresh-batch3.json (the same, 94.0%)
 * and fresh-batch4.json (written blind, never tuned on: 97.0%). Each fails if its per-message score
 * drops below the score reached, minus a small margin; misses are printed to guide a fix.
 */
import { describe, expect, it } from 'vitest';
import { KEYS, loadEntries, report, score } from './score.js';

const SETS = [
  // 97.7% when the rules were tuned (issue 15), 99.7% after the second tuning; margin 1.2 points.
  { file: 'fresh-harder.json', minimum: 0.985, size: 300 },
  // 90.0% scored untouched, 100.0% after the second tuning fixed its misses by general rules
  // (no longer untouched); margin 2 points.
  { file: 'fresh-untouched.json', minimum: 0.98, size: 100 },
  // written blind after the first tuning; 94.0% untouched, 100.0% after its misses were fixed
  // by general rules (no longer untouched); margin 1.5 points.
  { file: 'fresh-batch2.json', minimum: 0.985, size: 100 },
  // written blind after the second tuning; 94.0% untouched (92.0% after the first), 100.0%
  // after its misses were fixed by general rules (no longer untouched); margin 1.5 points.
  { file: 'fresh-batch3.json', minimum: 0.985, size: 100 },
  // written blind after the third tuning and never tuned on: 97.0% untouched, at the third
  // tuning and after the fourth (its three misses stay: the next tuning's material); margin 1.5 points.
  { file: 'fresh-batch4.json', minimum: 0.955, size: 100 },
];

describe.each(SETS)('fresh set $file', ({ file, minimum, size }) => {
  const entries = loadEntries(new URL(`./${file}`, import.meta.url));

  it(`has at least ${size} entries, each with a family and all six keys`, () => {
    expect(entries.length).toBeGreaterThanOrEqual(size);
    for (const e of entries) {
      expect(e.family, e.text).toBeTypeOf('string');
      expect(Object.keys(e.expect).sort(), e.text).toEqual([...KEYS].sort());
    }
  });

  it(`is understood at ≥ ${(minimum * 100).toFixed(1)}% per message`, () => {
    const s = score(entries);
    console.log(report(file, s, true));
    expect(s.perMessage).toBeGreaterThanOrEqual(minimum);
  });
});
