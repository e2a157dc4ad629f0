/**
 * What the bot takes from one customer message (docs/understand.md): every
 * slot it can, from every message. Pure: no I/O, no botbuilder; deterministic for a given
 * text and options; never throws (a message it cannot read gives all-null, and `onError` hears why).
 */
import { safely } from './safely.js';
import {
 civilNow } from './civil.js';
import { findPaymentChannel, type PaymentChannel } from './channels.js';
import { findConfirmation, type Confirmation } from './confirmation.js';
import { findPaymentDate } from './dates.js';
import { findIntent } from './intents.js';
import { canonicalTokens } from './lexicon.js';
import type { Intent, Service } from './lexicon-schema.js';
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

function run(text: string, options: UnderstandOptions): Understanding {
  const prepared = prepare(text);
  if (prepared.trim().length === 0) return emptyUnderstanding();
  const phones = findMobileNumbers(prepared);
  const masked = phones.length > 0 ? maskMatches(prepared, phones) : prepared;
  const tokens = canonicalTokens(tokenize(masked));
  const message: Message = { tokens, spans: matchPhrases(tokens) };
  const now = options.now instanceof Date && !Number.isNaN(options.now.getTime()) ? options.now : new Date();
  const civil = civilNow(now, options.timeZone ?? DEFAULT_TIME_ZONE);
  const english = typeof options.locale === 'string' && options.locale.toLowerCase().startsWith('en');
  return {
    msisdn: phones[0]?.msisdn ?? null,
    paymentDate: findPaymentDate(message, masked, civil, english),
    paymentChannel: findPaymentChannel(message),
    services: findServices(message),
    confirmation: findConfirmation(message),
    intent: findIntent(message),
  };
}
