/**
 * The payment date of a message. chrono (Indonesian locale, with our rules from
 * date-rules.ts in front of its own parsers) finds every date expression; this module decides
 * which one is the payment: never a future day, never the end of a span ("sampai hari ini"),
 * a "since" day ("dari kemarin belum bisa") or the day of something else the customer did
 * ("tadi sudah saya coba") only when the clause is about paying; then preferably a day in a
 * clause about paying, else one not in a clause about the service's state, else the first.
 */
// The Indonesian entry point alone: the package root loads all sixteen locales (~3x the
// start-up time of the command).
import { Chrono, createCasualConfiguration } from 'chrono-node/id';
import type { ParsedResult, Parser } from 'chrono-node';
import { formatDay, latestDayOfMonth, latestMonthDay, dayNumber, isValidDate, type CivilNow, type DayNumber } from './civil.js';
import {
  DATE_TOKENS, MODIFIER_TAG, TAG, dashedDateParser, dayMonthNameParser, dayOfMonthParser,
  relativeDayParser, unitAgoParser, weekdayParser, yearFirstParser,
} from './date-rules.js';
import { englishDates } from './english-dates.js';
import { canonicalSet, files } from './lexicon.js';
import { clauseAround, contentSpans, spanIndexAt, type Message } from './message.js';
import type { Span } from './phrases.js';
import { isNumeric } from './normalize.js';

// chrono's casual-day parser reads "sekarang"/"saat ini" ("still not working now") as a date,
// its weekday parser prefers the coming day, and its casual-time parser reads greetings
// ("selamat pagi") as times; our rules replace all three.
const REPLACED = new Set(['IDCasualDateParser', 'IDCasualTimeParser', 'IDWeekdayParser']);

/**
 * chrono's "3 hari lalu" / "2 jam lagi" parsers match a chain of up to eleven "number unit"
 * pairs whose optional spaces overlap (each pair ends in `\s{0,5}`, the connector is
 * `\s{0,5}(,|dan)?\s{0,5}`), so a failed attempt backtracks through every way of splitting
 * the spaces: ~10 ms at each "jam 5" of a message ("jam 5 jam 5 … lalu": seconds for 2,000
 * characters). We give those two parsers the same language with one way to read each
 * character (pairs end at their unit, each connector owns its spaces), so an attempt costs
 * at most the length of one chain; chrono's own extract still reads the match.
 */
const CLOSING_WORDS: Record<string, string> = {
  IDTimeUnitAgoFormatParser: '(?:yang\\s+)?(?:lalu|silam|sebelumnya)',
  IDTimeUnitLaterFormatParser: '(?:lagi|kemudian|setelahnya|sesudahnya|mendatang|ke\\s*depan)',
};
// chrono-node/src/locales/id/constants.ts, INTEGER_WORD_DICTIONARY and TIME_UNIT_DICTIONARY.
const CHRONO_NUMBER = '(?:dua\\s+belas|sebelas|sepuluh|sembilan|delapan|tujuh|enam|lima|empat|tiga|dua|satu|setengah|[0-9]+[.,][0-9]+|[0-9]+)';
const CHRONO_UNIT = '(?:detik|menit|jam|hari|minggu|pekan|bulan|tahun)';
const ONE_UNIT = `(?:${CHRONO_NUMBER}\\s{0,5}|se)${CHRONO_UNIT}`;
const CONNECTOR = '(?:\\s{0,5},\\s{0,5}|\\s{1,5}dan\\s{1,5}|\\s{0,5})';
const UNIT_CHAIN = `${ONE_UNIT}(?:${CONNECTOR}${ONE_UNIT}){0,10}`;

function linearChain(parser: Parser): Parser {
  const closing = CLOSING_WORDS[parser.constructor.name];
  if (closing === undefined) return parser;
  // Group 1 is the left boundary chrono's word-boundary parsers strip, group 2 the chain.
  const pattern = new RegExp(`(\\W|^)(${UNIT_CHAIN})\\s{0,5}${closing}(?=\\W|$)`, 'i');
  return { pattern: () => pattern, extract: (context, match) => parser.extract(context, match) };
}

function buildChrono(littleEndian: boolean): Chrono {
  const config = createCasualConfiguration(littleEndian);
  return new Chrono({
    parsers: [
      relativeDayParser, unitAgoParser, dayOfMonthParser, dayMonthNameParser, dashedDateParser(!littleEndian),
      yearFirstParser, weekdayParser, ...config.parsers.filter((p) => !REPLACED.has(p.constructor.name)).map(linearChain),
    ],
    refiners: config.refiners,
  });
}

