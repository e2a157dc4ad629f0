/**
 * Services the customer says are not working. A service word counts as a complaint unless
 * the message says it works ("telpon sama sms bisa, internet yang nggak"), or it is the
 * channel of the payment notification ("belum dapat sms dari bank"), not a service.
 */
import { canonicalSet, files } from './lexicon.js';
import { SERVICES, type Service } from './lexicon-schema.js';
import { isBreak, isFiller, isPunctuation, isQuestionMark, nextContent, previousContent, spanHas, type Message } from './message.js';
import { isNotificationSms } from './notification-sms.js';
import type { Span } from './phrases.js';

type Status = 'working' | 'problem' | null;

const QUANTIFIERS = canonicalSet(files.services.quantifiers);
const CORRECTED_AWAY = canonicalSet(files.services.correctedAway);
const DIRECTIONS = canonicalSet(files.services.directions);
const PRODUCT_WORDS = canonicalSet(files.services.productWords);
const CLARIFICATION_WORDS = canonicalSet(files.services.clarificationWords);
const QUESTION_WORDS = canonicalSet(files.services.questionWords);
const WORKING_WORDS = canonicalSet(files.context.workingWords);
const WORKING_AFTER = canonicalSet(files.context.workingAfter);
const NEGATION_WORDS = canonicalSet(['tidak', 'belum']);
const NOT_ONLY = canonicalSet(['saja', 'doang', 'aja', 'only']);
const ALSO = canonicalSet(['juga', 'also', 'too']);
const MISTAKE_WORDS = canonicalSet(files.dates.mistakeWords);
/** Words without a role skipped between a verb and its service ("bisa kirim pesan"). */
const MAX_SKIPPED_WORDS = 2;

function isNegation(span: Span | undefined): boolean {
  return span !== undefined && (span.roles.answer === 'NO' || span.roles.problem === true);
}

/**
 * Clauses (between breaks) whose services are not complaints: a product or promo question
 * ("promo kuota bulan ini apa aja ya?") or a question about the bot's question ("maksudnya
 * sms dr siapa?"). One pass; the result marks every span of such a clause.
 */
function questionClauses(message: Message): boolean[] {
  const spans = message.spans;
  const marked = new Array<boolean>(spans.length).fill(false);
  let first = 0;
  let product = false;
  let clarifies = false;
  let asks = false;
  for (let i = 0; i <= spans.length; i++) {
    const s = spans[i];
    if (s === undefined || isBreak(s)) {
      const question = asks || (s !== undefined && isQuestionMark(message, s));
      if ((product && question) || (clarifies && s !== undefined && isQuestionMark(message, s))) {
        for (let k = first; k < i; k++) marked[k] = true;
      }
      first = i + 1;
      product = clarifies = asks = false;
      continue;
    }
    if (spanHas(message, s, PRODUCT_WORDS)) product = true;
    if (spanHas(message, s, CLARIFICATION_WORDS)) clarifies = true;
    if (spanHas(message, s, QUESTION_WORDS)) asks = true;
  }
  return marked;
}

/** "eh bukan sms kak, yg mati internet": the service right after "bukan" is corrected away. */
function isCorrectedAway(message: Message, i: number): boolean {
  const b = previousContent(message, i);
  const before = message.spans[b];
  if (before === undefined || !spanHas(message, before, CORRECTED_AWAY)) return false;
  // "bukan cuma sms", "bukan internet aja": not only, so also.
  const after = message.tokens[message.spans[i]!.end];
  if (after !== undefined && NOT_ONLY.has(after)) return false;
  return message.spans[nextContent(message, i)]?.roles.only !== true;
}

/**
 * "internet mati total": an ALL right after a service describes that service; not after an
 * excepted one ("selain sms semua mati": the rest).
 */
function describesService(message: Message, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && (isFiller(message.spans[k]!) || message.spans[k]!.roles.hedge === true)) k--;
  const service = message.spans[k]?.roles.service;
  return service !== undefined && service !== 'ALL' && !isExcepted(message, k);
}

