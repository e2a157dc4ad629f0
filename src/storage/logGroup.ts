/**
 * Group commit, the part that needs no disk: turning the changes waiting for the next append
 * into its lines, with exactly the outcome they would have one at a time. Each change is
 * checked against the committed index plus the changes before it in the group; one that
 * conflicts (or has nothing to do) is settled on its own and writes nothing, the others become
 * one line each (a multi-key change stays one line: all or nothing).
 */
import { newETag } from './items.js';
import { layoutLine, type LogRecord } from './fileLog.js';
import { checkETag } from './types.js';

export interface Put {
  key: string;
  /** The eTag the caller sent (checked when conditional). */
  given: unknown;
  /** The item without its eTag, encoded when write() was called. */
  json: string;
  bytes: number;
}

/** A write or delete waiting for its group, with its caller's promise. */
export type Change = { resolve(): void; reject(error: unknown): void } & ({ puts: Put[] } | { deletes: string[] });

export interface StagedGroup {
  /** The lines to append, and their UTF-8 length. */
  text: string;
  bytes: number;
  /** What the lines do once on disk, in order; `at` is the value's offset from the text's start. */
  effects: Array<{ record: LogRecord; at: number }>;
  /** Changes settled without the disk: a conflict (its error) or nothing to do (undefined). */
  settled: Map<Change, unknown>;
}

/** Stages a group against the committed eTags (`committed(key)`, undefined when absent). */
export function stageGroup(group: Change[], committed: (key: string) => string | undefined): StagedGroup {
  // What the group has done so far to each key: its new eTag, or null once deleted.
  const done = new Map<string, string | null>();
  const current = (key: string): string | undefined => (done.has(key) ? (done.get(key) ?? undefined) : committed(key));
  const lines: string[] = [];
  const effects: StagedGroup['effects'] = [];
  const settled = new Map<Change, unknown>();
  let bytes = 0;
  for (const change of group) {
    let records: LogRecord[];
    try {
      records = 'puts' in change ? stagePuts(change.puts, current) : stageDeletes(change.deletes, current);
    } catch (error) {
      settled.set(change, error);
      continue;
    }
    if (records.length === 0) {
      settled.set(change, undefined);
      continue;
    }
    const layout = layoutLine(records);
    records.forEach((record, i) => {
      done.set(record.key, 'deleted' in record ? null : record.eTag);
      effects.push({ record, at: bytes + layout.valueAt[i]! });
    });
    lines.push(layout.line);
    bytes += layout.bytes;
  }
  return { text: lines.join(''), bytes, effects, settled };
}

/** Settles every change of a group in call order: the disk's outcome for those that went to it. */
export function settleGroup(group: Change[], settled: Map<Change, unknown>, failure: { error: unknown } | null): void {
  for (const change of group) {
    if (settled.has(change)) {
      const error = settled.get(change);
      if (error === undefined) change.resolve();
      else change.reject(error);
    } else if (failure) change.reject(failure.error);
    else change.resolve();
  }
}

/** Checks every eTag of one write before any of it counts: a conflict writes none of it. */
function stagePuts(puts: Put[], current: (key: string) => string | undefined): LogRecord[] {
  for (const put of puts) checkETag(put.key, put.given, current(put.key));
  return puts.map(({ key, json, bytes }) => ({ key, eTag: newETag(), json, bytes }));
}

/** Deleting a key that is not there is a no-op, so only present keys are recorded. */
function stageDeletes(keys: string[], current: (key: string) => string | undefined): LogRecord[] {
  return [...new Set(keys)].filter((key) => current(key) !== undefined).map((key) => ({ key, deleted: true as const }));
}
