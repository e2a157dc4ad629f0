/**
 * The embedded persistent store, the default for `npm start`: pure JavaScript (no native
 * module, so one install serves Node 20 and 22), one process per directory (see dirLock.ts).
 *
 * Bitcask-style: every change is appended to `<dir>/state.log` (format in fileLog.ts) and
 * fdatasync'ed before `write()`/`delete()` resolves, so whatever a turn saved before it answered
 * survives a crash, a SIGKILL or a power loss. Memory holds only an index, key → { eTag, offset,
 * length } of the value's JSON in the log, plus a bounded LRU cache of value JSON (valueCache.ts)
 * that keeps conversations in progress off the disk; other values are read back with positioned
 * reads. So memory follows the number of keys and the cache budget, not the data ever stored.
 *
 * Group commit: changes that arrive while an append is being synced wait together and go out
 * as the next group, one append and one fdatasync for all. Within a group they are checked in
 * call order against the index plus the earlier changes of the group, so eTag rules are exactly
 * those of one change at a time; a conflict rejects its change alone. The index (what reads
 * see) changes only after the group is on disk; a disk error rejects the whole group and cuts
 * the file back to its last good length.
 *
 * The log is compacted (live records rewritten to a new file that replaces it atomically) on
 * open and whenever it is at least `compactMinBytes` and more than `compactRatio` times the live
 * data. Compaction runs between groups, so no append races it; reads go on during it and keep
 * the old file's handle alive until they finish (logHandle.ts).
 */