/**
 * "td salah ketik semua", "typo semuanya": an ALL just after a mistake word is what was
 * mistyped; "ulang semua dari awal": one right after a request (an intent) is what it asks for.
 */
function isObjectOfAnother(message: Message, i: number): boolean {
  if (message.spans[previousContent(message, i)]?.roles.intent !== undefined) return true;
  for (let k = previousContent(message, i), seen = 0; k >= 0 && seen < 2 && !isBreak(message.spans[k]!); k = previousContent(message, k), seen++) {
    const span = message.spans[k]!;
    for (let t = span.start; t < span.end; t++) if (MISTAKE_WORDS.has(message.tokens[t]!)) return true;
  }
  return false;
}

/** "selain internet semua normal": everything but the excepted service works, so it is the problem. */
function othersWork(message: Message, i: number): boolean {
  const spans = message.spans;
  let negated = false;
  for (let k = i + 1; k < spans.length; k++) {
    const s = spans[k]!;
    if (isBreak(s) && !isPunctuation(message, s)) return false;
    if (isPunctuation(message, s)) continue;
    for (let t = s.start; t < s.end; t++) {
      const token = message.tokens[t]!;
      if (NEGATION_WORDS.has(token) || s.roles.problem === true) negated = true;
      else if (WORKING_WORDS.has(token)) return !negated;
    }
  }
  return false;
}

/** "semua bisa kecuali sms": the rest works before the except-word, so the excepted one fails. */
function othersWorkBefore(message: Message, i: number): boolean {
  const spans = message.spans;
  let k = i - 1;
  while (k >= 0 && spans[k]!.roles.except !== true) k--;
  for (let j = k - 1; j >= 0; j--) {
    const s = spans[j]!;
    // "telpon sm internet bisa, kecuali sms": a comma before the except-word still joins them.
    if (isPunctuation(message, s) && j === k - 1) continue;
    if (isBreak(s)) return false;
    if (isNegation(s)) return false;
    if (s.roles.working === true) return !isNegation(spans[previousContent(message, j)]);
  }
  return false;
}

/**
 * "yg masih jalan cuma sms": a working word before the only-word that singles out the service.
 * Not when the working word has its own service ("sms aman cuma internet mati": SMS works, the
 * internet is the one singled out) or the service's own clause says it fails.
 */
function workingBeforeOnly(message: Message, i: number): Status {
  const spans = message.spans;
  let k = i - 1;
  while (k >= 0 && (isFiller(spans[k]!) || spans[k]!.roles.service !== undefined || spans[k]!.roles.conjunction === true)) k--;
  if (spans[k]?.roles.only !== true) return null;
  if (statusAfter(message, i, false) === 'problem') return null;
  for (let j = k - 1; j >= 0; j--) {
    const s = spans[j]!;
    if (isBreak(s)) return null;
    if (s.roles.working === true) {
      const before = spans[previousContent(message, j)];
      if (before?.roles.service !== undefined) return null;
      return isNegation(before) ? 'problem' : 'working';
    }
    if (isNegation(s)) return null;
  }
  return null;
}

/** "nerima", "terima": a receipt verb with no other role (not "masuk", which also answers yes). */
function isReceivingVerb(s: Span): boolean {
  return s.roles.receipt === true && Object.keys(s.roles).length === 1;
}

function isListGlue(message: Message, s: Span): boolean {
  return s.roles.service !== undefined || s.roles.conjunction === true || isFiller(s);
}

