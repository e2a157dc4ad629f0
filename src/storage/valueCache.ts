/**
 * The file store's bounded memory: the value JSON of recently written or read items, least
 * recently used evicted first once over budget, so conversations in progress are served from
 * memory and finished ones cost only their index entry.
 *
 * Each value is cached with its eTag and only returned for that eTag: a value read from disk
 * just as a newer version committed can never stand in for the newer one.
 */

interface Cached {
  eTag: string;
  json: string;
  cost: number;
}

/** Map entry, object and eTag: what a cached value costs besides its text. */
const ENTRY_OVERHEAD = 120;

export class ValueCache {
  /** In use order, least recent first (a Map iterates in insertion order). */
  private readonly entries = new Map<string, Cached>();
  private used = 0;

  constructor(private readonly maxBytes: number) {}

  /** Bytes held, as counted against the budget. */
  get bytes(): number {
    return this.used;
  }

  /** The value of this version of `key`, marked as just used. */
  get(key: string, eTag: string): string | undefined {
    const cached = this.peek(key, eTag);
    if (cached === undefined) return undefined;
    const entry = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return cached;
  }

  /** Like `get`, without counting as a use (a compaction copying everything is no sign of interest). */
  peek(key: string, eTag: string): string | undefined {
    const entry = this.entries.get(key);
    return entry?.eTag === eTag ? entry.json : undefined;
  }

  set(key: string, eTag: string, json: string): void {
    this.delete(key);
    // Characters, not UTF-8 bytes: V8 keeps Latin-1 text (most state) at one byte per character.
    const cost = json.length + key.length + ENTRY_OVERHEAD;
    if (cost > this.maxBytes) return;
    this.entries.set(key, { eTag, json, cost });
    this.used += cost;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= entry.cost;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.cost;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}
