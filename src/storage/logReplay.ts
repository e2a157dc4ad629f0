/**
 * Reading `state.log` back at open: the index of live items (key → eTag and where the value
 * is), never the values themselves, so a large store opens into a small heap.
 *
 * Offsets come from laying each parsed line out again with `layoutLine` and checking that the
 * result is the line's bytes exactly; only then are the layout's offsets the file's. A line
 * that is valid but laid out otherwise (edited by hand, written by another tool) keeps its
 * values' JSON in memory instead, and marks the log inexact so the open compacts it into the
 * exact layout. The file is read whole, once; nothing kept afterwards points into it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { byOffset, layoutLine, LOG_FILE, recordBytes, writeSnapshot, type IndexEntry, type LogRecord } from './fileLog.js';

/** An index entry as found; `json` only for a value whose line is not in the exact layout. */
export interface ReplayedEntry extends IndexEntry {
  json?: string;
}

export interface Replayed {
  index: Map<string, ReplayedEntry>;
  /** The file as read: the values the entries point into, for a compaction on open. */
  data: Buffer;
  /** Size of the file as found (0 when missing). */
  fileBytes: number;
  /** Bytes of an unusable last line, dropped (0 when the log ended cleanly). */
  tornBytes: number;
  /** Every line is in the exact layout: the entries' offsets locate the values in the file. */
  exact: boolean;
}

/**
 * The index of the log in `dir`, which is left holding exactly the live records in the exact
 * layout: compacting on open also cuts a torn tail, rewrites lines laid out otherwise, and
 * creates the log (durably) the first time.
 */
export async function loadLog(dir: string, log?: Logger): Promise<{ index: Map<string, IndexEntry>; fileBytes: number }> {
  const found = await replay(dir);
  if (found.tornBytes > 0) {
    log?.warn({ event: 'store.torn_write', dir, bytes: found.tornBytes }, 'state.log ended in a torn write (a crash mid-append); dropped');
  }
  let live = 0;
  for (const [key, entry] of found.index) live += recordBytes(key, entry);
  if (found.exact && found.fileBytes === live && found.fileBytes > 0) return { index: found.index, fileBytes: found.fileBytes };
  const { data } = found;
  const snapshot = await writeSnapshot(dir, byOffset(found.index), (_key, entry) => entry.json ?? data.subarray(entry.offset, entry.offset + entry.length));
  return { index: snapshot.index, fileBytes: snapshot.bytes };
}

/** Reads `dir/state.log` into an index; throws on damage that is not a torn last line. */
export async function replay(dir: string): Promise<Replayed> {
  const path = join(dir, LOG_FILE);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { index: new Map(), data: Buffer.alloc(0), fileBytes: 0, tornBytes: 0, exact: true };
    throw error;
  }
  const index = new Map<string, ReplayedEntry>();
  let exact = true;
  let start = 0;
  let lineNo = 0;
  while (start < data.length) {
    const end = data.indexOf(0x0a, start);
    if (end === -1) break; // no newline: a torn append
    lineNo += 1;
    if (end === start) {
      exact = false; // an empty line: harmless, but only a rewrite drops it
      start = end + 1;
      continue;
    }
    const records = parseLine(data.toString('utf8', start, end));
    if (!records) {
      if (end + 1 < data.length && data.indexOf(0x0a, end + 1) !== -1) {
        throw new Error(
          `${path}: line ${lineNo} is damaged and is followed by more records, so it is not an interrupted write. ` +
            'The store will not open over it: restore the file from a backup or move it aside (its readable lines are JSON).',
        );
      }
      break; // the last line, torn by a crash: never acknowledged
    }
    const layout = layoutLine(records);
    // Byte for byte, not string equality: invalid UTF-8 decodes to U+FFFD and would shift offsets.
    const matches = layout.bytes === end + 1 - start && Buffer.from(layout.line, 'utf8').equals(data.subarray(start, end + 1));
    if (!matches) exact = false;
    records.forEach((record, i) => {
      if ('deleted' in record) {
        index.delete(record.key);
      } else {
        const entry: ReplayedEntry = matches
          ? { eTag: record.eTag, offset: start + layout.valueAt[i]!, length: record.bytes }
          : { eTag: record.eTag, offset: -1, length: record.bytes, json: record.json };
        index.delete(record.key); // re-inserted last, so the index keeps the file's order of live records
        index.set(record.key, entry);
      }
    });
    start = end + 1;
  }
  return { index, data, fileBytes: data.length, tornBytes: data.length - start, exact };
}

function parseLine(line: string): LogRecord[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  const batch = (parsed as { batch?: unknown } | null)?.batch;
  const records = (Array.isArray(batch) ? (batch as unknown[]) : [parsed]).map(parseRecord);
  return records.some((r) => r === null) ? null : (records as LogRecord[]);
}

function parseRecord(record: unknown): LogRecord | null {
  if (record === null || typeof record !== 'object') return null;
  const { k, e, v, del } = record as Record<string, unknown>;
  if (typeof k !== 'string') return null;
  if (del === true) return { key: k, deleted: true };
  if (typeof e !== 'string' || v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const json = JSON.stringify(v);
  return { key: k, eTag: e, json, bytes: Buffer.byteLength(json) };
}
