/**
 * Loads the lexicon files (validated at module load) and turns raw tokens into canonical
 * tokens: spelling first (exact, de-stretched, "-nya" split off, then fuzzy for long words),
 * then slang rewrites ("udh" → "sudah", "gabisa" → "tidak bisa"). Lexicon phrases go through
 * the same rewrites, so a file may list either form and still match.
 */
import answersJson from './lexicons/answers.json' with { type: 'json' };
import channelsJson from './lexicons/channels.json' with { type: 'json' };
import contextJson from './lexicons/context.json' with { type: 'json' };
import datesJson from './lexicons/dates.json' with { type: 'json' };
import intentsJson from './lexicons/intents.json' with { type: 'json' };
import servicesJson from './lexicons/services.json' with { type: 'json' };
import slangJson from './lexicons/slang.json' with { type: 'json' };
import { FuzzyIndex, MIN_FUZZY_LENGTH } from './fuzzy.js';
import {
  AnswersFile, ChannelsFile, ContextFile, DatesFile, IntentsFile, LexiconError, ServicesFile,
  SlangFile, parseLexicon,
} from './lexicon-schema.js';
import { dedouble, isBreakToken, isNumeric, prepare, tokenize } from './normalize.js';

const DIR = 'src/nlu/lexicons';
export const files = {
  slang: parseLexicon(`${DIR}/slang.json`, SlangFile, slangJson),
  dates: parseLexicon(`${DIR}/dates.json`, DatesFile, datesJson),
  services: parseLexicon(`${DIR}/services.json`, ServicesFile, servicesJson),
  channels: parseLexicon(`${DIR}/channels.json`, ChannelsFile, channelsJson),
  answers: parseLexicon(`${DIR}/answers.json`, AnswersFile, answersJson),
  intents: parseLexicon(`${DIR}/intents.json`, IntentsFile, intentsJson),
  context: parseLexicon(`${DIR}/context.json`, ContextFile, contextJson),
};

interface Rewrite {
  from: string[];
  to: string[];
}

function buildRewrites(): Map<string, Rewrite[]> {
  const byFirst = new Map<string, Rewrite[]>();
  const seen = new Map<string, string>();
  for (const [canonical, variants] of Object.entries(files.slang.rewrites)) {
    const to = tokenize(prepare(canonical));
    for (const variant of variants) {
      const from = tokenize(prepare(variant));
      const key = from.join(' ');
      if (from.length === 0 || key === to.join(' ')) continue;
      const previous = seen.get(key);
      if (previous !== undefined && previous !== canonical) {
        throw new LexiconError(
          `Lexicon file ${DIR}/slang.json is invalid:\n  "${variant}" rewrites to both "${previous}" and "${canonical}"`,
        );
      }
      seen.set(key, canonical);
      const list = byFirst.get(from[0]!) ?? [];
      list.push({ from, to });
      byFirst.set(from[0]!, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.from.length - a.from.length);
  return byFirst;
}

const rewrites = buildRewrites();

/** Applies slang rewrites, longest variant first, left to right. */
function rewrite(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const candidates = rewrites.get(tokens[i]!);
    let applied = false;
    if (candidates !== undefined) {
      for (const r of candidates) {
        if (r.from.every((t, k) => tokens[i + k] === t)) {
          out.push(...r.to);
          i += r.from.length;
          applied = true;
          break;
        }
      }
    }
    if (!applied) out.push(tokens[i++]!);
  }
  return out;
}

/** A lexicon phrase in canonical tokens (no spelling correction: the file is the reference). */
export function canonicalPhrase(phrase: string): string[] {
  return rewrite(tokenize(prepare(phrase)));
}

function allPhrases(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) allPhrases(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k !== 'provider' && k !== 'method') allPhrases(v, into);
    }
  }
  return into;
}

function wordsOf(values: unknown[]): Set<string> {
  const words = new Set<string>();
  for (const phrase of allPhrases(values)) for (const t of canonicalPhrase(phrase)) words.add(t);
  return words;
}

// Words a token may be corrected towards: the slot words, where a typo costs a slot. Dates,
// answers and context words are short or too close to ordinary words to be guessed at.
const fuzzyTargets = wordsOf([files.channels, files.services, files.intents.intents]);
const known = wordsOf(Object.values(files));
for (const list of rewrites.values()) for (const r of list) for (const t of r.from) known.add(t);
const fuzzy = new FuzzyIndex([...fuzzyTargets].filter((w) => w.length >= MIN_FUZZY_LENGTH && /^\p{L}+$/u.test(w)));

const CACHE_LIMIT = 50_000;
const spellingCache = new Map<string, readonly string[]>();

function knownForm(word: string): string | null {
  if (known.has(word)) return word;
  const single = dedouble(word);
  return single !== word && known.has(single) ? single : null;
}

function correct(token: string): readonly string[] {
  if (isBreakToken(token) || isNumeric(token) || known.has(token)) return [token];
  const exact = knownForm(token);
  if (exact !== null) return [exact];
  // Betawi "-nye" ("internetnye") is the same possessive as "-nya".
  if (token.length >= 6 && (token.endsWith('nya') || token.endsWith('nye'))) {
    const base = token.slice(0, -3);
    const baseForm = knownForm(base) ?? fuzzy.lookup(base);
    if (baseForm !== null) return [baseForm, 'nya'];
  }
  // Javanese "-e" ("smse", "telpone", "internete") is the same possessive, on slot words only.
  if (token.length >= 4 && token.endsWith('e') && fuzzyTargets.has(token.slice(0, -1))) return [token.slice(0, -1), 'nya'];
  const near = fuzzy.lookup(token) ?? fuzzy.lookup(dedouble(token));
  return [near ?? token];
}

/** Spelling of one raw token, memoised: chat vocabulary repeats, so batch mode hits the cache. */
function spell(token: string): readonly string[] {
  const hit = spellingCache.get(token);
  if (hit !== undefined) return hit;
  const result = correct(token);
  if (spellingCache.size >= CACHE_LIMIT) spellingCache.clear();
  spellingCache.set(token, result);
  return result;
}

/** Raw tokens → canonical tokens. */
export function canonicalTokens(raw: readonly string[]): string[] {
  const spelled: string[] = [];
  for (const token of raw) {
    const s = spell(token);
    if (s.length === 1) spelled.push(s[0]!);
    else spelled.push(...s);
  }
  return rewrite(spelled);
}

/** Canonical phrases of a list, deduplicated, for building matchers. */
export function canonicalList(phrases: readonly string[]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const p of phrases) {
    const tokens = canonicalPhrase(p);
    const key = tokens.join(' ');
    if (tokens.length > 0 && !seen.has(key)) {
      seen.add(key);
      out.push(tokens);
    }
  }
  return out;
}

/** Canonical phrases of a list as a set of space-joined strings, for membership tests. */
export function canonicalSet(phrases: readonly string[]): Set<string> {
  return new Set(canonicalList(phrases).map((t) => t.join(' ')));
}