const dayFirst = buildChrono(true);
let monthFirst: Chrono | undefined;

const UNTIL = canonicalSet(files.dates.untilWords);
const SINCE = canonicalSet(files.dates.sinceWords);
const OTHER_EVENT = canonicalSet(files.dates.otherEventWords);
/** How many words may stand between an other-event word and its date ("keblokir dari tanggal 3"). */
const OTHER_EVENT_REACH = 3;

/** "jatuh tempo tgl 10", "diblokir sejak tgl 5": the date belongs to another event. */
function afterOtherEvent(tokens: readonly string[], i: number): boolean {
  for (let k = i; k >= 1 && k >= i - OTHER_EVENT_REACH; k--) {
    if (tokens[k - 1] === ',' || tokens[k - 1] === '?') return false;
    if (endsWith(tokens, k, OTHER_EVENT)) return true;
  }
  return false;
}

interface Candidate {
  day: DayNumber;
  future: boolean;
  score: number;
  index: number;
}

/** Does the phrase ending just before token `i` belong to `set` (one or two tokens)? */
function endsWith(tokens: readonly string[], i: number, set: ReadonlySet<string>): boolean {
  return (i >= 1 && set.has(tokens[i - 1]!)) || (i >= 2 && set.has(`${tokens[i - 2]} ${tokens[i - 1]}`));
}

interface Clause {
  paying: boolean;
  /** About a payment that did not happen ("ga jadi bayar", "gagal bayar", "belum bayar"): its date is not the payment's. */
  notPaid: boolean;
  /** About trying something ("tadi sudah saya coba"): its date is not the payment's. */
  activity: boolean;
  /** About the service's state ("hari ini internet masih mati"). */
  state: boolean;
  /** About receiving something ("barusan masuk", "smsnya masuk tadi"): its day is the message's. */
  receipt: boolean;
}

const RECEIPT = canonicalSet(files.context.receiptVerbs);
const FAILED = canonicalSet(files.context.failedWords);

function spanHasWord(message: Message, span: Span, set: ReadonlySet<string>): boolean {
  for (let t = span.start; t < span.end; t++) if (set.has(message.tokens[t]!)) return true;
  return false;
}

/**
 * "batal bayar", "ga jadi bayar", "gagal bayar", "belum bayar": the word before a payment verb
 * says it did not happen; not after "sudah" (Javanese "wis tak bayar" is "I have paid").
 */
function deniesPayment(message: Message, before: Span, earlier: Span | undefined): boolean {
  const r = before.roles;
  if (r.intent === 'CANCEL') return true;
  if (r.answer === 'NO') return !(earlier?.roles.answer === 'YES' && earlier.roles.answerKind === 'aspect');
  return FAILED.has(message.tokens.slice(before.start, before.end).join(' '));
}

function clauseOf(message: Message, token: number): Clause {
  const clause: Clause = { paying: false, notPaid: false, activity: false, state: false, receipt: false };
  const at = spanIndexAt(message, token);
  if (at < 0) return clause;
  const [first, last] = clauseAround(message, at);
  for (let k = first; k <= last; k++) {
    const span = message.spans[k]!;
    const r = span.roles;
    if (r.paymentVerb === true) {
      if (k > first && deniesPayment(message, message.spans[k - 1]!, message.spans[k - 2])) clause.notPaid = true;
      else clause.paying = true;
    }
    if (r.activity === true) clause.activity = true;
    // "udah masuk tadi": an answer that is a receipt ("sudah masuk", "belum dapat") is about receiving.
    if (r.receipt === true || (r.answerKind === 'aspect' && spanHasWord(message, span, RECEIPT))) clause.receipt = true;
    if (r.service !== undefined || r.working === true || r.problem === true) clause.state = true;
  }
  return clause;
}

function resolve(r: ParsedResult, today: DayNumber): DayNumber | null {
  const s = r.start;
  if (!s.isCertain('day')) return null; // "bulan lalu", "jam 10": no day was said
  const day = s.get('day')!;
  const month = s.get('month')!;
  const year = s.get('year')!;
  if (r.tags?.().has(TAG) === true || s.isCertain('year')) {
    return isValidDate(year, month, day) ? dayNumber(year, month, day) : null;
  }
  // A date without a year is the latest such date not after today.
  return s.isCertain('month') ? latestMonthDay(month, day, today) : latestDayOfMonth(day, today);
}

