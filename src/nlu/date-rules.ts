/**
 * Our own chrono parsers for what chrono's Indonesian locale misses or reads differently from
 * a customer: slang relative days, "tgl 20", "20-11", day + month in any spelling (Indonesian,
 * English, "Nopember", "agst"), weekdays as the most recent such day, "N hari/minggu/bulan
 * kemarin". Each parser resolves to a calendar date itself (past-biased where the text leaves
 * a choice), so chrono is the engine that finds and de-overlaps expressions, and our rules
 * decide what they mean. Input is canonical text (slang already rewritten, see lexicon.ts).
 */
import type { Parser, ParsingContext } from 'chrono-node';
import {
  dayInMonthsBack, dayNumber, isValidDate, latestDayOfMonth, latestMonthDay, mondayOf, partsOf, weekdayOf,
  type DayNumber,
} from './civil.js';
import { canonicalList, canonicalSet, files } from './lexicon.js';

const { dates } = files;
const MS_PER_DAY = 86_400_000;
export const TAG = 'nlu/rule';
export const MODIFIER_TAG = 'nlu/modifier';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex alternation of phrases (canonical forms), longest first. */
function alt(phrases: readonly string[]): string {
  const list = canonicalList(phrases).map((t) => t.join(' '));
  list.sort((a, b) => b.length - a.length);
  return `(?:${list.map((p) => escape(p).replace(/ /g, '\\s+')).join('|')})`;
}

function lookup(groups: Record<string, readonly string[]>): Map<string, number> {
  const map = new Map<string, number>();
  for (const [key, phrases] of Object.entries(groups)) {
    for (const tokens of canonicalList(phrases)) map.set(tokens.join(' '), Number(key));
  }
  return map;
}

function key(text: string): string {
  return text.trim().split(/\s+/).join(' ');
}

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const NUMERIC_END = '(?![\\p{L}\\p{N}/.:-])';

export const relativeOffsets = lookup(dates.relativeDays);
const lastNight = canonicalSet(dates.lastNight);
const MONTH_WORD = alt(dates.units.month);
const monthOf = lookup(dates.months);
const weekdayOfWord = lookup(dates.weekdays);
const numberOf = lookup(dates.numberWords);
const unitOf = lookup({ 1: dates.units.day, 7: dates.units.week, 30: dates.units.month });
const weekWords = canonicalSet(dates.weekWords);
const pastModifierSet = canonicalSet(dates.pastModifiers);
const thisModifierSet = canonicalSet(dates.thisModifiers);
const futureModifierSet = canonicalSet(dates.futureModifiers);

const MONTH = alt(Object.values(dates.months).flat());
const WEEKDAY = alt(Object.values(dates.weekdays).flat());
const PAST = alt(dates.pastModifiers);
const THIS = alt(dates.thisModifiers);
const LAST_WEEK = alt(dates.lastWeekModifiers);
const THIS_WEEK = alt(dates.thisWeekModifiers);
const FUTURE = alt(dates.futureModifiers);
const LAST_MONTH = alt(dates.lastMonth);
const THIS_MONTH = alt(dates.thisMonth);
const NEXT_MONTH = alt(dates.nextMonth);
const DAY_MARKER = alt(dates.dayOfMonthMarkers);
const NUMBER_WORD = alt(Object.values(dates.numberWords).flat());
const UNIT = alt(Object.values(dates.units).flat());
const AGO = alt(dates.agoWords);
const PREFIX = alt(dates.dayPrefixes);
const DURATION_AFTER = new RegExp(`^\\s+${alt(dates.durationWords)}${E}`, 'u');
const TIME_BEFORE = new RegExp(`${B}${alt(dates.timeMarkers)}\\s+$`, 'u');
const NUMBER_BEFORE = new RegExp(`(?:\\d|${B}${NUMBER_WORD})\\s+$`, 'u');

interface Today {
  today: DayNumber;
  hour: number;
}

/** The reference instant is built in dates.ts as the civil wall-clock time expressed in UTC. */
function todayOf(context: ParsingContext): Today {
  const ms = context.reference.instant.getTime();
  return { today: Math.floor(ms / MS_PER_DAY), hour: new Date(ms).getUTCHours() };
}

