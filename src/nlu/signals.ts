/**
 * What the conversation needs from a message beyond understand()'s six keys: proof of payment,
 * a side question, the slots the message corrects, the place, an explicit cancel, an upset tone.
 * Pure and linear-time like understand(); never throws (a message it cannot read gives
 * all-false/null, and `onError` hears why). Words are in lexicons/signals.json.
 */
import { safely } from './safely.js';
import signalsJson from './lexicons/signals.json' with { type: 'json' };
import {
 canonicalPhrase, canonicalTokens, files } from './lexicon.js';
import { SignalsFile, parseLexicon, type SideQuestion } from './lexicon-schema.js';
import { MAX_MESSAGE_LENGTH, QUESTION, isBreakToken, isNumeric, prepare, tokenize } from './normalize.js';
import { matchPhrases, type Roles } from './phrases.js';

export type { SideQuestion };
export type CorrectableSlot = 'msisdn' | 'paymentDate' | 'paymentChannel' | 'affectedServices';

export interface Signals {
  /** The customer says they have proof of payment (receipt, reference, screenshot); false when negated. */
  proofOfPayment: boolean;
  /** A question the customer asks the bot instead of (or besides) answering; null when none. */
  question: SideQuestion | null;
  /** Slots the message explicitly corrects ("bukan sms, tapi data", "tgl 12 ralat tgl 13"). */
  corrects: CorrectableSlot[];
  /** The place the customer names, without chatter, title-cased when typed in one case; max 100 characters. */
  location: string | null;
  /** An explicit cancel word ("batal", "cancel", "stop"), not a soft "ga jadi deh". */
  explicitCancel: boolean;
  /** Anger/frustration words, "!!"/"??", or mostly capitals over 10 letters. */
  upset: boolean;
}

export interface SignalsOptions {
  /** The bot's last question asked for the location: the whole answer counts as the place. */
  askedLocation?: boolean;
  /** 'id' (default) or 'en'; the lexicon holds both languages, so this only documents the caller's locale. */
  locale?: string;
  /** Told about an exception inside signals(), which is otherwise swallowed. */
  onError?: (error: unknown) => void;
}

export const MAX_LOCATION_LENGTH = 100;

const lexicon = parseLexicon('src/nlu/lexicons/signals.json', SignalsFile, signalsJson);

function canonical(phrase: string): string[] {
  return canonicalTokens(tokenize(prepare(phrase)));
}

/** Phrases indexed by their first canonical token; a lookup costs the phrases starting there. */
class PhraseIndex<T> {
  private readonly byFirst = new Map<string, Array<{ tokens: string[]; tag: T }>>();

  add(phrases: readonly string[], tag: T): this {
    for (const p of phrases) {
      const tokens = canonical(p);
      if (tokens.length === 0) continue;
      const list = this.byFirst.get(tokens[0]!) ?? [];
      list.push({ tokens, tag });
      list.sort((a, b) => b.tokens.length - a.tokens.length);
      this.byFirst.set(tokens[0]!, list);
    }
    return this;
  }

  /** Every phrase matching at `i`, longest first. */
  matchesAt(tokens: readonly string[], i: number): Array<{ length: number; tag: T }> {
    const list = this.byFirst.get(tokens[i]!);
    if (list === undefined) return [];
    const out: Array<{ length: number; tag: T }> = [];
    for (const { tokens: p, tag } of list) {
      let ok = i + p.length <= tokens.length;
      for (let k = 1; ok && k < p.length; k++) ok = tokens[i + k] === p[k];
      if (ok) out.push({ length: p.length, tag });
    }
    return out;
  }

  /** Length of the longest phrase matching at `i`, 0 when none. */
  lengthAt(tokens: readonly string[], i: number): number {
    return this.matchesAt(tokens, i)[0]?.length ?? 0;
  }
}

const proof = new PhraseIndex<true>().add(lexicon.proofOfPayment, true);
const proofNegation = new PhraseIndex<true>().add(lexicon.proofNegations, true);
const questionIndex = new PhraseIndex<SideQuestion>();
const afterWhyIndex = new PhraseIndex<SideQuestion>();
for (const [type, words] of Object.entries(lexicon.questions) as Array<[SideQuestion, { phrases: string[]; afterWhy: string[] }]>) {
  questionIndex.add(words.phrases, type);
  afterWhyIndex.add(words.afterWhy, type);
}
const whyWords = new PhraseIndex<true>().add(lexicon.whyWords, true);
const questionWords = new PhraseIndex<true>().add(lexicon.questionWords, true);
const corrections = new PhraseIndex<true>().add(lexicon.corrections, true);
const locationMarkers = new PhraseIndex<true>().add(lexicon.locationMarkers, true);
const cancelWords = new PhraseIndex<true>().add(lexicon.explicitCancel, true);
const notCancel = new PhraseIndex<true>().add(lexicon.notCancel, true);
const upsetWords = new PhraseIndex<true>().add(lexicon.upset, true);

