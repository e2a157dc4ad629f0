/**
 * Scores a labelled set of customer messages against `understand`: per message (all six keys
 * right), per key and per family. Used by the fresh-set tests and runnable by hand:
 *   npx tsx test/nlu/score.ts test/nlu/fresh-harder.json [--misses]
 */
import { readFileSync } from 'node:fs';
import { understand, type Understanding } from '../../src/nlu/understand.js';

/** A Wednesday, 10:00 in Jakarta: "kemarin" is 2026-11-24, "senin" 2026-11-23. */
export const DEFAULT_NOW = '2026-11-25T10:00:00+07:00';
export const KEYS = ['msisdn', 'paymentDate', 'paymentChannel', 'services', 'confirmation', 'intent'] as const;
export type Key = (typeof KEYS)[number];

export interface Entry {
  text: string;
  family?: string;
  now?: string;
  locale?: string;
  expect: Understanding;
}

export interface Score {
  messages: number;
  perMessage: number;
  perKey: Record<Key, number>;
  perFamily: Record<string, { messages: number; perMessage: number }>;
  misses: { text: string; family: string; keys: { key: Key; expected: unknown; got: unknown }[] }[];
}

export function loadEntries(path: string | URL): Entry[] {
  return JSON.parse(readFileSync(path, 'utf8')) as Entry[];
}

export function runEntry(entry: Entry): Understanding {
  return understand(entry.text, { now: new Date(entry.now ?? DEFAULT_NOW), locale: entry.locale ?? 'id' });
}

export function score(entries: Entry[]): Score {
  const right = Object.fromEntries(KEYS.map((k) => [k, 0])) as Record<Key, number>;
  const families: Record<string, { messages: number; right: number }> = {};
  const misses: Score['misses'] = [];
  let whole = 0;
  for (const entry of entries) {
    const got = runEntry(entry);
    const wrong = KEYS.filter((k) => JSON.stringify(got[k]) !== JSON.stringify(entry.expect[k]));
    for (const k of KEYS) if (!wrong.includes(k)) right[k]++;
    const family = entry.family ?? 'other';
    const f = (families[family] ??= { messages: 0, right: 0 });
    f.messages++;
    if (wrong.length === 0) {
      whole++;
      f.right++;
    } else {
      misses.push({ text: entry.text, family, keys: wrong.map((key) => ({ key, expected: entry.expect[key], got: got[key] })) });
    }
  }
  const n = entries.length;
  return {
    messages: n,
    perMessage: whole / n,
    perKey: Object.fromEntries(KEYS.map((k) => [k, right[k] / n])) as Record<Key, number>,
    perFamily: Object.fromEntries(Object.entries(families).map(([name, f]) => [name, { messages: f.messages, perMessage: f.right / f.messages }])),
    misses,
  };
}

export function report(name: string, s: Score, withMisses = false): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const lines = [`${name}: ${s.messages} messages, ${pct(s.perMessage)} fully right`];
  lines.push('  per key:    ' + KEYS.map((k) => `${k} ${pct(s.perKey[k])}`).join(', '));
  lines.push('  per family: ' + Object.entries(s.perFamily).map(([f, v]) => `${f} ${pct(v.perMessage)} (${v.messages})`).join(', '));
  if (withMisses) for (const m of s.misses) lines.push(`  MISS [${m.family}] ${m.text} :: ${m.keys.map((k) => `${k.key} want ${JSON.stringify(k.expected)} got ${JSON.stringify(k.got)}`).join('; ')}`);
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  for (const path of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
    console.log(report(path, score(loadEntries(path)), process.argv.includes('--misses')));
  }
}
