/**
 * The labelled set (labelled.json): realistic customer messages, each stating all six keys.
 * Every key of every entry is asserted, and a summary reports per-key accuracy and fails
 * under the 97% target.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { understand, type Understanding } from '../../src/nlu/understand.js';

/** A Wednesday, 10:00 in Jakarta: "kemarin" is 2026-11-24, "senin" 2026-11-23. */
const DEFAULT_NOW = '2026-11-25T10:00:00+07:00';
const KEYS = ['msisdn', 'paymentDate', 'paymentChannel', 'services', 'confirmation', 'intent'] as const;
const TARGET = 0.97;

interface Entry {
  text: string;
  now?: string;
  locale?: string;
  expect: Understanding;
  /** A known miss, kept with its true label: counted in the accuracy, expected to fail here. */
  known?: string;
}

const entries = JSON.parse(readFileSync(new URL('./labelled.json', import.meta.url), 'utf8')) as Entry[];

function run(entry: Entry): Understanding {
  return understand(entry.text, { now: new Date(entry.now ?? DEFAULT_NOW), locale: entry.locale ?? 'id' });
}

describe('labelled set', () => {
  it('has at least 300 entries, each stating all six keys', () => {
    expect(entries.length).toBeGreaterThanOrEqual(300);
    for (const e of entries) expect(Object.keys(e.expect).sort(), e.text).toEqual([...KEYS].sort());
  });

  const solved = entries.filter((e) => e.known === undefined);
  const known = entries.filter((e) => e.known !== undefined);

  it.each(solved.map((e, i) => [i, e.text, e] as const))('#%i %j', (_i, _text, entry) => {
    const got = run(entry);
    for (const key of KEYS) expect.soft(got[key], key).toEqual(entry.expect[key]);
  });

  // When one of these starts passing, drop its "known" field.
  it.runIf(known.length > 0).each(known.map((e) => [e.text, e.known, e] as const))('known miss: %j (%s)', (_t, _why, entry) => {
    const got = run(entry);
    expect(KEYS.every((key) => JSON.stringify(got[key]) === JSON.stringify(entry.expect[key]))).toBe(false);
  });

  it(`is understood at ≥ ${TARGET * 100}% per key and overall`, () => {
    const right = Object.fromEntries(KEYS.map((k) => [k, 0])) as Record<(typeof KEYS)[number], number>;
    for (const entry of entries) {
      const got = run(entry);
      for (const key of KEYS) if (JSON.stringify(got[key]) === JSON.stringify(entry.expect[key])) right[key]++;
    }
    const rows = KEYS.map((k) => ({ key: k, accuracy: right[k] / entries.length }));
    const overall = rows.reduce((sum, r) => sum + r.accuracy, 0) / rows.length;
    const line = (name: string, value: number) => `  ${name.padEnd(15)} ${(value * 100).toFixed(2)}%`;
    console.log(
      [
        `understand: ${entries.length} labelled messages`,
        ...rows.map((r) => line(r.key, r.accuracy)),
        line('overall', overall),
      ].join('\n'),
    );
    for (const r of rows) expect(r.accuracy, r.key).toBeGreaterThanOrEqual(TARGET);
    expect(overall).toBeGreaterThanOrEqual(TARGET);
  });
});
