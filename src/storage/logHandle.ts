/**
 * The open `state.log` the store appends to and reads values from, with a count of the reads
 * in flight. A compaction replaces the file while reads may be running on the old one: the old
 * handle is retired (closed once its last read is done), never closed under a read, and a
 * reader always takes the handle and the offsets of one generation together (see FileStore).
 */
import type { FileHandle } from 'node:fs/promises';
import { CHUNK_BYTES, readExactly } from './fileLog.js';

export class LogHandle {
  private reads = 0;
  private retired: Promise<void> | null = null;
  private idle: (() => void) | null = null;

  constructor(readonly handle: FileHandle) {}

  /** Reads bytes at a position. The read is counted from this call, synchronously. */
  read(offset: number, length: number): Promise<Buffer> {
    if (this.retired) return Promise.reject(new Error('Internal: a read on a retired state.log handle'));
    this.reads += 1;
    return readExactly(this.handle, offset, length).finally(() => {
      this.reads -= 1;
      if (this.reads === 0) this.idle?.();
    });
  }

  /** Takes no more reads; closes the handle once the reads already running are done. */
  retire(): Promise<void> {
    this.retired ??= new Promise<void>((resolve) => {
      this.idle = resolve;
      if (this.reads === 0) resolve();
    }).then(() => this.handle.close().catch(() => undefined));
    return this.retired;
  }
}

/**
 * Reads values in file order through a window of about CHUNK_BYTES, so a compaction reads the
 * old log in a few large reads instead of one per item, holding one window at a time.
 */
export class WindowReader {
  private window: Buffer = Buffer.alloc(0);
  private start = 0;

  constructor(
    private readonly file: LogHandle,
    /** Where the file's acknowledged data ends. */
    private readonly end: number,
  ) {}

  read(offset: number, length: number): Buffer | Promise<Buffer> {
    const from = offset - this.start;
    if (from >= 0 && from + length <= this.window.length) return this.window.subarray(from, from + length);
    return this.file.read(offset, Math.max(length, Math.min(CHUNK_BYTES, this.end - offset))).then((window) => {
      this.window = window;
      this.start = offset;
      return window.subarray(0, length);
    });
  }
}