/** When a message asks several things, the one the bot must answer first wins. */
const QUESTION_PRIORITY: readonly SideQuestion[] = [
  'REPEAT_QUESTION', 'ARE_YOU_THERE', 'WHY_LOCATION', 'WHY_REFRESH', 'DATA_SAFETY', 'TICKET_DURATION', 'WHAT_NEXT', 'OFF_TOPIC',
];

function wordSet(phrases: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const p of phrases) for (const t of canonical(p)) out.add(t);
  return out;
}

const CHATTER = wordSet([...lexicon.locationChatter, ...files.context.fillers, ...files.context.hedges]);
/** One-word date names ("kemarin", "nov", "senin", "tanggal"); "2 hari lalu" starts with a number. */
const DATE_WORDS = new Set(
  [
    ...Object.values(files.dates.relativeDays).flat(),
    ...Object.values(files.dates.months).flat(),
    ...Object.values(files.dates.weekdays).flat(),
    ...files.dates.dayOfMonthMarkers,
    ...files.dates.lastNight,
  ].map(canonical).filter((t) => t.length === 1).map((t) => t[0]!),
);
const NEGATORS = new Set(canonical('tidak jangan bukan'));
const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

function emptySignals(): Signals {
  return { proofOfPayment: false, question: null, corrects: [], location: null, explicitCancel: false, upset: false };
}

export function signals(text: string, options: SignalsOptions = {}): Signals {
  return safely(() => run(text, options), emptySignals, options.onError);
}

interface Parsed {
  tokens: string[];
  /** Roles of the phrase covering each token. */
  roles: Roles[];
}

function parse(prepared: string): Parsed {
  const tokens = canonicalTokens(tokenize(prepared));
  const roles: Roles[] = new Array<Roles>(tokens.length);
  for (const span of matchPhrases(tokens)) for (let k = span.start; k < span.end; k++) roles[k] = span.roles;
  return { tokens, roles };
}

function run(text: string, options: SignalsOptions): Signals {
  if (typeof text !== 'string') return emptySignals();
  const capped = text.length > MAX_MESSAGE_LENGTH ? text.slice(0, MAX_MESSAGE_LENGTH) : text;
  const prepared = prepare(capped);
  if (prepared.trim().length === 0) return emptySignals();
  const parsed = parse(prepared);
  return {
    proofOfPayment: findProof(parsed.tokens),
    question: findQuestion(parsed.tokens),
    corrects: findCorrections(parsed),
    location: findLocation(capped.normalize('NFKC'), options.askedLocation === true),
    explicitCancel: findCancel(parsed.tokens),
    upset: isUpset(capped, parsed.tokens),
  };
}

/** A negation within three words of [start, end) in the same clause. */
function negatedAround(tokens: readonly string[], start: number, end: number, negations: PhraseIndex<true>): boolean {
  for (let k = start - 1; k >= 0 && k >= start - 3; k--) {
    if (isBreakToken(tokens[k]!)) break;
    if (negations.lengthAt(tokens, k) > 0) return true;
  }
  for (let k = end; k < tokens.length && k < end + 3; k++) {
    if (isBreakToken(tokens[k]!)) break;
    if (negations.lengthAt(tokens, k) > 0) return true;
  }
  return false;
}

function findProof(tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const n = proof.lengthAt(tokens, i);
    if (n > 0 && !negatedAround(tokens, i, i + n, proofNegation)) return true;
  }
  return false;
}

function findQuestion(tokens: readonly string[]): SideQuestion | null {
  const found = new Set<SideQuestion>();
  let why = false;
  let asks = false;
  for (let i = 0; i < tokens.length; i++) {
    if (whyWords.lengthAt(tokens, i) > 0) why = true;
    if (questionWords.lengthAt(tokens, i) > 0 || tokens[i] === QUESTION) asks = true;
    for (const m of questionIndex.matchesAt(tokens, i)) found.add(m.tag);
    if (why) for (const m of afterWhyIndex.matchesAt(tokens, i)) found.add(m.tag);
  }
  // A promo or package word is a question only when the message asks: "promo apa aja?", "cara beli paket".
  if (!asks) found.delete('OFF_TOPIC');
  for (const q of QUESTION_PRIORITY) if (found.has(q)) return q;
  return null;
}

