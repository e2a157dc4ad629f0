/**
 * Two date forms rewritten to ones the date rules already read, before tokens are made:
 * a day number in words after a day marker ("tanggal sebelas" → "tanggal 11", "tgl dua puluh
 * satu" → "tgl 21") and "malam <day>", the evening before that day ("malam senin" → "minggu
 * malam": Sunday evening). Words are data (dates.json `dayNumbers`, `eveningWords`,
 * `weekdays`; slang.json spellings of "tanggal"). One regular expression each, no
 * backtracking beyond one phrase: linear in the text.
 */
import { files } from './lexicon.js';

const { dates, slang } = files;

function alt(phrases: readonly string[]): string {
  return [...new Set(phrases)]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'))
    .join('|');
}

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const key = (s: string) => s.trim().split(/\s+/).join(' ');

const numberOf = new Map<string, string>();
for (const [n, words] of Object.entries(dates.dayNumbers)) for (const w of words) numberOf.set(key(w), n);
const MARKERS = [...dates.dayOfMonthMarkers, 'tanggal', ...(slang.rewrites['tanggal'] ?? [])];
const DAY_IN_WORDS = new RegExp(`${B}(${alt(MARKERS)})\\s+(${alt([...numberOf.keys()])})${E}`, 'giu');

/** Weekday word → the name of the day before it (Sunday is written "ahad"-free: its first name). */
const previousDay = new Map<string, string>();
for (const [n, words] of Object.entries(dates.weekdays)) {
  const before = dates.weekdays[String((Number(n) + 6) % 7) as keyof typeof dates.weekdays];
  for (const w of words) previousDay.set(key(w), before[0]!);
}
const EVENING_BEFORE = new RegExp(`${B}(?:${alt(dates.eveningWords)})\\s+(${alt([...previousDay.keys()])})${E}`, 'giu');

export function rewriteDateWords(text: string): string {
  return text
    .replace(DAY_IN_WORDS, (_m, marker: string, words: string) => `${marker} ${numberOf.get(key(words.toLowerCase())) ?? words}`)
    .replace(EVENING_BEFORE, (_m, day: string) => `${previousDay.get(key(day.toLowerCase())) ?? day} malam`);
}
