/**
 * A message as the extractors see it: canonical tokens and the phrase spans that cover them,
 * plus the small questions every extractor asks about a span.
 */
import { QUESTION, isBreakToken } from './normalize.js';
import type { Roles, Span } from './phrases.js';

export interface Message {
  /** Canonical tokens (see lexicon.ts), clause punctuation as ",". */
  tokens: string[];
  /** Longest-match phrases covering every token in order; unmatched tokens have no roles. */
  spans: Span[];
}

/** A span that names a slot value (provider, method, service, answer or intent). */
export function hasSlot(r: Roles): boolean {
  return r.provider !== undefined || r.method !== undefined || r.service !== undefined ||
    r.answer !== undefined || r.intent !== undefined;
}

/** Politeness, greetings and particles: words that carry no content of their own. */
export function isFiller(span: Span): boolean {
  const r = span.roles;
  return (r.filler === true || r.hedge === true) && !hasSlot(r);
}

export function isBreak(span: Span): boolean {
  return span.roles.clauseBreak === true;
}

export function isPunctuation(message: Message, span: Span): boolean {
  return span.end - span.start === 1 && isBreakToken(message.tokens[span.start]!);
}

export function isQuestionMark(message: Message, span: Span): boolean {
  return span.end - span.start === 1 && message.tokens[span.start] === QUESTION;
}

/** Spans that carry content: not fillers, not punctuation. */
export function contentSpans(message: Message): Span[] {
  return message.spans.filter((s) => !isFiller(s) && !isPunctuation(message, s));
}

/** Index of the span covering token `i`. */
export function spanIndexAt(message: Message, token: number): number {
  const spans = message.spans;
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (token < s.start) hi = mid - 1;
    else if (token >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The [first, last] span indices of the clause around span `i`, bounded by clause breaks. */
export function clauseAround(message: Message, i: number): [number, number] {
  let first = i;
  while (first > 0 && !isBreak(message.spans[first - 1]!)) first--;
  let last = i;
  while (last < message.spans.length - 1 && !isBreak(message.spans[last + 1]!)) last++;
  return [first, last];
}

/** The next span after `i` that is not a filler (spans.length when none). */
export function nextContent(message: Message, i: number): number {
  let k = i + 1;
  while (k < message.spans.length && isFiller(message.spans[k]!)) k++;
  return k;
}

/** The previous span before `i` that is not a filler (-1 when none). */
export function previousContent(message: Message, i: number): number {
  let k = i - 1;
  while (k >= 0 && isFiller(message.spans[k]!)) k--;
  return k;
}

/** Longest phrase of a word set looked for at one token. */
const MAX_SET_PHRASE = 3;

/** A phrase of `set` starting at token `k` (up to MAX_SET_PHRASE tokens). */
export function phraseAt(tokens: readonly string[], k: number, set: ReadonlySet<string>): boolean {
  let key = '';
  for (let n = 0; n < MAX_SET_PHRASE && k + n < tokens.length; n++) {
    key = n === 0 ? tokens[k]! : `${key} ${tokens[k + n]!}`;
    if (set.has(key)) return true;
  }
  return false;
}

/** Some phrase of `set` starts at a token of span `s`. */
export function spanHas(message: Message, s: Span, set: ReadonlySet<string>): boolean {
  for (let k = s.start; k < s.end; k++) if (phraseAt(message.tokens, k, set)) return true;
  return false;
}
