/**
 * Indonesian mobile numbers inside free text. A candidate starts where a number starts
 * (0 / 62 / +62, then the mobile 8) and grows group by group over the separators people type;
 * libphonenumber's mobile metadata then decides: it knows the valid mobile prefixes and
 * lengths (national 8[1-35-9] + 7–10 digits, i.e. 08… of 10–13 digits), so fixed lines
 * (021…), toll-free (0800…) and impossible lengths are rejected without rules of our own.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';

export interface PhoneMatch {
  /** International digits without "+", e.g. "6281234567890". */
  msisdn: string;
  start: number;
  end: number;
}

// A number's start: not glued to a digit before it; "+62", "62" or "0", then the mobile 8.
const START = /(?<![\d])(?:\(?\+\s?62\)?|\(?62\)?|0)[\s.\-()]{0,2}8/g;
const GROUP = /^\d+/;
const SEPARATOR = /^[\s.\-()]{1,3}/;
/** A national number has at most 13 digits; a few more show the run is not one number. */
const MAX_NATIONAL_DIGITS = 13;

/**
 * "0812 34 56 78 90": short groups belong to the number when they come in a run (the
 * previous group or the next one is short too); a lone short group after a number is
 * something else ("0812 3456 7890 5 hari").
 */
function inShortRun(text: string, at: number, previousLength: number): boolean {
  if (previousLength < 3) return true;
  const after = /^\d{1,2}\s+(\d+)/.exec(text.slice(at, at + 12));
  return after !== null && after[1]!.length < 3;
}

/**
 * Digit groups after the start. A group joined by a bare space must have three digits or
 * more, or be part of a run of short groups (see inShortRun).
 */
function groupsFrom(text: string, from: number): Array<{ digits: string; end: number }> {
  const groups: Array<{ digits: string; end: number }> = [];
  let pos = from;
  let total = 0;
  for (;;) {
    const g = GROUP.exec(text.slice(pos, pos + 20));
    if (g === null) break;
    const digits = g[0];
    total += digits.length;
    if (total > MAX_NATIONAL_DIGITS + 2) break;
    groups.push({ digits, end: pos + digits.length });
    const sep = SEPARATOR.exec(text.slice(pos + digits.length, pos + digits.length + 3));
    if (sep === null) break;
    const nextAt = pos + digits.length + sep[0].length;
    const next = GROUP.exec(text.slice(nextAt, nextAt + 20));
    if (next === null) break;
    if (/^\s+$/.test(sep[0]) && next[0].length < 3 && !inShortRun(text, nextAt, digits.length)) break;
    pos = nextAt;
  }
  return groups;
}

function validMobile(national: string): string | null {
  if (national.length < 10 || national.length > MAX_NATIONAL_DIGITS) return null;
  const parsed = parsePhoneNumberFromString(national, 'ID');
  if (parsed === undefined || !parsed.isValid()) return null;
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return null;
  return parsed.number.slice(1);
}

/** Every valid mobile number in the text, in order. */
export function findMobileNumbers(text: string): PhoneMatch[] {
  const found: PhoneMatch[] = [];
  if (text.length < 10) return found;
  START.lastIndex = 0;
  for (let m = START.exec(text); m !== null; m = START.exec(text)) {
    const eight = m.index + m[0].length - 1;
    const groups = groupsFrom(text, eight);
    // Longest first, then drop trailing groups until the number is a valid mobile.
    for (let k = groups.length; k > 0; k--) {
      // Whatever the prefix (0, 62, +62), the national form is 0 + the digits from the 8 on.
      const national = '0' + groups.slice(0, k).map((g) => g.digits).join('');
      const msisdn = validMobile(national);
      if (msisdn !== null) {
        const end = groups[k - 1]!.end;
        // Glued to more digits ("0812345678901234"): a longer number, not this one.
        if (/\d/.test(text.charAt(end))) break;
        found.push({ msisdn, start: m.index, end });
        START.lastIndex = end;
        break;
      }
    }
  }
  return found;
}

/** Replaces each match with spaces, so later extractors do not read its digits as dates. */
export function maskMatches(text: string, matches: readonly PhoneMatch[]): string {
  let out = text;
  for (const { start, end } of matches) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}
