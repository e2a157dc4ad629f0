/**
 * Typo tolerance for lexicon words: "indomarett", "mandri", "interent". Short words are never
 * corrected ("ga", "ya", "bri", "bni" differ by one letter from other real words), and the
 * edit budget grows only for long words, where one or two slips cannot make another word.
 */

/** Words shorter than this are matched exactly. */
export const MIN_FUZZY_LENGTH = 5;
/** From this length, two edits are allowed. */
export const TWO_EDITS_LENGTH = 8;

export function maxEdits(length: number): number {
  if (length < MIN_FUZZY_LENGTH) return 0;
  return length >= TWO_EDITS_LENGTH ? 2 : 1;
}

/**
 * Optimal-string-alignment Damerau-Levenshtein distance (a transposition counts as one edit,
 * as in "mandrii"/"mnadiri"), stopping early once `limit` cannot be met.
 */
export function damerauLevenshtein(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, prevPrev[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n]!;
}

function deletions(word: string, depth: number, into: Set<string>): void {
  if (depth === 0) return;
  for (let i = 0; i < word.length; i++) {
    const shorter = word.slice(0, i) + word.slice(i + 1);
    if (!into.has(shorter)) {
      into.add(shorter);
      deletions(shorter, depth - 1, into);
    }
  }
}

/**
 * Symmetric-delete index: two words within k edits share a string reachable from both by at
 * most k deletions, so a lookup touches a handful of candidates instead of the whole lexicon.
 */
export class FuzzyIndex {
  private readonly byDeletion = new Map<string, string[]>();
  /** Length of the longest indexed word: a longer token can only be within budget of it if
   * it is at most `maxEdits` longer (see lookup). */
  private maxWordLength = 0;

  constructor(words: Iterable<string>) {
    for (const word of words) {
      const depth = maxEdits(word.length);
      if (depth === 0) continue;
      if (word.length > this.maxWordLength) this.maxWordLength = word.length;
      const keys = new Set<string>([word]);
      deletions(word, depth, keys);
      for (const key of keys) {
        const bucket = this.byDeletion.get(key);
        if (bucket === undefined) this.byDeletion.set(key, [word]);
        else if (!bucket.includes(word)) bucket.push(word);
      }
    }
  }

  /**
   * The closest indexed word within the budget both words allow, or null. Ties go to the
   * alphabetically first word, so the answer never depends on insertion order.
   */
  lookup(token: string): string | null {
    const budget = maxEdits(token.length);
    if (budget === 0) return null;
    // Edit distance is at least the length difference, and no indexed word allows more than
    // two edits: a token longer than the longest word + 2 cannot match. Checking this first
    // matters for cost, not only speed: the depth-2 deletions of an n-letter token are O(n^2)
    // strings of length n (O(n^3) memory), which for a 1,750-letter "kemarinkemarin…"
    // exhausted the heap.
    if (token.length > this.maxWordLength + 2) return null;
    const keys = new Set<string>([token]);
    deletions(token, budget, keys);
    let best: string | null = null;
    let bestDistance = Infinity;
    for (const key of keys) {
      const bucket = this.byDeletion.get(key);
      if (bucket === undefined) continue;
      for (const word of bucket) {
        const limit = Math.min(budget, maxEdits(word.length));
        const d = damerauLevenshtein(token, word, limit);
        if (d > limit) continue;
        if (d < bestDistance || (d === bestDistance && best !== null && word < best)) {
          best = word;
          bestDistance = d;
        }
      }
    }
    return best;
  }
}