function slotOf(parsed: Parsed, k: number): CorrectableSlot | null {
  const token = parsed.tokens[k]!;
  const r = parsed.roles[k] ?? {};
  if (r.service !== undefined) return 'affectedServices';
  if (r.provider !== undefined || r.method !== undefined) return 'paymentChannel';
  if (isNumeric(token)) {
    const digits = token.replace(/\D/g, '').length;
    if (digits >= 9 && !token.includes('/')) return 'msisdn';
    return 'paymentDate';
  }
  if (DATE_WORDS.has(token)) return 'paymentDate';
  return null;
}

/**
 * A correction marker and the slot values near it: the rest of its clause (or, when nothing
 * follows it there, the next clause) and up to four words before it in its clause.
 */
function findCorrections(parsed: Parsed): CorrectableSlot[] {
  const { tokens } = parsed;
  const found = new Set<CorrectableSlot>();
  for (let i = 0; i < tokens.length; i++) {
    const n = corrections.lengthAt(tokens, i);
    if (n === 0) continue;
    let end = i + n;
    while (end < tokens.length && !isBreakToken(tokens[end]!)) end++;
    // "maksudnya sms dr siapa?": a question about the bot's question corrects nothing.
    if (tokens[end] === QUESTION) continue;
    if (end === i + n && end < tokens.length) {
      end++;
      while (end < tokens.length && !isBreakToken(tokens[end]!)) end++;
    }
    const slots = new Set<CorrectableSlot>();
    for (let k = i + n; k < end && k < i + n + 8; k++) {
      const s = slotOf(parsed, k);
      if (s !== null) slots.add(s);
    }
    for (let k = i - 1; k >= 0 && k >= i - 4 && !isBreakToken(tokens[k]!); k--) {
      const s = slotOf(parsed, k);
      if (s !== null) slots.add(s);
    }
    for (const s of slots) found.add(s);
    i += n - 1;
  }
  const order: CorrectableSlot[] = ['msisdn', 'paymentDate', 'paymentChannel', 'affectedServices'];
  return order.filter((s) => found.has(s));
}

function findCancel(tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    // "stop kontak", "non stop": the phrase that contains the word wins, and is skipped whole.
    const skip = notCancel.lengthAt(tokens, i);
    if (skip > 0) {
      i += skip - 1;
      continue;
    }
    if (cancelWords.lengthAt(tokens, i) > 0 && !(i > 0 && NEGATORS.has(tokens[i - 1]!))) return true;
  }
  return false;
}

