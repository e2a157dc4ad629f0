/**
 * Payment channel: the provider (bank, wallet, store) and the method (ATM, m-banking, cash…).
 * Words that are also ordinary words ("dana" = funds, "jago", "pos", "cc") name a channel only
 * in a payment context ("lewat dana", "pakai dana", "via dana") or as the whole answer
 * ("dana", "dana kak"); "dananya sudah terpotong" is money, not the wallet.
 */
import { canonicalSet, files } from './lexicon.js';
import type { Method, Provider } from './lexicon-schema.js';
import { clauseAround, contentSpans, isBreak, isFiller, isPunctuation, nextContent, phraseAt, type Message } from './message.js';
import type { Span } from './phrases.js';

export interface PaymentChannel {
  provider: Provider | null;
  method: Method | null;
}

const { defaultMethods, appMethods } = files.channels;
const GOING_TO = canonicalSet(files.channels.goingTo);
const FAILED = canonicalSet(files.context.failedWords);
const SWITCH = canonicalSet(files.context.switchWords);
const PLANNED = canonicalSet(files.context.plannedWords);
const SEQUENCE = canonicalSet(files.context.sequenceWords);

/** Canonical form of "aplikasi", "app", "apk" (slang.json). */
const APP = 'aplikasi';

function inPaymentContext(message: Message, i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const s = message.spans[k]!;
    if (isFiller(s)) continue;
    return s.roles.paymentContext === true || s.roles.paymentVerb === true;
  }
  return false;
}

function isWholeAnswer(message: Message, span: Span): boolean {
  const content = contentSpans(message).filter((s) => s.roles.paymentContext !== true);
  return content.length === 1 && content[0] === span;
}

/** "bukan lewat bca", "gak jadi bayar pakai bca": a channel the customer did not use. */
function isNegated(message: Message, i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const s = message.spans[k]!;
    const r = s.roles;
    if (isFiller(s) || r.paymentContext === true || r.paymentVerb === true) continue;
    return (r.answer === 'NO' && r.answerKind === 'particle') || r.intent === 'CANCEL';
  }
  return false;
}

/** "mau ke grapari nanti", "kata temen harus ke grapari": a place, unless the clause pays. */
function isOnlyAPlace(message: Message, span: Span, i: number): boolean {
  const t = message.tokens;
  const before = t[span.start - 1];
  if (before === undefined || !(GOING_TO.has(before) || GOING_TO.has(`${t[span.start - 2]} ${before}`))) return false;
  const [first, last] = clauseAround(message, i);
  for (let k = first; k <= last; k++) {
    const s = message.spans[k]!;
    // "…tp tutup, jadinya ke alfamart": where they went instead is where they paid.
    if (s.roles.paymentVerb === true || startsPhrase(message, s, SWITCH)) return false;
  }
  return !isWholeAnswer(message, span);
}

/** "dananya", "dana nya": the possessive makes it the money, not the wallet. */
function followedByNya(message: Message, span: Span): boolean {
  return message.tokens[span.end] === 'nya';
}

/** How far back (content spans, same clause) a payment verb makes a channel "the one paid with". */
const PAID_REACH = 4;

/** "…jd bayar pake gopay": a channel named after a payment verb in its clause. */
function afterPaymentVerb(message: Message, i: number): boolean {
  for (let k = i - 1, seen = 0; k >= 0 && seen < PAID_REACH; k--) {
    const s = message.spans[k]!;
    if (s.roles.clauseBreak === true || isPunctuation(message, s)) return false;
    if (s.roles.paymentVerb === true) return true;
    if (!isFiller(s) && s.roles.paymentContext !== true) seen++;
  }
  return false;
}

/**
 * A channel span the rules accept (not negated, not only a place, a contextual word in context).
 * `instead`: it comes after a channel that failed ("atm bri rusak, terus ke atm mandiri"): a
 * place gone to then is where they paid.
 */
function counts(message: Message, i: number, instead = false): boolean {
  const span = message.spans[i]!;
  const r = span.roles;
  if (r.provider === undefined && r.method === undefined) return false;
  if (isNegated(message, i) || (!instead && isOnlyAPlace(message, span, i))) return false;
  if (r.contextual === true) {
    if (followedByNya(message, span)) return false;
    if (!inPaymentContext(message, i) && !isWholeAnswer(message, span)) return false;
  }
  return true;
}

/**
 * "rekening bri sy kosong jd bayar pake gopay", "ATM bca keblokir makanya bayar pake mandiri":
 * when a channel is named after a payment verb, the channels named before it are other
 * accounts, not the payment; reading starts there.
 */
function firstPaid(message: Message): { start: number; place: number } {
  let first = -1;
  let place = -1;
  for (let i = 0; i < message.spans.length; i++) {
    if (!counts(message, i)) {
      // "ke alfamart, bayarnya tunai": a place gone to, then paid at by its own method.
      if (first === -1 && place === -1 && counts(message, i, true)) place = i;
      continue;
    }
    if (afterPaymentVerb(message, i)) {
      if (first === -1) return { start: 0, place: place !== -1 && samePlace(message, place, i) ? place : -1 };
      return { start: samePlace(message, first, i) ? 0 : i, place: -1 };
    }
    if (first === -1) first = i;
  }
  return { start: 0, place: -1 };
}

