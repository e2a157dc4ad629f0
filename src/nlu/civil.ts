/**
 * Civil dates (a calendar day, no time, no zone) and "today" in a given time zone. A payment
 * date is a day on the customer's calendar, so "today" comes from the zone (Asia/Jakarta by
 * default), never from the machine's clock settings.
 */

/** Days since 1970-01-01 on the proleptic Gregorian calendar. */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;

export function dayNumber(year: number, month: number, day: number): DayNumber {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function partsOf(n: DayNumber): { year: number; month: number; day: number } {
  const d = new Date(n * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(n: DayNumber): number {
  return (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday.
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2999) return false;
  const p = partsOf(dayNumber(year, month, day));
  return p.month === month && p.day === day;
}

export function formatDay(n: DayNumber): string {
  const { year, month, day } = partsOf(n);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The latest date with this month and day that is not after `today` (at most 8 years back, for 29 Feb). */
export function latestMonthDay(month: number, day: number, today: DayNumber): DayNumber | null {
  const { year } = partsOf(today);
  for (let y = year; y >= year - 8; y--) {
    if (!isValidDate(y, month, day)) continue;
    const n = dayNumber(y, month, day);
    if (n <= today) return n;
  }
  return null;
}

/** The latest date with this day of the month that is not after `today` ("tgl 31" skips short months). */
export function latestDayOfMonth(day: number, today: DayNumber): DayNumber | null {
  let { year, month } = partsOf(today);
  for (let i = 0; i < 13; i++) {
    if (isValidDate(year, month, day)) {
      const n = dayNumber(year, month, day);
      if (n <= today) return n;
    }
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return null;
}

/** The same day of the month `back` months earlier, or null when that month is too short. */
export function dayInMonthsBack(day: number, back: number, today: DayNumber): DayNumber | null {
  const { year, month } = partsOf(today);
  const index = year * 12 + (month - 1) - back;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return isValidDate(y, m, day) ? dayNumber(y, m, day) : null;
}

/** The Monday of the week containing `n` (Indonesian weeks start on Monday). */
export function mondayOf(n: DayNumber): DayNumber {
  return n - ((weekdayOf(n) + 6) % 7);
}

export interface CivilNow {
  today: DayNumber;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
      });
    } catch {
      return null;
    }
    formatters.set(timeZone, f);
  }
  return f;
}

let lastKey = '';
let lastNow: CivilNow = { today: 0, hour: 0, minute: 0 };

/** The calendar day and wall-clock time of `instant` in `timeZone` (Asia/Jakarta if unknown). */
export function civilNow(instant: Date, timeZone: string): CivilNow {
  // Day, hour and minute stay the same within a UTC minute (every zone's offset today is whole
  // minutes), so the formatter, slow per call, runs once a minute, not once a message.
  const key = `${Math.floor(instant.getTime() / 60_000)}|${timeZone}`;
  if (key === lastKey) return lastNow;
  const f = formatterFor(timeZone) ?? formatterFor('Asia/Jakarta')!;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const result = {
    today: dayNumber(parts.year!, parts.month!, parts.day!),
    hour: parts.hour! % 24,
    minute: parts.minute!,
  };
  lastKey = key;
  lastNow = result;
  return result;
}