function isUpset(text: string, tokens: readonly string[]): boolean {
  if (/[!?]{2,}/.test(text)) return true;
  let letters = 0;
  let capitals = 0;
  for (const ch of text) {
    if (/\p{L}/u.test(ch)) {
      letters++;
      if (/\p{Lu}/u.test(ch)) capitals++;
    }
  }
  if (letters > 10 && capitals / letters > 0.7) return true;
  for (let i = 0; i < tokens.length; i++) if (upsetWords.lengthAt(tokens, i) > 0) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Location

interface Word {
  start: number;
  end: number;
  /** Canonical tokens of the word ("sy" → ["saya"]). */
  tokens: string[];
  /** Index of the word's first token in the message's token list. */
  first: number;
}

interface Clause {
  words: Word[];
  /** The clause ends with "?". */
  question: boolean;
}

function clausesOf(text: string): { clauses: Clause[]; tokens: string[]; roles: Roles[] } {
  const clauses: Clause[] = [];
  const tokens: string[] = [];
  let current: Word[] = [];
  let previousEnd = 0;
  for (const m of text.matchAll(WORD)) {
    const gap = text.slice(previousEnd, m.index);
    if (current.length > 0 && /[,;!?\n]|\.\s/.test(gap)) {
      clauses.push({ words: current, question: gap.includes('?') });
      current = [];
    }
    // Slang only, no spelling correction: a place name is not a typo of a lexicon word ("tebet" ≠ "debet").
    const wordTokens = canonicalPhrase(m[0]).filter((t) => !isBreakToken(t));
    current.push({ start: m.index, end: m.index + m[0].length, tokens: wordTokens, first: tokens.length });
    tokens.push(...wordTokens);
    previousEnd = m.index + m[0].length;
  }
  if (current.length > 0) clauses.push({ words: current, question: text.slice(previousEnd).includes('?') });
  const roles: Roles[] = new Array<Roles>(tokens.length);
  for (const span of matchPhrases(tokens)) for (let k = span.start; k < span.end; k++) roles[k] = span.roles;
  return { clauses, tokens, roles };
}

/** Digits from which a number in a place answer is a phone or reference number, not part of an address. */
const MIN_NUMBER_DIGITS = 7;

function isChatter(word: Word): boolean {
  return word.tokens.length === 0 || word.tokens.every((t) => CHATTER.has(t));
}

/** A word that is a slot, a date, a payment, a state or a question: not part of a place. */
function isNotPlace(word: Word, tokens: readonly string[], roles: readonly Roles[]): boolean {
  for (let k = word.first; k < word.first + word.tokens.length; k++) {
    const r = roles[k] ?? {};
    if (r.service !== undefined || r.provider !== undefined || r.method !== undefined || r.intent !== undefined) return true;
    if (r.paymentVerb === true || r.problem === true || r.working === true || r.notification === true) return true;
    if (DATE_WORDS.has(tokens[k]!) && !isNumeric(tokens[k]!)) return true;
    // "nomor saya salah": the phone number, not "nomor 10" of an address.
    if (tokens[k] === 'nomor' && !isNumeric(tokens[k + 1] ?? 'x')) return true;
    // "harusnya 081100000007": a phone or reference number is no street number.
    if (isNumeric(tokens[k]!) && tokens[k]!.replace(/\D/g, '').length >= MIN_NUMBER_DIGITS) return true;
    if (whyWords.lengthAt(tokens, k) > 0 || questionIndex.lengthAt(tokens, k) > 0) return true;
  }
  return false;
}

/** Words after leading and trailing chatter are removed. */
function trimmed(words: readonly Word[]): Word[] {
  let a = 0;
  let b = words.length;
  while (a < b && isChatter(words[a]!)) a++;
  while (b > a && isChatter(words[b - 1]!)) b--;
  return words.slice(a, b);
}

/** Index just after a marker starting at a word of the clause, or -1. */
function markerEnd(words: readonly Word[], tokens: readonly string[], index: PhraseIndex<true>): number {
  for (let w = 0; w < words.length; w++) {
    const n = index.lengthAt(tokens, words[w]!.first);
    if (n === 0) continue;
    const endToken = words[w]!.first + n;
    let e = w;
    while (e < words.length && words[e]!.first < endToken) e++;
    return e;
  }
  return -1;
}

function placeText(text: string, words: readonly Word[]): string | null {
  if (words.length === 0) return null;
  let place = text.slice(words[0]!.start, words[words.length - 1]!.end).trim();
  if (place.length > MAX_LOCATION_LENGTH) {
    // Cut at a word boundary, without the punctuation before it.
    const cut = place.slice(0, MAX_LOCATION_LENGTH + 1);
    const boundary = cut.search(/\s\S*$/u);
    place = (boundary > 0 ? cut.slice(0, boundary) : cut.slice(0, MAX_LOCATION_LENGTH)).replace(/[\s,;.!?-]+$/u, '');
  }
  const oneCase = place === place.toLowerCase() || place === place.toUpperCase();
  if (oneCase) place = place.toLowerCase().replace(/(^|[\s.,/(-])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase());
  return place.length > 0 ? place : null;
}

function findLocation(text: string, asked: boolean): string | null {
  const { clauses, tokens, roles } = clausesOf(text);
  let run: Word[] | null = null;
  let open = false;
  // "sy di bekasi, ralat, bekasi timur": a correction on its own corrects the next clause.
  let pending = false;
  for (const clause of clauses) {
    let correctionAt = markerEnd(clause.words, tokens, corrections);
    if (correctionAt < 0 && pending) correctionAt = 0;
    pending = correctionAt >= 0 && clause.words.slice(correctionAt).every(isChatter);
    let words: Word[];
    if (asked) {
      words = trimmed(correctionAt >= 0 ? clause.words.slice(correctionAt) : clause.words);
    } else {
      const m = markerEnd(clause.words, tokens, locationMarkers);
      // "sy di bekasi, eh maksudnya bekasi timur": a correction after a place replaces it.
      if (m >= 0) words = trimmed(clause.words.slice(m));
      else if (correctionAt >= 0 && run !== null) words = trimmed(clause.words.slice(correctionAt));
      else words = [];
    }
    const rejected = clause.question || words.some((w) => isNotPlace(w, tokens, roles));
    if (rejected || words.length === 0) {
      if (rejected) open = false;
      continue;
    }
    if (correctionAt >= 0 && run !== null) {
      run = words;
      open = true;
    } else if (run === null) {
      run = words;
      open = true;
    } else if (open && asked) {
      run.push(...words);
    }
  }
  return run === null ? null : placeText(text, run);
}