/** The verb before a service (or before the list it is in): "nggak bisa telpon sama sms". */
function statusBefore(message: Message, i: number): Status {
  const spans = message.spans;
  let skipped = 0;
  for (let k = i - 1; k >= 0; k--) {
    const s = spans[k]!;
    if (isBreak(s)) return null;
    if (s.roles.working === true) return isNegation(spans[previousContent(message, k)]) ? 'problem' : 'working';
    if (isNegation(s)) return 'problem';
    if (isListGlue(message, s)) continue;
    // "bisa nerima telpon", "ga bisa kirim sms": a verb of receiving is the service's own verb.
    if ((!isReceivingVerb(s) && Object.keys(s.roles).length > 0) || ++skipped > MAX_SKIPPED_WORDS) return null;
  }
  return null;
}

/**
 * What follows a service, over the rest of its list ("telpon sama sms bisa", "internet,
 * telpon, sms semua mati"), or only in its own clause.
 */
function statusAfter(message: Message, i: number, overList = true): Status {
  const spans = message.spans;
  // "sms masuk tp telpon ga bisa": a service that comes in, and nothing else said of it, works.
  const own = spans[i]!;
  // "cuma sms doang yg masuk": a postposed only-word sits between the service and its verb.
  let next = nextContent(message, i);
  if (spans[next]?.roles.only === true && spans[next]!.roles.clauseBreak !== true) next = nextContent(message, next);
  const first = spans[next];
  if (first !== undefined && WORKING_AFTER.has(message.tokens.slice(first.start, first.end).join(' '))) return 'working';
  if (WORKING_AFTER.has(message.tokens[own.end - 1]!) && (first === undefined || isBreak(first))) return 'working';
  // "sms jg, telpon aman": a service closed by "juga" is its own item, not part of the next list.
  const closed = ALSO.has(message.tokens[own.end] ?? '');
  for (let k = i + 1; k < spans.length; k++) {
    const s = spans[k]!;
    const listContinues = overList && !closed && isPunctuation(message, s) && spans[k + 1]?.roles.service !== undefined;
    if (isBreak(s) && !listContinues) return null;
    if (isNegation(s)) return 'problem';
    if (s.roles.working === true) return 'working';
  }
  return null;
}

/**
 * "sms bisa masuk tapi ga bisa ngirim", "internet udah bisa tapi lemot": a contrast clause
 * with no service of its own that fails is about the same service.
 */
function failsAfterContrast(message: Message, i: number): boolean {
  const spans = message.spans;
  let k = i + 1;
  while (k < spans.length && !(isBreak(spans[k]!) && !isPunctuation(message, spans[k]!))) {
    if (spans[k]!.roles.service !== undefined) return false;
    if (isPunctuation(message, spans[k]!)) {
      // "telpon masuk bisa, keluar ga bisa": the other direction of the same service.
      const next = spans[nextContent(message, k)];
      if (next === undefined || !spanHas(message, next, DIRECTIONS)) return false;
      break;
    }
    k++;
  }
  // "bisa nelpon tp ga bisa browsing": a contrast clause naming another service is about that one.
  let negated = false;
  for (k++; k < spans.length; k++) {
    const s = spans[k]!;
    if (s.roles.service !== undefined) return false;
    if (isBreak(s)) break;
    if (isNegation(s)) negated = true;
  }
  return negated;
}

/** "internet lancar, nelpon juga": a service with only "juga" after it is as the one before it. */
function alsoAsBefore(message: Message, i: number, previous: Status): Status {
  return previous !== null && ALSO.has(message.tokens[message.spans[i]!.end] ?? '') ? previous : null;
}

/** "wa, ig, youtube ga bisa semua": "semua" after services in its clause means all of those. */
function isQuantifierAfterList(message: Message, i: number): boolean {
  const text = message.tokens.slice(message.spans[i]!.start, message.spans[i]!.end).join(' ');
  if (!QUANTIFIERS.has(text)) return false;
  for (let k = i - 1; k >= 0; k--) {
    const s = message.spans[k]!;
    if (isBreak(s) && !isPunctuation(message, s)) return false;
    const service = s.roles.service;
    // "kecuali telpon, semuanya ga bisa": an excepted service is no list for "semua" to sum up.
    if (service !== undefined && service !== 'ALL') return !isExcepted(message, k);
  }
  return false;
}

