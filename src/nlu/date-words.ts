/**
 * Two date forms rewritten, in canonical tokens, to ones the date rules already read:
 * a day number in words after a day marker ("tanggal sebelas" → "tanggal 11", "tgl dua puluh
 * satu" → "tanggal 21") and "malam <day>", the evening before that day ("malam senin" →
 * "minggu malam": Sunday evening). Words are data (dates.json `dayNumbers`, `eveningWords`,
 * `weekdays`, `dayOfMonthMarkers`). One pass over the tokens with set lookups: linear.
 */
import { canonicalPhrase, files } from './lexicon.js';

const { dates } = files;

/** Canonical phrases → value, and the longest phrase length. */
function phraseMap(entries: Array<[string, string]>): { map: Map<string, string>; longest: number } {
  const map = new Map<string, string>();
  let longest = 0;
  for (const [phrase, value] of entries) {
    const tokens = canonicalPhrase(phrase);
    if (tokens.length === 0) continue;
    map.set(tokens.join(' '), value);
    longest = Math.max(longest, tokens.length);
  }
  return { map, longest };
}

const NUMBERS = phraseMap(Object.entries(dates.dayNumbers).flatMap(([n, words]) => words.map((w): [string, string] => [w, n])));
const MARKERS = new Set(['tanggal', ...dates.dayOfMonthMarkers].flatMap((m) => canonicalPhrase(m).join(' ')));
const EVENING = new Set(dates.eveningWords.map((w) => canonicalPhrase(w).join(' ')));
/** Weekday word → the (first) name of the day before it. */
const PREVIOUS_DAY = phraseMap(
  Object.entries(dates.weekdays).flatMap(([n, words]) => {
    const before = dates.weekdays[String((Number(n) + 6) % 7) as keyof typeof dates.weekdays][0]!;
    return words.map((w): [string, string] => [w, canonicalPhrase(before).join(' ')]);
  }),
);

/** The longest phrase of `phrases` at token i: [value, length] or null. */
function phraseAt(phrases: { map: Map<string, string>; longest: number }, tokens: readonly string[], i: number): [string, number] | null {
  for (let n = Math.min(phrases.longest, tokens.length - i); n >= 1; n--) {
    const value = phrases.map.get(n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' '));
    if (value !== undefined) return [value, n];
  }
  return null;
}

export function rewriteDateWords(tokens: readonly string[]): string[] {
  let out: string[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const marker = MARKERS.has(t);
    if (!marker && !EVENING.has(t)) {
      out?.push(t);
      continue;
    }
    const found = phraseAt(marker ? NUMBERS : PREVIOUS_DAY, tokens, i + 1);
    if (found === null) {
      out?.push(t);
      continue;
    }
    out ??= tokens.slice(0, i);
    if (marker) out.push(t, found[0]);
    else out.push(found[0], t);
    i += found[1];
  }
  return out ?? (tokens as string[]);
}

/**
 * Raw words with day numbers in words turned into digits ("dua puluh tiga" → "23"): at the
 * start (`atStart`, a bare correction "ralat, dua puluh tiga") or after a day marker.
 */
export function dayNumbersAsDigits(words: readonly string[], atStart: boolean): string[] {
  const canonical = words.map((w) => canonicalPhrase(w).join(' '));
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const found = (i === 0 && atStart) || (i > 0 && MARKERS.has(canonical[i - 1]!)) ? phraseAt(NUMBERS, canonical, i) : null;
    if (found === null) {
      out.push(words[i]!);
      continue;
    }
    out.push(found[0]);
    i += found[1] - 1;
  }
  return out;
}
