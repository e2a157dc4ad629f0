/**
 * Corrections and negations as clauses, one mechanism for every key (docs/understand.md,
 * "Harder forms"). A message is cut at correction markers ("eh bukan", "ralat", "salah ketik,
 * harusnya", "yg bener") into segments; a key named in a later segment replaces the value an
 * earlier segment gave it. A negated clause ("bukan X tapi Y") names what the customer did not
 * mean: a key it names is read from the message without it. The markers are data
 * (lexicons/clauses.json); this module only finds them and cuts — pure, one pass over the
 * tokens, so the cost stays linear in the message length.
 */
import clausesJson from './lexicons/clauses.json' with { type: 'json' };
import { canonicalPhrase, canonicalTokens, files } from './lexicon.js';
import { ClausesFile, parseLexicon } from './lexicon-schema.js';
import { isBreakToken } from './normalize.js';

const lexicon = parseLexicon('src/nlu/lexicons/clauses.json', ClausesFile, clausesJson);

/** Phrases as canonical token lists, longest first, by first token. */
function index(phrases: readonly string[]): Map<string, string[][]> {
  const byFirst = new Map<string, string[][]>();
  for (const p of phrases) {
    const tokens = canonicalPhrase(p);
    if (tokens.length === 0) continue;
    const list = byFirst.get(tokens[0]!) ?? [];
    list.push(tokens);
    list.sort((a, b) => b.length - a.length);
    byFirst.set(tokens[0]!, list);
  }
  return byFirst;
}

const CORRECTIONS = index(lexicon.corrections);
const NEGATIONS = index(lexicon.negations);
const NEGATION_ENDS = index(lexicon.negationEnds);
const TAILS = index(lexicon.correctionTails);
const TOPICS = index(lexicon.negationTopics);
const ADDITIONS = index(lexicon.additions);

const { services, channels, context } = files;
const ONLY_WORDS = new Set(context.onlyWords.map((w) => canonicalPhrase(w).join(' ')));
const SERVICE_WORDS = index(['DATA', 'SMS', 'VOICE'].flatMap((s) => services.services[s as 'DATA' | 'SMS' | 'VOICE']));
const CHANNEL_PHRASES = index([
  ...Object.values(channels.providers).flat(),
  ...Object.values(channels.methods).flat(),
  ...channels.bundles.flatMap((b) => b.aliases),
]);

/** Length of the longest phrase of `phrases` starting at token i (0 when none). */
function lengthAt(phrases: Map<string, string[][]>, words: readonly string[], i: number): number {
  const list = phrases.get(words[i]!);
  if (list === undefined) return 0;
  for (const p of list) {
    if (i + p.length > words.length) continue;
    let k = 0;
    while (k < p.length && words[i + k] === p[k]) k++;
    if (k === p.length) return p.length;
  }
  return 0;
}

const CACHE_LIMIT = 20_000;
const canonicalWord = new Map<string, string>();

/** One raw token in canonical form, memoised: markers are compared word by word. */
function canonical(token: string): string {
  if (isBreakToken(token)) return token;
  let word = canonicalWord.get(token);
  if (word === undefined) {
    word = canonicalTokens([token]).join(' ');
    if (canonicalWord.size >= CACHE_LIMIT) canonicalWord.clear();
    canonicalWord.set(token, word);
  }
  return word;
}

/** At most this many negated clauses are re-read: each costs a reading of the message. */
const MAX_NEGATIONS = 3;

export interface Clauses {
  /** The message cut at correction markers, in order (raw tokens joined by spaces); one entry when there is none. */
  segments: string[];
  /** Per segment: it adds to what came before ("eh sama telpon juga") rather than replacing it. */
  additive: boolean[];
  /** Per segment: the marker run before it ("salah ketik"), "" for the first; none for a run ending in a negation. */
  markers: string[];
  /** Each negated clause ("bukan X" up to "tapi", "yang" or punctuation) and the message without it. */
  negations: Array<{ negated: string; rest: string }>;
  /** The message without its markers (except a denying one that opens it: "bukan, …" still answers no). */
  unmarked: string;
  /** The message without its markers and without the negation words that open a negated clause. */
  unnegated: string;
}

/**
 * Raw tokens → clauses. Markers are compared in canonical form one raw token at a time
 * ("yg bener" = "yang benar"), so every segment can be re-read from its own raw words.
 */