import { mkdir, open, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from '../log.js';
import { claimDirectory, type DirectoryClaim } from './dirLock.js';
import { byOffset, LOG_FILE, recordBytes, writeSnapshot, type IndexEntry, type LogRecord } from './fileLog.js';
import { decode, encode } from './items.js';
import { settleGroup, stageGroup, type Change, type Put } from './logGroup.js';
import { LogHandle, WindowReader } from './logHandle.js';
import { loadLog } from './logReplay.js';
import type { KeyValueStore, StoreItem, StoreItems } from './types.js';
import { SortedKeys } from './sortedKeys.js';
import { ValueCache } from './valueCache.js';

export interface FileStoreOptions {
  log?: Logger;
  /** Never compact a log smaller than this (default 1 MiB). */
  compactMinBytes?: number;
  /** Compact when the log is more than this many times the live data (default 4). */
  compactRatio?: number;
  /** Memory for recently used values' JSON (default 8 MiB; 0: every read goes to the file). */
  cacheBytes?: number;
  /**
   * Compact, whatever the share of dead bytes, once the oldest dead (deleted or superseded)
   * record in the log is this old, so forgotten data leaves the disk in bounded time
   * (default: never by age; createStores sets 1 hour). Checked after each group and by an
   * unref'd timer every min(maxDeadAgeMs / 10, 60 s).
   */
  maxDeadAgeMs?: number;
  /** The clock for `maxDeadAgeMs` (tests). */
  now?: () => number;
}

/** Counters for tests and metrics; not part of the KeyValueStore contract. */
export interface FileStoreStats {
  /** fdatasyncs acknowledging changes (one per group). */
  datasyncs: number;
  /** Values read from the log because the cache did not have them. */
  diskReads: number;
  cacheHits: number;
  compactions: number;
}

export class FileStore implements KeyValueStore {
  readonly stats: FileStoreStats = { datasyncs: 0, diskReads: 0, cacheHits: 0, compactions: 0 };
  private readonly cache: ValueCache;
  /** The index's keys in order, for `keys(prefix)`; compaction keeps the same keys. */
  private readonly sortedKeys: SortedKeys;
  /** Bytes the live records would take in a compacted log. */
  private live = 0;
  /** Changes waiting for the next group. */
  private pending: Change[] = [];
  /** Set while groups are being written (and compactions run between them). */
  private flushing: Promise<void> | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  /** The handle is gone: reads too are refused. */
  private shut = false;
  /** Set when the log may no longer match the index (a failed append that could not be undone). */
  private broken: Error | null = null;
  /** When the log's oldest dead bytes became dead (null: the log holds none). */
  private oldestDeadAt: number | null = null;
  private ageTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly dir: string,
    /** Index and file of one generation: replaced together, in one synchronous step. */
    private index: Map<string, IndexEntry>,
    private file: LogHandle,
    private fileBytes: number,
    private readonly claim: DirectoryClaim,
    private readonly options: Required<Omit<FileStoreOptions, 'log'>> & { log: Logger | undefined },
  ) {
    this.cache = new ValueCache(options.cacheBytes);
    if (Number.isFinite(options.maxDeadAgeMs)) {
      // Fire and forget: checkDeadAge never rejects (compaction and flush failures are logged and stop the store).
      this.ageTimer = setInterval(() => void this.checkDeadAge(), Math.max(1, Math.min(options.maxDeadAgeMs / 10, 60_000)));
      this.ageTimer.unref();
    }
    this.sortedKeys = new SortedKeys(index.keys());
    for (const [key, entry] of index) this.live += recordBytes(key, entry);
  }

  /** Opens the store in `dir` (created if missing); throws if another live process holds it. */
  static async open(dir: string, options: FileStoreOptions = {}): Promise<FileStore> {
    const path = resolve(dir);
    await mkdir(path, { recursive: true });
    const claim = await claimDirectory(path, options.log);
    try {
      const { index, fileBytes } = await loadLog(path, options.log);
      const handle = new LogHandle(await open(join(path, LOG_FILE), 'a+'));
      const store = new FileStore(path, index, handle, fileBytes, claim, {
        log: options.log,
        compactMinBytes: options.compactMinBytes ?? 1024 * 1024,
        compactRatio: options.compactRatio ?? 4,
        cacheBytes: options.cacheBytes ?? 8 * 1024 * 1024,
        maxDeadAgeMs: options.maxDeadAgeMs ?? Infinity,
        now: options.now ?? Date.now,
      });
      options.log?.info({ event: 'store.opened', dir: path, items: index.size, bytes: fileBytes }, 'file store opened');
      return store;
    } catch (error) {
      await claim.release();
      throw error;
    }
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (this.shut) throw this.closedError();
    const found: Array<[string, Promise<StoreItem>]> = [];
    // No await until every key is located: each read takes an entry and the file it points
    // into from the same generation, whatever a compaction swaps in meanwhile.
    for (const key of keys) {
      const entry = this.index.get(key);
      if (!entry) continue;
      const cached = this.cache.get(key, entry.eTag);
      if (cached !== undefined) {
        this.stats.cacheHits += 1;
        found.push([key, Promise.resolve(decode({ json: cached, eTag: entry.eTag }))]);
        continue;
      }
      this.stats.diskReads += 1;
      const reading = this.file.read(entry.offset, entry.length).then((data) => {
        const json = data.toString('utf8');
        if (this.index.get(key)?.eTag === entry.eTag) this.cache.set(key, entry.eTag, json);
        return decode({ json, eTag: entry.eTag });
      });
      found.push([key, reading]);
    }
    const items = await Promise.all(found.map(([, item]) => item));
    const out: StoreItems = {};
    found.forEach(([key], i) => (out[key] = items[i]));
    return out;
  }

  write(changes: StoreItems): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    let puts: Put[];
    try {
      // Encoded now: what is written is the item as it was when write() was called.
      puts = Object.entries(changes).map(([key, item]) => {
        const json = encode(key, item);
        return { key, given: (item as StoreItem | null)?.eTag, json, bytes: Buffer.byteLength(json) };
      });
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue({ puts });
  }

  delete(keys: string[]): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.enqueue({ deletes: [...keys] });
  }

  async keys(prefix: string): Promise<string[]> {
    return this.sortedKeys.withPrefix(prefix);
  }

  async ping(): Promise<boolean> {
    return !this.closed && !this.broken;
  }

  /** Finishes the changes already asked for, then lets the directory go. */
  close(): Promise<void> {
    this.closed = true;
    if (this.ageTimer) clearInterval(this.ageTimer);
    this.ageTimer = null;
    this.closing ??= (async () => {
      await this.flushing;
      this.shut = true;
      await this.file.retire();
      this.cache.clear();
      await this.claim.release();
    })();
    return this.closing;
  }

  private enqueue(change: { puts: Put[] } | { deletes: string[] }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ ...change, resolve, reject });
      // Started a microtask later, so changes asked for in the same tick share the first group.
      this.flushing ??= Promise.resolve().then(() => this.flush());
    });
  }

  /** Writes groups until no change waits; one group at a time, so appends never interleave. */
  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      try {
        await this.commit(group);
        await this.compactIfDue();
      } catch (error) {
        // A bug, not a disk error (those are handled where they happen): the index may not
        // match the log any more, so stop taking changes; rejecting settled ones is a no-op.
        this.broken = error as Error;
        for (const change of group) change.reject(error);
        this.options.log?.error({ event: 'store.failed', err: error, dir: this.dir }, 'the file store failed unexpectedly; it stops taking changes');
      }
    }
    this.flushing = null;
  }

  /** Checks, appends and applies one group; settles every change in it. */
  private async commit(group: Change[]): Promise<void> {
    if (this.broken) {
      const error = new Error(`The file store in ${this.dir} stopped after a disk error; restart the process`, { cause: this.broken });
      for (const change of group) change.reject(error);
      return;
    }
    const staged = stageGroup(group, (key) => this.index.get(key)?.eTag);
    let failure: { error: unknown } | null = null;
    if (staged.bytes > 0) {
      const base = this.fileBytes;
      try {
        await this.append(staged.text, staged.bytes);
      } catch (error) {
        failure = { error };
      }
      if (!failure) for (const { record, at } of staged.effects) this.apply(record, base + at);
    }
    settleGroup(group, staged.settled, failure);
  }

  /** Appends a group's lines and waits until they are on disk; undoes a partial append on failure. */
  private async append(text: string, bytes: number): Promise<void> {
    const data = Buffer.from(text, 'utf8');
    if (data.length !== bytes) throw new Error(`Internal: a group laid out as ${bytes} bytes encodes to ${data.length}`);
    const { handle } = this.file;
    try {
      await handle.appendFile(data);
      this.stats.datasyncs += 1;
      await handle.datasync();
    } catch (error) {
      // Cut what may have reached the file, so the log holds only acknowledged changes.
      await handle.truncate(this.fileBytes).catch((truncateError: unknown) => {
        this.broken = truncateError as Error;
      });
      throw error;
    }
    this.fileBytes += data.length;
  }

  /** Compacts now if the oldest dead bytes are older than `maxDeadAgeMs` (timer; tests). */
  checkDeadAge(): Promise<void> {
    if (this.closed || this.broken || !this.deadTooOld()) return this.flushing ?? Promise.resolve();
    this.flushing ??= this.compactIfDue().then(() => this.flush());
    return this.flushing;
  }

  private deadTooOld(): boolean {
    return this.oldestDeadAt !== null && this.options.now() - this.oldestDeadAt >= this.options.maxDeadAgeMs;
  }

  private apply(record: LogRecord, offset: number): void {
    const old = this.index.get(record.key);
    if (old || 'deleted' in record) this.oldestDeadAt ??= this.options.now();
    if (old) this.live -= recordBytes(record.key, old);
    if ('deleted' in record) {
      this.index.delete(record.key);
      this.sortedKeys.delete(record.key);
      this.cache.delete(record.key);
      return;
    }
    const entry: IndexEntry = { eTag: record.eTag, offset, length: record.bytes };
    if (!old) this.sortedKeys.add(record.key);
    this.index.set(record.key, entry);
    this.live += recordBytes(record.key, entry);
    this.cache.set(record.key, record.eTag, record.json);
  }

  /**
   * Rewrites the log when it is mostly dead records. Never fails the changes before it (they
   * are already on disk, in the old log and in the snapshot).
   */
  private async compactIfDue(): Promise<void> {
    const { compactMinBytes, compactRatio, log } = this.options;
    if (this.broken) return;
    if (!this.deadTooOld() && (this.fileBytes < compactMinBytes || this.fileBytes <= compactRatio * this.live)) return;
    const before = this.fileBytes;
    const old = this.file;
    let snapshot;
    try {
      const window = new WindowReader(old, this.fileBytes);
      snapshot = await writeSnapshot(this.dir, byOffset(this.index), (key, entry) => this.cache.peek(key, entry.eTag) ?? window.read(entry.offset, entry.length));
    } catch (error) {
      if (!(await this.logReplaced())) {
        // The old log is untouched: keep appending to it, try again after the next change.
        log?.error({ event: 'store.compaction_failed', err: error, dir: this.dir }, 'compacting state.log failed; the log keeps growing');
        return;
      }
      // Renamed, but the rename may not survive a power loss: later appends could be lost.
      this.broken = error as Error;
      log?.error({ event: 'store.failed', err: error, dir: this.dir }, 'state.log compacted but the directory could not be synced; the store stops taking changes');
      return;
    }
    let handle;
    try {
      handle = await open(join(this.dir, LOG_FILE), 'a+'); // the path names the new file now
    } catch (error) {
      this.broken = error as Error; // reads go on from the old file, which still holds every value
      log?.error({ event: 'store.failed', err: error, dir: this.dir }, 'the compacted state.log could not be opened; the store stops taking changes');
      return;
    }
    this.file = new LogHandle(handle);
    this.index = snapshot.index;
    this.fileBytes = snapshot.bytes;
    this.live = snapshot.bytes;
    this.oldestDeadAt = null; // compaction runs between groups: nothing was appended meanwhile
    this.stats.compactions += 1;
    void old.retire();
    log?.info({ event: 'store.compacted', dir: this.dir, before, after: this.fileBytes }, 'state.log compacted');
  }

  /** Whether the log path names another file than the one being appended to. */
  private async logReplaced(): Promise<boolean> {
    try {
      return (await stat(join(this.dir, LOG_FILE))).ino !== (await this.file.handle.stat()).ino;
    } catch {
      return true;
    }
  }

  private closedError(): Error {
    return new Error(`The file store in ${this.dir} is closed`);
  }
}
