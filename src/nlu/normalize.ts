/**
 * Text → raw tokens, before any lexicon is consulted. Chat Indonesian glues words and digits
 * ("tgl20", "20nov"), stretches letters ("belummm"), reduplicates with a 2 ("apa2") and uses
 * hyphens inside words ("m-banking"); all of that is undone here so the lexicons can list
 * plain words. Digits keep their separators ("20/11/2026", "10.30") because dates need them.
 */

/**
 * Longer messages are cut: a customer's message is a few hundred characters, and the cap
 * bounds the cost of pasted garbage. What follows the cap cannot be a slot we act on.
 */
export const MAX_MESSAGE_LENGTH = 2000;

/** Punctuation that ends a clause; kept as one token so rules can see clause boundaries. */
export const BREAK = ',';
/** A question mark ends a clause too, and says the clause asks rather than answers. */
export const QUESTION = '?';

export function isBreakToken(token: string): boolean {
  return token === BREAK || token === QUESTION;
}

const APOSTROPHE_IN_WORD = /(\p{L})['’`´](\p{L})/gu;
// "the 20th", "on the 3rd": an English ordinal on its own is a day of the month; after a
// month name ("December 20th") it is just the day.
const ORDINAL = /(?<![\p{L}\p{N}])(?:(the|on)\s+)?(\d{1,2})(?:st|nd|rd|th)(?![\p{L}\p{N}])/gu;
// "apa2", "hari2": Indonesian reduplication written with a 2.
const REDUPLICATION = /(?<![\p{L}\p{N}])(\p{L}{2,})2(?![\p{L}\p{N}])/gu;
// One token at a time: network generations ("4g") stay whole; numbers keep inner separators;
// words are letter runs; clause punctuation is a break.
const TOKEN =
  /([2-5]g)(?![\p{L}\p{N}])|(\d+(?:[/.:-]\d+)*)|([\p{L}\p{M}]+)|([,.;!?]|\s[-–—]\s|\n)/gu;
const STRETCHED = /(\p{L})\1{2,}/gu;

/** Unicode-folded, lower-cased and length-capped: the form every extractor starts from. */
export function prepare(text: unknown): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  const capped = text.length > MAX_MESSAGE_LENGTH ? text.slice(0, MAX_MESSAGE_LENGTH) : text;
  return capped.normalize('NFKC').toLowerCase();
}

/** Raw tokens of a prepared message: words, numbers (with their separators) and breaks. */
export function tokenize(prepared: string): string[] {
  if (prepared.length === 0) return [];
  const text = prepared
    .replace(APOSTROPHE_IN_WORD, '$1$2')
    .replace(ORDINAL, (_m, article: string | undefined, day: string) => (article === undefined ? ` ${day} ` : ` tanggal ${day} `))
    .replace(REDUPLICATION, '$1 $1');
  const tokens: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (m[1] !== undefined) tokens.push(m[1]);
    else if (m[2] !== undefined) tokens.push(m[2]);
    else if (m[3] !== undefined) tokens.push(m[3].replace(STRETCHED, '$1$1'));
    else if (m[4] === '.' && isAbbreviation(tokens[tokens.length - 1])) continue;
    else if (tokens.length === 0) continue;
    else {
      const mark = m[4] === '?' ? QUESTION : BREAK;
      const last = tokens.length - 1;
      if (!isBreakToken(tokens[last]!)) tokens.push(mark);
      else if (mark === QUESTION) tokens[last] = QUESTION; // "??!" and ",?" still ask
    }
  }
  return tokens;
}

// "tgl. 20", "no. hp", "jan.": the dot after a short abbreviation does not end a clause. Chat
// abbreviations drop their vowels (tgl, hp, bln, sdh); the few with a vowel are listed. A short
// word with a vowel ("kak.", "ya.", "ok.") is a word: its dot ends the sentence.
const VOWEL = /[aeiou]/;
const ABBREVIATIONS_WITH_VOWEL = new Set([
  'no', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'agu', 'ags', 'agt', 'sep', 'okt', 'nov', 'des', 'kab', 'kec', 'kel', 'jl', 'jln', 'ket', 'dst', 'an',
]);

function isAbbreviation(previous: string | undefined): boolean {
  if (previous === undefined || previous.length > 3 || isNumeric(previous)) return false;
  return !VOWEL.test(previous) || ABBREVIATIONS_WITH_VOWEL.has(previous);
}

/** "belumm" → "belum", "iyaa" → "iya": the second chance for a stretched word. */
export function dedouble(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}

export function isNumeric(token: string): boolean {
  const c = token.charCodeAt(0);
  return c >= 48 && c <= 57;
}
