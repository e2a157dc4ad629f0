/**
 * What the bot takes from one customer message (docs/understand.md): every
 * slot it can, from every message. Pure: no I/O, no botbuilder; deterministic for a given
 * text and options; never throws (a message it cannot read gives all-null, and `onError` hears why).
 */
import { safely } from './safely.js';
import { civilNow, type CivilNow } from './civil.js';
import { splitClauses } from './clauses.js';
import { correctedDateText } from './corrected-date.js';
import { rewriteDateWords } from './date-words.js';
import { findPaymentChannel, type PaymentChannel } from './channels.js';
import { findConfirmation, type Confirmation } from './confirmation.js';
import { findPaymentDate } from './dates.js';
import { findIntent } from './intents.js';
import { canonicalTokens, files } from './lexicon.js';
import { SERVICES, type Intent, type Service } from './lexicon-schema.js';
import type { Message } from './message.js';
import { prepare, tokenize } from './normalize.js';
import { findMobileNumbers, maskMatches } from './phone.js';
import { matchPhrases } from './phrases.js';
import { findServices } from './services.js';

export type { Confirmation, Intent, PaymentChannel, Service };
export type { Method, Provider } from './lexicon-schema.js';
export { signals, type CorrectableSlot, type SideQuestion, type Signals, type SignalsOptions } from './signals.js';

export interface Understanding {
  /** International digits without "+", e.g. "6281234567890". */
  msisdn: string | null;
  /** "YYYY-MM-DD", a civil date in the time zone, never after today. */
  paymentDate: string | null;
  paymentChannel: PaymentChannel | null;
  /** Sorted; null (not []) when none was named. */
  services: Service[] | null;
  confirmation: Confirmation | null;
  intent: Intent | null;
}

export interface UnderstandOptions {
  /** "Today" for relative dates; default: the real clock. */
  now?: Date;
  /** IANA zone of the customer's calendar; default Asia/Jakarta. */
  timeZone?: string;
  /** 'id' (default) or 'en'; other values (e.g. "en-US", "id-ID") are read as 'id' unless they start with "en". */
  locale?: string;
  /**
   * Told about an exception inside understanding (a bug on an odd message), which is otherwise
   * swallowed so the conversation goes on: the bot logs it. Default: nobody is told.
   */
  onError?: (error: unknown) => void;
}

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

function emptyUnderstanding(): Understanding {
  return { msisdn: null, paymentDate: null, paymentChannel: null, services: null, confirmation: null, intent: null };
}

export function understand(text: string, options: UnderstandOptions = {}): Understanding {
  return safely(() => run(text, options), emptyUnderstanding, options.onError);
}

export type CorrectedKey = (typeof CORRECTABLE)[number];
const correctionsByResult = new WeakMap<Understanding, readonly CorrectedKey[]>();

/**
 * The keys this understanding's message names as a correction: after a correction marker
 * ("eh salah, tgl 21", "ralat, lewat bni") or instead of a negated value ("bukan sms, tapi
 * data"). A conversation lets these replace what an earlier message said. Kept beside the
 * result (not in it) so the six keys of the contract stay the whole object.
 */
export function correctionsOf(understanding: Understanding): readonly CorrectedKey[] {
  return correctionsByResult.get(understanding) ?? [];
}

/** At most this many partial date corrections are re-read: each costs a reading of the earlier segment. */
const MAX_REREADS = 3;

/** Keys a correction or a negated clause can change; a yes/no or an intent is the message's own. */
const CORRECTABLE = ['msisdn', 'paymentDate', 'paymentChannel', 'services'] as const;