function tokenStarts(tokens: readonly string[]): number[] {
  const starts: number[] = [];
  let pos = 0;
  for (const t of tokens) {
    starts.push(pos);
    pos += t.length + 1;
  }
  return starts;
}

function tokenAt(starts: readonly number[], charIndex: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= charIndex) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Every date expression's day that may be the payment, and whether any date was said at all. */
function candidatesOf(message: Message, now: CivilNow, english: boolean): { found: Candidate[]; saidADate: boolean } {
  const { tokens } = message;
  const text = tokens.join(' ');
  const starts = tokenStarts(tokens);
  const ms = now.today * 86_400_000 + now.hour * 3_600_000 + now.minute * 60_000;
  const engine = english ? (monthFirst ??= buildChrono(false)) : dayFirst;
  const results = engine.parse(text, { instant: new Date(ms), timezone: 0 });
  const found: Candidate[] = [];
  let saidADate = false;
  let previousEnd = -2;
  for (const r of results) {
    const end = r.index + r.text.length;
    const isModifier = r.tags?.().has(MODIFIER_TAG) === true && r.index === previousEnd + 1;
    previousEnd = end;
    // "20 nov kemarin", "tgl 3 kemarin": the trailing "kemarin" only says the date is past.
    if (isModifier) continue;
    const day = resolve(r, now.today);
    if (day === null) continue;
    saidADate = true;
    const token = tokenAt(starts, r.index);
    if (endsWith(tokens, token, UNTIL)) continue;
    const clause = clauseOf(message, token);
    if (!clause.paying && (clause.notPaid || clause.activity || clause.receipt || endsWith(tokens, token, SINCE))) continue;
    const score = afterOtherEvent(tokens, token) ? -2 : clause.paying ? 1 : clause.state ? -1 : 0;
    found.push({ day, future: day > now.today, score, index: r.index });
  }
  return { found, saidADate };
}

/** A message that is only a number 1–31 answers "tanggal berapa?". */
function bareDayOfMonth(message: Message, today: DayNumber): DayNumber | null {
  const content = contentSpans(message);
  if (content.length !== 1) return null;
  const span = content[0]!;
  if (span.end - span.start !== 1) return null;
  const token = message.tokens[span.start]!;
  if (!/^\d{1,2}$/.test(token)) return null;
  const day = Number(token);
  return day >= 1 && day <= 31 ? latestDayOfMonth(day, today) : null;
}

function isStrongDateToken(t: string): boolean {
  return isNumeric(t) || t === 'ago' || (t.length > 3 && DATE_TOKENS.has(t));
}

function opensGate(tokens: readonly string[]): boolean {
  for (const t of tokens) if (isNumeric(t) || DATE_TOKENS.has(t)) return true;
  return false;
}

/** Character index (in the space-joined tokens) of the last correction marker, or -1. */
function lastCorrection(message: Message): number {
  let at = -1;
  for (const s of message.spans) if (s.roles.correction === true) at = s.start;
  if (at < 0) return -1;
  let pos = 0;
  for (let k = 0; k < at; k++) pos += message.tokens[k]!.length + 1;
  return pos;
}

/**
 * @param original the prepared text with phone numbers masked (for the English recognizer)
 */
export function findPaymentDate(message: Message, original: string, now: CivilNow, english: boolean): string | null {
  if (!opensGate(message.tokens)) return null;
  const bare = bareDayOfMonth(message, now.today);
  if (bare !== null) return formatDay(bare);
  const { found, saidADate } = candidatesOf(message, now, english);
  let best: Candidate | undefined;
  for (const c of found) {
    if (c.future) continue;
    if (best === undefined || c.score > best.score) best = c; // ties: the first said
  }
  // "tgl 12 ralat tgl 13": a date after a correction replaces the one before it.
  const correction = lastCorrection(message);
  if (correction >= 0 && found.some((c) => !c.future && c.index < correction)) {
    const after = found.find((c) => !c.future && c.index > correction);
    if (after !== undefined) best = after;
  }
  if (best !== undefined) return formatDay(best.day);
  // The recognizer only fills gaps in our rules; it does not overrule a date they rejected,
  // and it costs a millisecond, so it needs a number or an unambiguous date word ("may",
  // "mar" are too often something else).
  if (!english || saidADate || !message.tokens.some(isStrongDateToken)) return null;
  const past = englishDates(original, now.today, now.hour, now.minute).find((d) => d <= now.today);
  return past === undefined ? null : formatDay(past);
}