/** "semua mati kecuali sms", "everything except sms": a service after an except-word. */
function isExcepted(message: Message, i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const s = message.spans[k]!;
    if (s.roles.except === true) return true;
    const listItem = s.roles.service !== undefined && s.roles.service !== 'ALL';
    if (!(listItem || s.roles.conjunction === true || isFiller(s))) return false;
  }
  return false;
}

/**
 * "cuma sms yang bisa", "hanya bisa sms": an only-word just before the service or its verb;
 * "internet doang yg normal": a postposed one ("saja yang") right after it.
 */
function isOnly(message: Message, i: number): boolean {
  const after = message.spans[nextContent(message, i)];
  if (after?.roles.only === true && after.roles.clauseBreak !== true) return true;
  let seen = 0;
  for (let k = i - 1; k >= 0 && seen < 2; k--) {
    const s = message.spans[k]!;
    // "cuma bisa nerima telpon": the verb of receiving is part of the service's verb.
    if (isFiller(s) || isReceivingVerb(s)) continue;
    if (s.roles.only === true) return true;
    seen++;
  }
  return false;
}

export function findServices(message: Message): Service[] | null {
  const spans = message.spans;
  const complained = new Set<Service>();
  const working = new Set<Service>();
  const excepted = new Set<Service>();
  const notComplaints = questionClauses(message);
  let onlyWorking = false;
  let everything = false;
  let previous: Status = null;
  for (let i = 0; i < spans.length; i++) {
    // "sms bisa, yg lain ga": the others fail only when a problem word follows ("yang lain ga ada" is no complaint).
    if (spans[i]!.roles.rest === true && notComplaints[i] !== true) {
      if (spans[nextContent(message, i)]?.roles.problem === true) everything = true;
      continue;
    }
    const service = spans[i]!.roles.service;
    if (service === undefined || notComplaints[i] === true) continue;
    if (service !== 'ALL' && isCorrectedAway(message, i)) continue;
    if (service === 'ALL' && (describesService(message, i) || isObjectOfAnother(message, i))) continue;
    // "selain sms semua mati": an ALL after the excepted list is the rest, never excepted itself.
    if (service !== 'ALL' && isExcepted(message, i)) {
      if (othersWork(message, i) || othersWorkBefore(message, i)) complained.add(service);
      else excepted.add(service);
      continue;
    }
    if (service !== 'ALL' && workingBeforeOnly(message, i) === 'working') {
      working.add(service);
      onlyWorking = true;
      continue;
    }
    // "yang bermasalah cuma internet, telpon sama sms aman": a service singled out by "only"
    // and not said to work is the problem; what follows its own clause is about the others.
    let status: Status = isOnly(message, i)
      ? statusBefore(message, i) ?? statusAfter(message, i, false) ?? 'problem'
      : statusBefore(message, i) ?? statusAfter(message, i) ?? alsoAsBefore(message, i, previous);
    if (status === 'working' && failsAfterContrast(message, i)) status = 'problem';
    previous = status;
    if (status === 'working') {
      if (service !== 'ALL') working.add(service);
      if (isOnly(message, i)) onlyWorking = true;
      continue;
    }
    if (service === 'SMS' && isNotificationSms(message, i)) continue;
    if (service !== 'ALL') complained.add(service);
    else if (!isQuantifierAfterList(message, i)) everything = true;
  }
  // "Only SMS works" is a complaint about everything else; so is "semua mati, cuma sms yg bisa":
  // an ALL gives way to a service the message says works.
  if (onlyWorking || everything) for (const s of SERVICES) if (!working.has(s) || complained.has(s)) complained.add(s);
  for (const s of excepted) complained.delete(s);
  if (complained.size === 0) return null;
  return SERVICES.filter((s) => complained.has(s));
}