function atWordStart(context: ParsingContext, index: number): boolean {
  return index === 0 || !/[\p{L}\p{N}]/u.test(context.text.charAt(index - 1));
}

function result(context: ParsingContext, n: DayNumber | null, ...tags: string[]) {
  if (n === null) return null;
  const { year, month, day } = partsOf(n);
  const components = context.createParsingComponents({ year, month, day });
  return components.addTags([TAG, ...tags]);
}

const relativeWords = new RegExp(`${B}(${alt([...Object.values(dates.relativeDays).flat(), ...dates.lastNight])})${E}`, 'iu');

/** "kemarin", "hari ini", "tadi malam", "besok" (a future day: rejected later, but consumed). */
const earlierWords = canonicalSet(dates.earlierWords);
const EARLIER_BEFORE = new RegExp(`${B}${alt(dates.earlierMarkers)}\\s+$`, 'u');

// "salah ketik tadi", "tadi sy salah isi": up to two words between, no clause break.
const MISTAKE = alt(dates.mistakeWords);
const MISTAKE_BEFORE = new RegExp(`${B}${MISTAKE}(?:\\s+[^\\s,?]+){0,2}\\s+$`, 'u');
const MISTAKE_AFTER = new RegExp(`^(?:\\s+[^\\s,?]+){0,2}\\s+${MISTAKE}${E}`, 'u');
/** Windows of a few words: the checks stay constant-time per match. */
const WINDOW = 40;

/** "nomor yg tadi", "salah ketik tadi": an earlier-word that points at an earlier message. */
function refersBack(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - WINDOW), start);
  return EARLIER_BEFORE.test(before.slice(-12)) || MISTAKE_BEFORE.test(before) || MISTAKE_AFTER.test(text.slice(end, end + WINDOW));
}

export const relativeDayParser: Parser = {
  pattern: () => relativeWords,
  extract(context, match) {
    if (!atWordStart(context, match.index!)) return null;
    const phrase = key(match[1]!);
    if (earlierWords.has(phrase) && refersBack(context.text, match.index!, match.index! + match[0].length)) return null;
    const { today, hour } = todayOf(context);
    const offset = lastNight.has(phrase) ? (hour < 18 ? -1 : 0) : relativeOffsets.get(phrase);
    if (offset === undefined) return null;
    return result(context, today + offset, ...(pastModifierSet.has(phrase) ? [MODIFIER_TAG] : []));
  },
};

const dayOfMonth = new RegExp(
  `${B}${DAY_MARKER}\\s+(\\d{1,2})(?:\\s*an)?${NUMERIC_END}(?!\\s+(?:of\\s+)?${MONTH}${E})` +
    `(?:\\s+(?:${MONTH_WORD}\\s+(\\d{1,2})${NUMERIC_END}|(${LAST_MONTH})|(${THIS_MONTH})|(${PAST})|(${NEXT_MONTH}))${E})?`,
  'iu',
);

/**
 * "tgl 20", "tanggal 3 bulan lalu", "tgl 20 kemarin": the latest such day not after today;
 * "tgl 5 bulan depan" is read (so that it is not "tgl 5") and then rejected as future.
 */
export const dayOfMonthParser: Parser = {
  pattern: () => dayOfMonth,
  extract(context, match) {
    if (!atWordStart(context, match.index!)) return null;
    const day = Number(match[1]);
    const { today } = todayOf(context);
    if (match[2] !== undefined) return result(context, latestMonthDay(Number(match[2]), day, today));
    if (match[3] !== undefined) return result(context, dayInMonthsBack(day, 1, today));
    if (match[4] !== undefined) return result(context, dayInMonthsBack(day, 0, today));
    if (match[5] !== undefined) return result(context, latestDayOfMonth(day, today - 1));
    if (match[6] !== undefined) return result(context, dayInMonthsBack(day, -1, today)); // future: rejected
    return result(context, latestDayOfMonth(day, today));
  },
};

