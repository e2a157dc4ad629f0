/**
 * The storage contracts the bot is built on: a key-value store with optimistic concurrency
 * (structurally a botbuilder `Storage`, so `ConversationState` takes it as is) and a lock
 * service for "one at a time" work (a conversation's turn, sending one outbox entry).
 *
 * Values are JSON (plain data): what is written is serialised, what is read is a fresh deep
 * copy the caller may mutate. Dates come back as strings, `undefined` fields disappear.
 */

/** One stored value. `eTag` is the version the store assigned at its last write. */
export interface StoreItem {
  eTag?: string;
  [key: string]: unknown;
}

/** Keyed items, as botbuilder passes them (its `StoreItems` is `Record<string, any>`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StoreItems = Record<string, any>;

/**
 * eTag rules (botbuilder's MemoryStorage, made strict the way Cosmos DB and Blob storage are):
 * - an item whose `eTag` is missing, empty or `'*'` is written unconditionally;
 * - any other `eTag` must equal the stored item's current eTag, else the write rejects with
 *   `ETagConflictError` (also when the item no longer exists: it was deleted since it was read);
 * - every successful write assigns a fresh eTag, returned by `read` on the item.
 * Items must be plain objects. A `write` or `delete` with several keys is checked as a whole
 * before anything is applied: a conflict on one key writes none of them.
 */
export interface KeyValueStore {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** Keys starting with `prefix` (e.g. 'outbox/'), in no particular order. */
  keys(prefix: string): Promise<string[]>;
  /** Is the backing service reachable? For /readyz. Never rejects. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A write carried an eTag that is no longer the stored one: someone else wrote first. */
export class ETagConflictError extends Error {
  override readonly name = 'ETagConflictError';
  constructor(readonly key: string) {
    super(`Storage: eTag conflict writing "${key}" (it was changed or deleted since it was read)`);
  }
}

/** True when a write with this eTag must match the stored one (not missing, empty or '*'). */
export function isConditional(eTag: unknown): eTag is string {
  return typeof eTag === 'string' && eTag !== '' && eTag !== '*';
}

/** The compare half of compare-and-set: throws when `given` is conditional and not `current`. */
export function checkETag(key: string, given: unknown, current: string | undefined): void {
  if (isConditional(given) && given !== current) throw new ETagConflictError(key);
}

/** A held lock. */
export interface Lease {
  readonly key: string;
  /** Gives the lock up. Idempotent; never rejects (a lock that could not be freed expires after its ttl). */
  release(): Promise<void>;
  /** Extend while work runs: the lock now expires `ms` from now. False when it was already lost (expired, taken over). */
  extend(ms: number): Promise<boolean>;
}

export interface LockService {
  /**
   * Waits up to `waitMs` for the lock on `key`; null when it could not be had in time
   * (`waitMs: 0` = one try). The lock expires after `ttlMs` if never released (a crashed holder).
   */
  acquire(key: string, options: { ttlMs: number; waitMs: number }): Promise<Lease | null>;
  close(): Promise<void>;
}
