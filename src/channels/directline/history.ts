/**
 * A Direct Line conversation's record in the app's store (file with one instance, Redis with
 * several): who the user is, the verified E-Care identity, and the activities with their
 * watermarks. Every instance reads and appends the same record, so a client polling or
 * streaming from instance B sees what the bot said on instance A. Appends are compare-and-set
 * on the record's eTag, retried on conflict.
 */
import { ETagConflictError, type KeyValueStore, type StoreItem } from '../../storage/types.js';

/** Older activities are dropped past this many: a client far behind re-reads what is kept. */
export const MAX_KEPT_ACTIVITIES = 500;
/**
 * ... or past this much JSON in all, so a client posting the largest activities the route takes
 * (MAX_BODY_BYTES each) cannot make one record, rewritten on every append, hundreds of MiB.
 * The newest activity is always kept.
 */
export const MAX_KEPT_BYTES = 1024 * 1024;
const KEY_PREFIX = 'directline-history/';
/** Marks the place an updated or deleted activity left: counted by watermarks, never sent. */
const PLACEHOLDER = 'superseded';
const isPlaceholder = (activity: StoredActivity) => activity[PLACEHOLDER] === true;

export type StoredActivity = Record<string, unknown> & { id: string };

export interface ConversationRecord {
  conversationId: string;
  userId: string;
  userName?: string;
  ecare?: string;
  locale?: string;
  /** Watermark of the next activity: activity n (from 0) has watermark n + 1 once read. */
  next: number;
  /** The kept tail of the history; `activities[0]` is number `next - activities.length`. */
  activities: StoredActivity[];
  /** Ms since the epoch of the last append (retention). */
  updatedAt: number;
  /** JSON length of `activities` (absent in records written before it: measured once then). */
  keptBytes?: number;
}

const sizeOf = (activity: StoredActivity): number => JSON.stringify(activity).length;

/**
 * The record's activities after `added`, trimmed to MAX_KEPT_ACTIVITIES and MAX_KEPT_BYTES from
 * the oldest, with their JSON length: only the added and the dropped activities are measured.
 */
export function keptAfter(record: Pick<ConversationRecord, 'activities' | 'keptBytes'>, added: StoredActivity[]): { activities: StoredActivity[]; keptBytes: number } {
  const activities = [...record.activities, ...added];
  let bytes = (record.keptBytes ?? record.activities.reduce((n, a) => n + sizeOf(a), 0)) + added.reduce((n, a) => n + sizeOf(a), 0);
  let drop = 0;
  while (activities.length - drop > 1 && (activities.length - drop > MAX_KEPT_ACTIVITIES || bytes > MAX_KEPT_BYTES)) {
    bytes -= sizeOf(activities[drop]!);
    drop += 1;
  }
  return { activities: drop ? activities.slice(drop) : activities, keptBytes: bytes };
}

export const historyKey = (conversationId: string): string => `${KEY_PREFIX}${conversationId}`;

export class ConversationHistory {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  async get(conversationId: string): Promise<ConversationRecord | undefined> {
    const key = historyKey(conversationId);
    const item = (await this.store.read([key]))[key] as (StoreItem & ConversationRecord) | undefined;
    return item;
  }

  /** Creates the record unless it exists; true when this call created it. */
  async create(record: Omit<ConversationRecord, 'next' | 'activities' | 'updatedAt'>): Promise<boolean> {
    const key = historyKey(record.conversationId);
    if (await this.get(record.conversationId)) return false;
    await this.store.write({ [key]: { ...record, next: 0, activities: [], updatedAt: this.now() } });
    return true;
  }