const dayMonthName = new RegExp(
  // "20 nov [2026]", "tanggal 20 of november": groups 1–3
  `${B}(?:${DAY_MARKER}\\s+)?(\\d{1,2})\\s*(?:of\\s+)?(${MONTH})${E}(?:\\s*,?\\s*(\\d{4}|\\d{2})${NUMERIC_END})?` +
    // "nov 20 [2026]": groups 4–6
    `|${B}(${MONTH})\\s+(\\d{1,2})${NUMERIC_END}(?:\\s*,?\\s*(\\d{4})${NUMERIC_END})?`,
  'iu',
);

function fullYear(text: string | undefined): number | null {
  if (text === undefined) return null;
  const y = Number(text);
  return text.length === 2 ? 2000 + y : y;
}

/** "20 nov", "20 Nopember 2026", "3 agst", "nov 20": day and month in any spelling. */
export const dayMonthNameParser: Parser = {
  pattern: () => dayMonthName,
  extract(context, match) {
    if (!atWordStart(context, match.index!)) return null;
    if (TIME_BEFORE.test(context.text.slice(Math.max(0, match.index! - 12), match.index))) return null;
    const littleEndian = match[1] !== undefined;
    const end = match.index! + match[0].length;
    if (!littleEndian && DURATION_AFTER.test(context.text.slice(end, end + 16))) return null; // "mei 2 kali"
    const day = Number(littleEndian ? match[1] : match[5]);
    const month = monthOf.get(key((littleEndian ? match[2] : match[4])!));
    if (month === undefined) return null;
    const { today } = todayOf(context);
    let year = fullYear(littleEndian ? match[3] : match[6]);
    // "20 nov 2" (a count) is no year; only plausible years are read as years.
    if (year !== null && (year < 2000 || year > partsOf(today).year + 1)) year = null;
    if (year === null) return result(context, latestMonthDay(month, day, today));
    return isValidDate(year, month, day) ? result(context, dayNumber(year, month, day)) : null;
  },
};

const dashedDate = new RegExp(`${B}(?:(${DAY_MARKER})\\s+)?(\\d{1,2})([-.])(\\d{1,2})${NUMERIC_END}`, 'iu');

/**
 * "20-11" and, after "tgl", "20.11". A bare "20.11" stays unread: it is as often a time
 * ("jam 20.11") or an amount. chrono's own parser reads "20/11" and any date with a year.
 */
export function dashedDateParser(monthFirst: boolean): Parser {
  return {
    pattern: () => dashedDate,
    extract(context, match) {
      if (!atWordStart(context, match.index!)) return null;
      if (match[3] === '.' && match[1] === undefined) return null;
      const end = match.index! + match[0].length;
      if (DURATION_AFTER.test(context.text.slice(end, end + 16))) return null; // "1-2 hari"
      if (TIME_BEFORE.test(context.text.slice(Math.max(0, match.index! - 12), match.index))) return null;
      const first = Number(match[2]);
      const second = Number(match[4]);
      let [day, month] = monthFirst ? [second, first] : [first, second];
      if (month > 12 && day <= 12) [day, month] = [month, day];
      return result(context, latestMonthDay(month, day, todayOf(context).today));
    },
  };
}

const yearFirst = new RegExp(`${B}(\\d{4})[/.](\\d{1,2})[/.](\\d{1,2})${NUMERIC_END}`, 'u');

/** "2026/11/24", "2026.11.24" (chrono's ISO parser reads the dashed form). */
export const yearFirstParser: Parser = {
  pattern: () => yearFirst,
  extract(context, match) {
    if (!atWordStart(context, match.index!)) return null;
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return isValidDate(y, m, d) ? result(context, dayNumber(y, m, d)) : null;
  },
};

const weekday = new RegExp(
  `${B}(?:(${PREFIX})\\s+)?(?:(${PAST}|${THIS}|${FUTURE})\\s+)?(${WEEKDAY})${E}` +
    `(?:\\s+(?:(${LAST_WEEK})|(${THIS_WEEK})|(${FUTURE})|(${PAST})|(${THIS}))${E})?`,
  'iu',
);

