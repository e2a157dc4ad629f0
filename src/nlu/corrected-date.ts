/**
 * A correction that names only part of a date: "tgl 18 ralat 19", "3 hari yg lalu, eh 4",
 * "kamis lalu, eh rabu". The bare number (1–31) or weekday that opens the correcting segment
 * replaces the same part of the date said before it, and the earlier words are read again:
 * "tgl 19", "4 hari yg lalu", "rabu lalu". Pure string work on raw segments (one pass each).
 */
import { dayNumbersAsDigits } from './date-words.js';
import { files } from './lexicon.js';
import { isBreakToken } from './normalize.js';

const TIME_MARKERS = new Set(files.dates.timeMarkers);
const FILLERS = new Set(files.context.fillers);
const WEEKDAYS = new Set(Object.values(files.dates.weekdays).flat());
const DAY_NUMBER = /^\d{1,2}$/;

type Part = 'number' | 'weekday';

function partOf(word: string): Part | null {
  if (DAY_NUMBER.test(word)) return Number(word) >= 1 && Number(word) <= 31 ? 'number' : null;
  return WEEKDAYS.has(word) ? 'weekday' : null;
}

/**
 * The earlier segment with its part replaced by the correcting segment's opening word, or
 * null. Only when the correcting segment names no date of its own (`undated`: "19, via ovo")
 * or is just that word ("4", "rabu kak", which alone would be a day of their own).
 */
export function correctedDateText(earlier: string, correcting: string, undated: boolean): string | null {
  // "salah ketik, 21": a comma after a marker of several words still opens the correction.
  const raw = correcting.split(' ');
  let opening = 0;
  while (opening < raw.length - 1 && isBreakToken(raw[opening]!)) opening++;
  // "tgl dua puluh dua, ralat, dua puluh tiga": number words are the same day numbers.
  const words = dayNumbersAsDigits(raw.slice(opening), true);
  const first = words[0]!;
  const part = partOf(first);
  if (part === null) return null;
  const next = words[1];
  if (!undated && !(next === undefined || isBreakToken(next) || FILLERS.has(next))) return null;
  const before = dayNumbersAsDigits(earlier.split(' '), false);
  for (let k = before.length - 1; k >= 0; k--) {
    if (partOf(before[k]!) !== part) continue;
    // "jam 10" is a time, not the day.
    if (part === 'number' && k > 0 && TIME_MARKERS.has(before[k - 1]!)) continue;
    before[k] = first;
    return before.join(' ');
  }
  return null;
}