/**
 * "dr kantor pos, bayarnya tunai": a paid method alone that is the earlier provider's own
 * (a counter's CASH) says how they paid there; the earlier provider stays.
 */
function samePlace(message: Message, earlier: number, paid: number): boolean {
  const before = message.spans[earlier]!.roles;
  const after = message.spans[paid]!.roles;
  return after.provider === undefined && before.provider !== undefined && after.method !== undefined && defaultMethods[before.provider] === after.method;
}

/** A phrase of `set` starting at the span's first token. */
function startsPhrase(message: Message, span: Span, set: ReadonlySet<string>): boolean {
  return phraseAt(message.tokens, span.start, set);
}

/** "lalu bayar pake ovo": the step after a sequence word is a payment. */
function paysNext(message: Message, i: number): boolean {
  const span = message.spans[i]!;
  if (span.roles.paymentVerb === true) return true;
  return message.spans[nextContent(message, i)]?.roles.paymentVerb === true;
}

/** Per span: its clause names a service ("internet error" is the service's state, not the channel's). One pass. */
function serviceClauses(message: Message): boolean[] {
  const spans = message.spans;
  const marked = new Array<boolean>(spans.length).fill(false);
  let first = 0;
  let service = false;
  for (let i = 0; i <= spans.length; i++) {
    const s = spans[i];
    if (s === undefined || isBreak(s)) {
      if (service) marked.fill(true, first, i);
      first = i + 1;
      service = false;
    } else if (s.roles.service !== undefined) service = true;
  }
  return marked;
}

interface Reading {
  provider: Provider | null;
  method: Method | null;
  asApp: boolean;
}

function withDefaultMethod({ provider, method, asApp }: Reading): Reading {
  if (provider !== null && method === null) method = (asApp ? appMethods[provider] : defaultMethods[provider]) ?? null;
  return { provider, method, asApp };
}

/**
 * "livin error, jadinya pake atm": the half a replacing channel leaves open keeps the earlier
 * channel's value, the method only when the provider stays.
 */
function overFallback(latest: Reading, fallback: Reading | null): Reading {
  if (fallback === null) return latest;
  if (latest.provider === null) return { ...fallback, method: latest.method ?? fallback.method };
  if (latest.provider === fallback.provider && latest.method === null) return { ...latest, method: fallback.method };
  return latest;
}

export function findPaymentChannel(message: Message): PaymentChannel | null {
  let provider: Provider | null = null;
  let method: Method | null = null;
  let asApp = false;
  let corrected = false;
  let methodFromBundle = false;
  // "bca error, jadinya pake bni", "tadinya mau pake bca, tp pake bni": a channel that did not
  // work (or was only the plan) gives way to the one named after it.
  let replaced = false;
  let planned = false;
  let tentative = false;
  let fallback: Reading | null = null;
  // Computed only when a failure word follows a channel (most messages have none).
  let aboutService: boolean[] | undefined;
  const paid = firstPaid(message);
  for (let i = paid.start; i < message.spans.length; i++) {
    const span = message.spans[i]!;
    const r = span.roles;
    const named = provider !== null || method !== null;
    // "lewat mandiri, eh maksudnya bni": the channel after a correction replaces the one before.
    if (r.correction === true && named) corrected = true;
    if (named && !corrected) {
      if (startsPhrase(message, span, SWITCH) || (startsPhrase(message, span, FAILED) && !(aboutService ??= serviceClauses(message))[i])) replaced = true;
      else if (startsPhrase(message, span, SEQUENCE) && paysNext(message, i)) replaced = true;
      else if (tentative && isBreak(span)) replaced = true;
    }
    if (!named && startsPhrase(message, span, PLANNED)) planned = true;
    // "pembayaran pertama gagal di atm, trs pake brimo": a failure said before the channel, in its clause.
    if (!named && startsPhrase(message, span, FAILED) && !(aboutService ??= serviceClauses(message))[i]) planned = true;
    else if (!named && isBreak(span)) planned = false;
    if (!counts(message, i, replaced || i === paid.place)) continue;
    if (corrected) {
      provider = null;
      method = null;
      corrected = false;
      replaced = false;
      fallback = null;
    } else if (replaced) {
      fallback = withDefaultMethod({ provider, method, asApp });
      provider = null;
      method = null;
      asApp = false;
      methodFromBundle = false;
      replaced = false;
      tentative = false;
    }
    if (planned) {
      tentative = true;
      planned = false;
    }
    // The first provider named wins; a method comes from the first phrase that names one.
    if (provider === null && r.provider !== undefined) {
      provider = r.provider;
      asApp = message.tokens[span.start - 1] === APP;
    }
    // "brimo va": a method named on its own is more precise than the one a bundle implies.
    if (r.method !== undefined && (method === null || (methodFromBundle && r.provider === undefined))) {
      methodFromBundle = r.provider !== undefined;
      method = r.method;
    }
  }
  const found = overFallback(withDefaultMethod({ provider, method, asApp }), fallback);
  if (found.provider === null && found.method === null) return null;
  return { provider: found.provider, method: found.method };
}
