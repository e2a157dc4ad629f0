/**
 * What every store keeps per key, and the eTag rules applied to a batch, shared by the
 * in-memory and the file store (Redis applies the same rules in Lua).
 *
 * Items are held as JSON text: a write snapshots the caller's object (later mutations do not
 * leak in), every read hands out a fresh deep copy, and sizes are honest.
 */
import { randomUUID } from 'node:crypto';
import { SortedKeys } from './sortedKeys.js';
import { checkETag, type StoreItem, type StoreItems } from './types.js';

export interface Stored {
  /** The item without its eTag, as JSON. */
  json: string;
  eTag: string;
}

/** Random rather than a counter: an eTag never comes back after a restart (no ABA). */
export const newETag = (): string => randomUUID();

/** The item's JSON without its eTag; items must be plain objects (botbuilder's StoreItem). */
export function encode(key: string, item: unknown): string {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new TypeError(`Storage: the item for "${key}" must be an object`);
  }
  const { eTag: _eTag, ...rest } = item as StoreItem;
  return JSON.stringify(rest);
}

export function decode(stored: Stored): StoreItem {
  return { ...(JSON.parse(stored.json) as object), eTag: stored.eTag };
}

/** A map of stored items with all-or-nothing batch writes. Not thread-safe by itself: callers serialise. */
export class ItemTable {
  private readonly items = new Map<string, Stored>();
  private readonly sortedKeys = new SortedKeys();

  read(keys: string[]): StoreItems {
    const out: StoreItems = {};
    for (const key of keys) {
      const stored = this.items.get(key);
      if (stored) out[key] = decode(stored);
    }
    return out;
  }

  /** Checks every eTag and encodes every item; nothing is applied yet, so a conflict changes nothing. */
  prepare(changes: StoreItems): Array<[string, Stored]> {
    const entries = Object.entries(changes);
    for (const [key, item] of entries) checkETag(key, (item as StoreItem | null)?.eTag, this.items.get(key)?.eTag);
    return entries.map(([key, item]) => [key, { json: encode(key, item), eTag: newETag() }]);
  }

  apply(entries: Array<[string, Stored]>): void {
    for (const [key, stored] of entries) {
      if (!this.items.has(key)) this.sortedKeys.add(key);
      this.items.set(key, stored);
    }
  }

  remove(keys: string[]): void {
    for (const key of keys) {
      if (this.items.delete(key)) this.sortedKeys.delete(key);
    }
  }

  keys(prefix: string): string[] {
    return this.sortedKeys.withPrefix(prefix);
  }
}
