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
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stored } from './items.js';

export const LOG_FILE = 'state.log';
const SNAPSHOT_FILE = 'state.log.compacting';

/** One put record, no newline. Built by hand so the item's JSON is embedded, not re-encoded. */
export const putRecord = (key: string, stored: Stored): string =>
  `{"k":${JSON.stringify(key)},"e":${JSON.stringify(stored.eTag)},"v":${stored.json}}`;

export const deleteRecord = (key: string): string => `{"k":${JSON.stringify(key)},"del":true}`;

/** The line (with its newline) that records these changes: one record, or one batch. */
export function logLine(records: string[]): string {
  return records.length === 1 ? `${records[0]}\n` : `{"batch":[${records.join(',')}]}\n`;
}

/** What a key's live record costs in a compacted log, newline included. */
export const liveBytes = (key: string, stored: Stored): number => Buffer.byteLength(putRecord(key, stored)) + 1;

export interface Replayed {
  items: Map<string, Stored>;
  /** Size of the file as found (0 when missing). */
  fileBytes: number;
  /** Bytes of an unusable last line, dropped (0 when the log ended cleanly). */
  tornBytes: number;
}

type Apply = (items: Map<string, Stored>) => void;

/** Reads `dir/state.log` into memory; throws on damage that is not a torn last line. */
export async function replay(dir: string): Promise<Replayed> {
  const path = join(dir, LOG_FILE);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { items: new Map(), fileBytes: 0, tornBytes: 0 };
    throw error;
  }
  const items = new Map<string, Stored>();
  let start = 0;
  let lineNo = 0;
  while (start < data.length) {
    const end = data.indexOf(0x0a, start);
    if (end === -1) break; // no newline: a torn append
    lineNo += 1;
    const apply = end > start ? parseLine(data.toString('utf8', start, end)) : () => undefined;
    if (!apply) {
      if (end + 1 < data.length && data.indexOf(0x0a, end + 1) !== -1) {
        throw new Error(
          `${path}: line ${lineNo} is damaged and is followed by more records, so it is not an interrupted write. ` +
            'The store will not open over it: restore the file from a backup or move it aside (its readable lines are JSON).',
        );
      }
      break; // the last line, torn by a crash: never acknowledged
    }
    apply(items);
    start = end + 1;
  }
  return { items, fileBytes: data.length, tornBytes: data.length - start };
}

function parseLine(line: string): Apply | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  const batch = (parsed as { batch?: unknown } | null)?.batch;
  const records = Array.isArray(batch) ? (batch as unknown[]) : [parsed];
  const steps = records.map(parseRecord);
  if (steps.some((s) => s === null)) return null;
  return (items) => steps.forEach((step) => step!(items));
}

function parseRecord(record: unknown): Apply | null {
  if (record === null || typeof record !== 'object') return null;
  const { k, e, v, del } = record as Record<string, unknown>;
  if (typeof k !== 'string') return null;
  if (del === true) return (items) => void items.delete(k);
  if (typeof e !== 'string' || v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const stored: Stored = { json: JSON.stringify(v), eTag: e };
  return (items) => void items.set(k, stored);
}

/**
 * Replaces the log with just the live items, crash-safely: write a new file, fsync it, rename
 * it over the log (atomic), fsync the directory so the rename itself survives a power loss.
 * Returns the new log's size.
 */
export async function writeSnapshot(dir: string, items: ReadonlyMap<string, Stored>): Promise<number> {
  const temp = join(dir, SNAPSHOT_FILE);
  const chunks: string[] = [];
  for (const [key, stored] of items) chunks.push(`${putRecord(key, stored)}\n`);
  const data = Buffer.from(chunks.join(''), 'utf8');
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, join(dir, LOG_FILE));
  await syncDirectory(dir);
  return data.length;
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