export function splitClauses(raw: readonly string[]): Clauses {
  const words = raw.map(canonical);
  const segments: string[] = [];
  const additive: boolean[] = [];
  const markers: string[] = [''];
  let adds = false;
  const negations: Clauses['negations'] = [];
  const dropped = new Set<number>();
  const denials = new Set<number>();
  let start = 0;
  for (let i = 0; i < words.length; ) {
    const n = lengthAt(CORRECTIONS, words, i);
    const neg = n === 0 ? lengthAt(NEGATIONS, words, i) : 0;
    if (n > 0 || (neg > 0 && isCorrectionNegation(words, i + neg))) {
      let end = i + (n > 0 ? n : neg);
      // "eh bukan, …", "bukan deng, …", "eh, ralat": a run of markers and their tails is one cut.
      for (let more = true; more; ) {
        more = false;
        const m = lengthAt(CORRECTIONS, words, end) || lengthAt(NEGATIONS, words, end) || lengthAt(TAILS, words, end);
        if (m > 0) {
          end += m;
          more = true;
        } else if (end < words.length && isBreakToken(words[end]!) && end === i + 1) {
          end++;
          more = true;
        }
      }
      segments.push(raw.slice(start, i).join(' '));
      additive.push(adds);
      markers.push(NEGATIONS.has(words[end - 1]!) ? '' : raw.slice(i, end).join(' '));
      adds = false;
      // An opening marker stays only when it can answer no ("bukan, …"); "eh iya salah, …" is no yes.
      if (i > 0 || !deniesAtStart(words, end)) for (let k = i; k < end; k++) dropped.add(k);
      // "eh bukan atm, m-banking": what the negation names before a break is what was not meant.
      const denied = i > 0 ? deniedUntil(words, end) : end;
      for (let k = end; k < denied; k++) dropped.add(k);
      start = denied;
      i = denied;
      continue;
    }
    // "bukan cuma sms, internet juga": "not only" adds, it denies nothing.
    if (neg > 0 && i + neg < words.length && ONLY_WORDS.has(words[i + neg]!)) {
      i += neg;
      continue;
    }
    if (neg > 0) {
      let end = i + neg;
      while (end < words.length && !isBreakToken(words[end]!) && lengthAt(NEGATION_ENDS, words, end) === 0 && (end === i + neg || !startsTopic(words, end, i + neg))) end++;
      if (end > i + neg && negations.length < MAX_NEGATIONS) {
        for (let k = i; k < i + neg; k++) denials.add(k);
        negations.push({ negated: raw.slice(i + neg, end).join(' '), rest: [...raw.slice(start, i), ...raw.slice(end)].join(' ') });
      }
      i = end;
      continue;
    }
    if (lengthAt(ADDITIONS, words, i) > 0) adds = true;
    i++;
  }
  segments.push(raw.slice(start).join(' '));
  additive.push(adds);
  const unmarked = dropped.size === 0 ? raw.join(' ') : raw.filter((_t, k) => !dropped.has(k)).join(' ');
  const unnegated = raw.filter((_t, k) => !dropped.has(k) && !denials.has(k)).join(' ');
  return { segments, additive, markers, negations, unmarked, unnegated };
}

// "0838-1234-5678", "62812…": the start of a mobile number.
const MOBILE_START = /^(?:62|0)8\d{2}/;

/**
 * A phone label or a mobile number: another key begins ("bukan pake dana ya kak 0838…"); not
 * the number of a label opening the clause ("bukan nomor 0812… tapi 0813…").
 */
function startsTopic(words: readonly string[], k: number, first: number): boolean {
  if (lengthAt(TOPICS, words, k) > 0) return true;
  // "bukan lewat bca internet mati": a service (not a channel's word: "internet banking") starts the complaint.
  const service = lengthAt(SERVICE_WORDS, words, k);
  // "bukan cuma sms": a service after an only-word is what the negation is about.
  if (service > 0 && lengthAt(CHANNEL_PHRASES, words, k) < service && !ONLY_WORDS.has(words[k - 1]!)) return true;
  return MOBILE_START.test(words[k]!) && first + lengthAt(TOPICS, words, first) !== k;
}

/**
 * After a marker run ending in a negation ("eh bukan"), the words up to the next break or end
 * word ("eh bukan kmrn tp senin") when more follows it: the index just after that break or
 * end word; else `end` (nothing is denied).
 */
function deniedUntil(words: readonly string[], end: number): number {
  if (end === 0 || end >= words.length || !NEGATIONS.has(words[end - 1]!) || isBreakToken(words[end]!)) return end;
  let k = end;
  let stop = 0;
  while (k < words.length && !isBreakToken(words[k]!) && (stop = lengthAt(NEGATION_ENDS, words, k)) === 0) k++;
  const next = k + Math.max(stop, 1);
  return next < words.length ? next : end;
}

/** A marker run opening the message that holds a negation or "tidak" ("bukan, …", "eh tidak deng"). */
function deniesAtStart(words: readonly string[], end: number): boolean {
  for (let k = 0; k < end; k++) if (words[k] === 'tidak' || lengthAt(NEGATIONS, words, k) > 0) return true;
  return false;
}

/** "bukan," / "bukan deng" / a negation ending the message: a correction, not a negated clause. */
function isCorrectionNegation(words: readonly string[], after: number): boolean {
  return after >= words.length || isBreakToken(words[after]!) || lengthAt(TAILS, words, after) > 0;
}
