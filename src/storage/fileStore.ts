/**
 * The embedded persistent store, the default for `npm start`: pure JavaScript (no native
 * module, so one install serves Node 20 and 22), one process per directory (see dirLock.ts).
 *
 * Items live in memory; every change is appended to `<dir>/state.log` (format in fileLog.ts)
 * and fdatasync'ed before `write()`/`delete()` resolves, so whatever a turn saved before it
 * answered survives a crash, a SIGKILL or a power loss. Changes run one at a time through a
 * promise queue: appends never interleave, eTag checks see every earlier change, and reads see
 * only changes that are on disk. The log is compacted (live items rewritten to a new file that
 * replaces it atomically) on open and whenever it is at least `compactMinBytes` and more than
 * `compactRatio` times the live data.
 */
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from '../log.js';
import { claimDirectory, type DirectoryClaim } from './dirLock.js';
import { deleteRecord, liveBytes, LOG_FILE, logLine, putRecord, replay, writeSnapshot } from './fileLog.js';
import { ItemTable, type Stored } from './items.js';
import type { KeyValueStore, StoreItems } from './types.js';

export interface FileStoreOptions {
  log?: Logger;
  /** Never compact a log smaller than this (default 1 MiB). */
  compactMinBytes?: number;
  /** Compact when the log is more than this many times the live data (default 4). */
  compactRatio?: number;
}

export class FileStore implements KeyValueStore {
  private readonly table = new ItemTable();
  /** Bytes each live key would take in a compacted log, and their sum. */
  private readonly sizes = new Map<string, number>();
  private live = 0;
  private fileBytes = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Set when the log may no longer match memory (a failed append that could not be undone). */
  private broken: Error | null = null;

  private constructor(
    readonly dir: string,
    private handle: FileHandle,
    private readonly claim: DirectoryClaim,
    private readonly options: Required<Omit<FileStoreOptions, 'log'>> & { log: Logger | undefined },
  ) {}

  /** Opens the store in `dir` (created if missing); throws if another live process holds it. */
  static async open(dir: string, options: FileStoreOptions = {}): Promise<FileStore> {
    const path = resolve(dir);
    await mkdir(path, { recursive: true });
    const claim = await claimDirectory(path, options.log);
    try {
      const found = await replay(path);
      if (found.tornBytes > 0) {
        options.log?.warn({ dir: path, bytes: found.tornBytes }, 'state.log ended in a torn write (a crash mid-append); dropped');
      }
      let live = 0;
      for (const [key, stored] of found.items) live += liveBytes(key, stored);
      // Compacting on open also cuts a torn tail and creates the log (durably) the first time.
      const fileBytes = found.fileBytes === live && found.fileBytes > 0 ? found.fileBytes : await writeSnapshot(path, found.items);
      const handle = await open(join(path, LOG_FILE), 'a');
      const store = new FileStore(path, handle, claim, {
        log: options.log,
        compactMinBytes: options.compactMinBytes ?? 1024 * 1024,
        compactRatio: options.compactRatio ?? 4,
      });
      for (const [key, stored] of found.items) store.remember(key, stored);
      store.fileBytes = fileBytes;
      options.log?.info({ dir: path, items: found.items.size, bytes: fileBytes }, 'file store opened');
      return store;
    } catch (error) {
      await claim.release();
      throw error;
    }
  }

  async read(keys: string[]): Promise<StoreItems> {
    return this.table.read(keys);
  }

  write(changes: StoreItems): Promise<void> {
    return this.serially(async () => {
      const entries = this.table.prepare(changes); // eTag conflicts reject before anything is written
      if (entries.length === 0) return;
      await this.append(logLine(entries.map(([key, stored]) => putRecord(key, stored))));
      for (const [key, stored] of entries) this.remember(key, stored);
      await this.compactIfDue();
    });
  }

  delete(keys: string[]): Promise<void> {
    return this.serially(async () => {
      const present = this.table.present(keys);
      if (present.length === 0) return;
      await this.append(logLine(present.map(deleteRecord)));
      for (const key of present) this.forget(key);
      await this.compactIfDue();
    });
  }

  async keys(prefix: string): Promise<string[]> {
    return this.table.keys(prefix);
  }

  async ping(): Promise<boolean> {
    return !this.closed && !this.broken;
  }

  /** Finishes the changes already asked for, then lets the directory go. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.handle.close().catch(() => undefined);
    await this.claim.release();
  }

  /** Runs changes one at a time, in call order; one failing does not stop the next. */
  private serially(work: () => Promise<void>): Promise<void> {
    // Checked at call time: changes queued before close() still complete.
    if (this.closed) return Promise.reject(new Error(`The file store in ${this.dir} is closed`));
    const run = this.queue.then(() => {
      if (this.broken) throw new Error(`The file store in ${this.dir} stopped after a disk error; restart the process`, { cause: this.broken });
      return work();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Appends one line and waits until it is on disk; undoes a partial append on failure. */
  private async append(line: string): Promise<void> {
    const data = Buffer.from(line, 'utf8');
    try {
      await this.handle.appendFile(data);
      await this.handle.datasync();
    } catch (error) {
      // Cut what may have reached the file, so the log holds only acknowledged changes.
      await this.handle.truncate(this.fileBytes).catch((truncateError: unknown) => {
        this.broken = truncateError as Error;
      });
      throw error;
    }
    this.fileBytes += data.length;
  }

  /**
   * Rewrites the log when it is mostly dead records. Never fails the change that triggered it
   * (that change is already on disk, in the old log and in the snapshot).
   */
  private async compactIfDue(): Promise<void> {
    const { compactMinBytes, compactRatio, log } = this.options;
    if (this.fileBytes < compactMinBytes || this.fileBytes <= compactRatio * this.live) return;
    const before = this.fileBytes;
    try {
      this.fileBytes = await writeSnapshot(this.dir, this.table.items);
    } catch (error) {
      if (!(await this.logReplaced())) {
        // The old log is untouched: keep appending to it, try again after the next change.
        log?.error({ err: error, dir: this.dir }, 'compacting state.log failed; the log keeps growing');
        return;
      }
      // Renamed, but the rename may not survive a power loss: later appends could be lost.
      this.broken = error as Error;
      log?.error({ err: error, dir: this.dir }, 'state.log compacted but the directory could not be synced; the store stops taking changes');
      return;
    }
    const old = this.handle;
    try {
      this.handle = await open(join(this.dir, LOG_FILE), 'a'); // the path names the new file now
    } catch (error) {
      this.broken = error as Error;
      log?.error({ err: error, dir: this.dir }, 'the compacted state.log could not be opened; the store stops taking changes');
      return;
    }
    await old.close().catch(() => undefined);
    log?.info({ dir: this.dir, before, after: this.fileBytes }, 'state.log compacted');
  }

  /** Whether the log path names another file than the one being appended to. */
  private async logReplaced(): Promise<boolean> {
    try {
      return (await stat(join(this.dir, LOG_FILE))).ino !== (await this.handle.stat()).ino;
    } catch {
      return true;
    }
  }

  private remember(key: string, stored: Stored): void {
    this.forget(key);
    this.table.items.set(key, stored);
    const size = liveBytes(key, stored);
    this.sizes.set(key, size);
    this.live += size;
  }

  private forget(key: string): void {
    this.live -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
    this.table.items.delete(key);
  }
}