  /**
   * Appends with ids `<conversationId>|<seq>` unless an activity has its own id; returns the
   * ids. `dedupe` finds an earlier copy (the same clientActivityID): then nothing is written.
   */
  async append(
    conversationId: string,
    activities: Record<string, unknown>[],
    dedupe?: (kept: StoredActivity[]) => StoredActivity | undefined,
  ): Promise<{ ids: string[]; duplicateOf?: StoredActivity }> {
    const key = historyKey(conversationId);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const record = (await this.store.read([key]))[key] as (StoreItem & ConversationRecord) | undefined;
      if (!record) throw new Error(`Direct Line conversation ${conversationId} does not exist`);
      const earlier = dedupe?.(record.activities);
      if (earlier) return { ids: [earlier.id], duplicateOf: earlier };
      const added = activities.map((activity, i) => ({ ...activity, id: typeof activity.id === 'string' && activity.id ? activity.id : `${conversationId}|${String(record.next + i).padStart(7, '0')}` }));
      try {
        await this.store.write({ [key]: { ...record, next: record.next + added.length, ...keptAfter(record, added), updatedAt: this.now() } });
        return { ids: added.map((a) => a.id) };
      } catch (error) {
        if (!(error instanceof ETagConflictError)) throw error;
      }
    }
    throw new Error(`Direct Line conversation ${conversationId}: too many concurrent appends`);
  }

  /**
   * updateActivity / deleteActivity: the kept activity `id` gives up its place (a hidden
   * placeholder, so every later watermark still counts the same) and `change(kept)` is appended
   * under the same id, so a client already past it hears of the change and one reading from the
   * start sees only the new version (Web Chat replaces an activity it has by id). False when
   * the activity is no longer kept.
   */
  async supersede(conversationId: string, id: string, change: (activity: StoredActivity) => StoredActivity): Promise<boolean> {
    const key = historyKey(conversationId);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const record = (await this.store.read([key]))[key] as (StoreItem & ConversationRecord) | undefined;
      const at = record?.activities.findLastIndex((a) => a.id === id && !isPlaceholder(a)) ?? -1;
      if (!record || at < 0) return false;
      const activities = record.activities.slice();
      const kept = activities[at]!;
      const placeholder: StoredActivity = { id, [PLACEHOLDER]: true };
      activities[at] = placeholder;
      // The replaced activity's bytes leave with it; the placeholder's come in.
      const keptBytes = record.keptBytes === undefined ? undefined : record.keptBytes - sizeOf(kept) + sizeOf(placeholder);
      try {
        await this.store.write({ [key]: { ...record, next: record.next + 1, ...keptAfter({ activities, keptBytes }, [{ ...change(kept), id }]), updatedAt: this.now() } });
        return true;
      } catch (error) {
        if (!(error instanceof ETagConflictError)) throw error;
      }
    }
    return false;
  }

  /**
   * Forgets conversations whose last activity is older than `maxAgeMs` (retention), except
   * those `keep` says are still needed (a watched number: the bot keeps its state too).
   */
  async forgetOlderThan(maxAgeMs: number, keep: (conversationId: string) => Promise<boolean> = async () => false): Promise<number> {
    const keys = await this.store.keys(KEY_PREFIX);
    const cutoff = this.now() - maxAgeMs;
    let forgotten = 0;
    for (const key of keys) {
      const record = (await this.store.read([key]))[key] as ConversationRecord | undefined;
      if (record && record.updatedAt < cutoff && !(await keep(record.conversationId))) {
        await this.store.delete([key]);
        forgotten += 1;
      }
    }
    return forgotten;
  }
}

/** The index in `record.activities` of the first activity a client at `watermark` has not seen. */
function firstUnseen(record: ConversationRecord, watermark: number): number {
  const first = record.next - record.activities.length;
  return Math.max(0, Math.min(record.activities.length, (Number.isFinite(watermark) ? watermark : 0) - first));
}

/** What a client at `watermark` has not seen yet, and the watermark after it. */
export function activitiesSince(record: ConversationRecord, watermark: number): { activities: StoredActivity[]; watermark: string } {
  const from = firstUnseen(record, watermark);
  return { activities: record.activities.slice(from).filter((a) => !isPlaceholder(a)), watermark: String(record.next) };
}

/**
 * The same, cut into messages of about `maxBytes` of JSON each (an activity larger than that
 * goes alone), each with the watermark after its last activity: a socket far behind is sent
 * its backlog a piece at a time instead of in one string of any size.
 */
export function batchesSince(record: ConversationRecord, watermark: number, maxBytes: number): { activities: StoredActivity[]; watermark: string }[] {
  const first = record.next - record.activities.length;
  const from = firstUnseen(record, watermark);
  const batches: { activities: StoredActivity[]; watermark: string }[] = [];
  let piece: StoredActivity[] = [];
  let bytes = 0;
  for (let i = from; i < record.activities.length; i += 1) {
    const activity = record.activities[i]!;
    if (isPlaceholder(activity)) continue;
    const size = JSON.stringify(activity).length;
    if (piece.length > 0 && bytes + size > maxBytes) {
      batches.push({ activities: piece, watermark: String(first + i) });
      piece = [];
      bytes = 0;
    }
    piece.push(activity);
    bytes += size;
  }
  if (piece.length > 0) batches.push({ activities: piece, watermark: String(record.next) });
  return batches;
}

export function parseWatermark(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : 0;
  return n;
}