/**
 * Weekdays: the most recent such day not after today ("senin" said on a Monday is today: a
 * customer who paid last week says "senin lalu"); with "lalu/kemarin/last", strictly before
 * today; "senin minggu lalu" is Monday of last week (weeks start on Monday). "minggu" is
 * Sunday only when it cannot be the week: after "hari", or with no week modifier after it.
 */
export const weekdayParser: Parser = {
  pattern: () => weekday,
  extract(context, match) {
    if (!atWordStart(context, match.index!)) return null;
    const word = key(match[3]!);
    const target = weekdayOfWord.get(word);
    if (target === undefined) return null;
    const hasPrefix = match[1] !== undefined || match[2] !== undefined;
    const modified = match[4] ?? match[5] ?? match[6] ?? match[7] ?? match[8];
    if (weekWords.has(word) && !hasPrefix) {
      if (modified !== undefined) return null; // "minggu lalu" = last week
      if (NUMBER_BEFORE.test(context.text.slice(Math.max(0, match.index! - 12), match.index))) return null;
    }
    const { today } = todayOf(context);
    const sinceMonday = (target + 6) % 7;
    // A modifier before the day is English word order ("last friday"); after it, Indonesian.
    const before = match[2] === undefined ? '' : key(match[2]);
    const past = match[7] !== undefined || pastModifierSet.has(before);
    const thisWeek = match[5] !== undefined || match[8] !== undefined || thisModifierSet.has(before);
    const future = match[6] !== undefined || futureModifierSet.has(before);
    let n: DayNumber;
    if (match[4] !== undefined) n = mondayOf(today) - 7 + sinceMonday;
    else if (thisWeek) n = mondayOf(today) + sinceMonday;
    else if (future) n = today + (((target - weekdayOf(today) + 6) % 7) + 1);
    else {
      n = today - ((weekdayOf(today) - target + 7) % 7);
      if (past && n === today) n -= 7;
    }
    return result(context, n);
  },
};

const unitAgo = new RegExp(
  `${B}(?:(\\d{1,3}|${NUMBER_WORD})\\s*|se)(${UNIT})\\s+(?:yang\\s+)?${AGO}${E}`,
  'iu',
);

/** "3 hari lalu", "2 hr yg lalu", "seminggu kemarin", "dua minggu yang lalu", "2 days ago". */
export const unitAgoParser: Parser = {
  pattern: () => unitAgo,
  extract(context, match) {
    if (!atWordStart(context, match.index!)) return null;
    const count = match[1] === undefined ? 1 : /^\d/.test(match[1]) ? Number(match[1]) : numberOf.get(key(match[1]));
    const unit = unitOf.get(key(match[2]!));
    if (count === undefined || unit === undefined || count > 400) return null;
    const { today } = todayOf(context);
    if (unit !== 30) return result(context, today - count * unit);
    const { day } = partsOf(today);
    // A month back from the 31st lands on that month's last day.
    for (let d = day; d >= 28; d--) {
      const n = dayInMonthsBack(d, count, today);
      if (n !== null) return result(context, n);
    }
    return result(context, dayInMonthsBack(Math.min(day, 28), count, today));
  },
};

/** Parts of date phrases that say nothing about a date by themselves ("a week ago", "hari ini"). */
const NOT_DATE_ON_THEIR_OWN = new Set(['a', 'an', 'one', 'the', 'on', 'ini', 'this', 'last', 'se', 'saja', 'yang']);

/** Tokens that make the date gate open: without one of them a message has no date. */
export const DATE_TOKENS: ReadonlySet<string> = new Set(
  [
    ...Object.values(dates.relativeDays).flat(),
    ...dates.lastNight,
    ...Object.values(dates.months).flat(),
    ...Object.values(dates.weekdays).flat(),
    ...dates.weekWords,
    ...dates.dayOfMonthMarkers,
    ...Object.values(dates.units).flat(),
    'ago',
  ]
    .flatMap((p) => canonicalList([p]).flat())
    .filter((t) => !NOT_DATE_ON_THEIR_OWN.has(t)),
);
