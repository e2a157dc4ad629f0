/**
 * The file store's on-disk format: `state.log`, JSON lines, appended only.
 *
 *   {"k":"<key>","e":"<eTag>","v":{…}}        the item as of this write
 *   {"k":"<key>","del":true}                  the item was deleted
 *   {"batch":[<record>,<record>,…]}           a write or delete of several keys, all or nothing
 *
 * A write of several keys is one line, so a crash keeps all of it or none of it. Only a line
 * ending in '\n' counts. A crash can tear only the last append (each append is fdatasync'ed
 * before the next begins), so an unreadable last line is an unacknowledged write and is
 * dropped; an unreadable line with valid lines after it is real damage and stops the open.
 *
 * The store keeps only where each value is (its byte offset and length in the file), so the
 * layout is exact: `layoutLine` is the one place that writes it, byte for byte, and replay
 * checks every line against it (logReplay.ts).
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export const LOG_FILE = 'state.log';
const SNAPSHOT_FILE = 'state.log.compacting';
/** Compaction reads and writes in pieces of about this size, whatever the size of the store. */
export const CHUNK_BYTES = 1024 * 1024;
const RECORD_END = Buffer.from('}\n');

/** Where a live item's value (the `v` of its record, as JSON) is in the current log. */
export interface IndexEntry {
  readonly eTag: string;
  /** Byte offset of the value's JSON in the file. */
  readonly offset: number;
  /** Its length in bytes. */
  readonly length: number;
}

/** A record to lay out: a put (value JSON and its UTF-8 length) or a delete. */
export type LogRecord = { key: string; eTag: string; json: string; bytes: number } | { key: string; deleted: true };

export interface LaidOut {
  line: string;
  /** UTF-8 length of `line`. */
  bytes: number;
  /** Per record: byte offset of its value from the line's start (-1 for a delete). */
  valueAt: number[];
}

/** A put record up to its value: `{"k":<key>,"e":<eTag>,"v":`. */
export const valuePrefix = (key: string, eTag: string): string => `{"k":${JSON.stringify(key)},"e":${JSON.stringify(eTag)},"v":`;

const deleteRecord = (key: string): string => `{"k":${JSON.stringify(key)},"del":true}`;

/** What a key's live record costs in a compacted log, newline included. */
export const recordBytes = (key: string, entry: { eTag: string; length: number }): number =>
  Buffer.byteLength(valuePrefix(key, entry.eTag)) + entry.length + 2;

/**
 * The line (with its newline) that records these changes: one record, or one batch. Offsets are
 * counted while the pieces are joined, so the values' JSON is never re-encoded to find them.
 */
export function layoutLine(records: LogRecord[]): LaidOut {
  const pieces: string[] = [];
  const valueAt: number[] = [];
  let bytes = 0;
  const add = (text: string, length = Buffer.byteLength(text)): void => {
    pieces.push(text);
    bytes += length;
  };
  const batch = records.length !== 1;
  if (batch) add('{"batch":[', 10);
  records.forEach((record, i) => {
    if (i > 0) add(',', 1);
    if ('deleted' in record) {
      valueAt.push(-1);
      add(deleteRecord(record.key));
      return;
    }
    add(valuePrefix(record.key, record.eTag));
    valueAt.push(bytes);
    add(record.json, record.bytes);
    add('}', 1);
  });
  add(batch ? ']}\n' : '\n', batch ? 3 : 1);
  return { line: pieces.join(''), bytes, valueAt };
}

/** Reads exactly `length` bytes at `offset`; a short read means the file is not what the index says. */
export async function readExactly(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, offset + got);
    if (bytesRead === 0) throw new Error(`${LOG_FILE}: expected ${length} bytes at offset ${offset}, the file ends first`);
    got += bytesRead;
  }
  return buffer;
}

async function writeAll(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}

/** A value for the snapshot: its JSON as text or UTF-8 bytes. */
export type ValueSource<E extends IndexEntry = IndexEntry> = (key: string, entry: E) => Buffer | string | Promise<Buffer | string>;

export interface Snapshot {
  bytes: number;
  /** Where each item's value is in the new file. */
  index: Map<string, IndexEntry>;
}

/**
 * Replaces the log with just these items (written in the given order), crash-safely: write a
 * new file, fsync it, rename it over the log (atomic), fsync the directory so the rename itself
 * survives a power loss. Values are fetched one by one and written in pieces of CHUNK_BYTES, so
 * the store's size never has to fit in one string.
 */
export async function writeSnapshot<E extends IndexEntry>(dir: string, items: Iterable<[string, E]>, valueOf: ValueSource<E>): Promise<Snapshot> {
  const temp = join(dir, SNAPSHOT_FILE);
  const index = new Map<string, IndexEntry>();
  const handle = await open(temp, 'w');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  const flush = async (): Promise<void> => {
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await writeAll(handle, data, bytes - data.length);
  };
  try {
    for (const [key, entry] of items) {
      const found = await valueOf(key, entry);
      const value = typeof found === 'string' ? Buffer.from(found, 'utf8') : found;
      const prefix = Buffer.from(valuePrefix(key, entry.eTag), 'utf8');
      pending.push(prefix, value, RECORD_END);
      const size = prefix.length + value.length + RECORD_END.length;
      index.set(key, { eTag: entry.eTag, offset: bytes + prefix.length, length: value.length });
      bytes += size;
      pendingBytes += size;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    if (pendingBytes > 0) await flush();
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, join(dir, LOG_FILE));
  await syncDirectory(dir);
  return { bytes, index };
}


export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Entries in file order, so a compaction reads the old log front to back. */
export function byOffset<E extends IndexEntry>(index: Map<string, E>): Array<[string, E]> {
  return [...index].sort((a, b) => a[1].offset - b[1].offset);
}