function run(text: string, options: UnderstandOptions): Understanding {
  const prepared = prepare(text);
  if (prepared.trim().length === 0) return emptyUnderstanding();
  const now = options.now instanceof Date && !Number.isNaN(options.now.getTime()) ? options.now : new Date();
  const civil = civilNow(now, options.timeZone ?? DEFAULT_TIME_ZONE);
  const english = typeof options.locale === 'string' && options.locale.toLowerCase().startsWith('en');
  const whole = read(prepared, civil, english);
  const { segments, additive, markers, negations, unmarked, unnegated } = splitClauses(tokenize(prepared));
  if (segments.length === 1 && negations.length === 0) return whole;
  // "salah ketik", "eh bukan" inside a message are markers, not a "no".
  const result = { ...whole };
  const corrected = new Set<CorrectedKey>();
  if (segments.length > 1) result.confirmation = read(unmarked, civil, english).confirmation;
  // "bukan bca tapi mandiri": a key the negated words name is read without them.
  for (const { negated, rest } of negations) {
    const denied = read(negated, civil, english);
    const kept = CORRECTABLE.filter((k) => denied[k] !== null);
    if (kept.length === 0) continue;
    const without = read(rest, civil, english);
    for (const k of kept) {
      assign(result, k, without[k]);
      if (without[k] !== null) corrected.add(k);
    }
    // "bukan kemarin tapi …": that "bukan" denies a value, it is not a "no".
    if (whole.confirmation === 'NO' && without.confirmation === null) result.confirmation = read(unnegated, civil, english).confirmation;
  }
  // "tgl 12 ralat tgl 13": a key named after a correction replaces the value named before it.
  if (segments.length > 1) {
    const parts = segments.map((s) => read(s, civil, english));
    // "tgl 18 ralat 19", "kamis lalu, eh rabu": a bare number or weekday opening a correction
    // replaces its part of the date said before it.
    let dated = parts[0]!.paymentDate !== null ? 0 : -1;
    for (let i = 1, rereads = 0; i < parts.length; i++) {
      const earlier = dated >= 0 && rereads < MAX_REREADS ? correctedDateText(segments[dated]!, segments[i]!, parts[i]!.paymentDate === null) : null;
      if (earlier !== null) {
        parts[i] = { ...parts[i]!, paymentDate: read(earlier, civil, english).paymentDate };
        rereads++;
      } else if (parts[i]!.paymentDate !== null && markers[i] !== '' && rereads < MAX_REREADS) {
        // "tgl 20 ya, salah tulis tadi": the marker's own words can make the date refer back.
        parts[i] = { ...parts[i]!, paymentDate: read(`${markers[i]!} ${segments[i]!}`, civil, english).paymentDate };
        rereads++;
      }
      if (parts[i]!.paymentDate !== null) dated = i;
      // "td salah ketik semua": read with its marker, an ALL can be the mistake's object.
      if (parts[i]!.services?.length === SERVICES.length && markers[i] !== '') parts[i] = { ...parts[i]!, services: read(`${markers[i]!} ${segments[i]!}`, civil, english).services };
    }
    for (const k of CORRECTABLE) {
      for (let i = parts.length - 1; i >= 1; i--) {
        const later = parts[i]![k];
        if (later === null) continue;
        corrected.add(k);
        if (parts.slice(0, i).some((p) => p[k] !== null)) assign(result, k, k === 'paymentChannel' ? keptProvider(parts.slice(0, i), later as PaymentChannel) : later);
        // "internet, eh sama telpon juga": an added service joins the ones before it.
        if (k === 'services' && additive[i] === true) result.services = joined(parts.slice(0, i + 1).map((p) => p.services));
        break;
      }
    }
  }
  if (corrected.size > 0) correctionsByResult.set(result, CORRECTABLE.filter((k) => corrected.has(k)));
  return result;
}

const REFERENCE_LABELS = [...files.context.referenceLabels]
  .sort((a, b) => b.length - a.length)
  .map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));

// "no 0812…", "struk no 00123", "no ref 0812…", "no rek bca": "no" before a number (or a masked
// MSISDN) or before a reference label is "nomor", not an English no.
const NO_BEFORE_NUMBER = new RegExp(
  `(?<![\\p{L}\\p{N}])no(?=[.:]?\\s*(?:\\d|\\s{9})|[.:]?\\s+(?:${REFERENCE_LABELS.join('|')})(?![\\p{L}\\p{N}]))`,
  'gu',
);

function nomorBefore(text: string): string {
  return text.replace(NO_BEFORE_NUMBER, 'nomor');
}
const REFERENCE_BEFORE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${REFERENCE_LABELS.join('|')})\\s*(?:id|no|nomor|number|nya|[:#.\\-])?\\s*[:#]?\\s*$`,
  'u',
);

/** "no transaksi 0812009988": a number labelled as a reference is not the customer's MSISDN. */
function isReference(text: string, start: number): boolean {
  return REFERENCE_BEFORE.test(text.slice(Math.max(0, start - 30), start));
}

/** "lewat atm bca, eh maksudnya m-banking": a corrected method alone keeps the provider named before. */
function keptProvider(earlier: readonly Understanding[], later: PaymentChannel): PaymentChannel {
  if (later.provider !== null) return later;
  const provider = earlier.findLast((p) => p.paymentChannel?.provider != null)?.paymentChannel?.provider ?? null;
  return { provider, method: later.method };
}

function joined(lists: ReadonlyArray<Service[] | null>): Service[] | null {
  const all = new Set<Service>();
  for (const list of lists) for (const s of list ?? []) all.add(s);
  return all.size === 0 ? null : SERVICES.filter((s) => all.has(s));
}

function assign<K extends keyof Understanding>(target: Understanding, key: K, value: Understanding[K]): void {
  target[key] = value;
}

/** The six keys of one piece of text, with no clause logic. */
function read(prepared: string, civil: CivilNow, english: boolean): Understanding {
  if (prepared.trim().length === 0) return emptyUnderstanding();
  const numbers = findMobileNumbers(prepared);
  const phones = numbers.filter((p) => !isReference(prepared, p.start));
  const masked = nomorBefore(numbers.length > 0 ? maskMatches(prepared, numbers) : prepared);
  const tokens = rewriteDateWords(canonicalTokens(tokenize(masked)));
  const message: Message = { tokens, spans: matchPhrases(tokens) };
  return {
    msisdn: phones[0]?.msisdn ?? null,
    paymentDate: findPaymentDate(message, masked, civil, english),
    paymentChannel: findPaymentChannel(message),
    services: findServices(message),
    confirmation: findConfirmation(message),
    intent: findIntent(message),
  };
}
