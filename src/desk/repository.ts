/**
 * Desk cases in the app's store (`desk/case/<conversationId>`), so every instance sees the same
 * queue. Changes are compare-and-set on the store's eTag: two agents claiming at once on two
 * instances cannot both win; the loser re-reads and gets the conflict from the state machine.
 *
 * Beside each case, key-only index entries say what state it is in:
 *   desk-waiting/<since>|<id>    waiting; sorted by arrival, so a place in the queue is a key count
 *   desk-claimed/<id>            with an agent
 *   desk-closed/<closedAt>|<id>  closed; forgotten CONVERSATION_RETENTION_HOURS after closing
 * so a hand-off, a customer's message and the sweeps never read every case ever handed off
 * (they did: each hand-off read them all, quadratic under load, and closed cases were kept forever).
 * An index entry is written in the same atomic batch as its case; the entry a change makes
 * obsolete is deleted just after, so a crash in between leaves a stale entry. The case is the
 * truth: readers check the case, and `verifyIndex` (run by the desk's sweep) removes stale entries.
 */
import { ETagConflictError, type KeyValueStore, type StoreItems } from '../storage/types.js';
import type { DeskCase, Outcome } from './machine.js';

const CASE = 'desk/case/';
// Each index has its own first key segment: the Redis store lists keys(prefix) from the set
// of the prefix's first segment, so under `desk/` a count of waiting keys would scan every case.
const WAITING = 'desk-waiting/';
const CLAIMED = 'desk-claimed/';
const CLOSED = 'desk-closed/';
/** Present once the index was built for every stored case (cases stored before it had none). */
const INDEX_BUILT = 'desk/index/v1';

const idPart = (conversationId: string) => encodeURIComponent(conversationId);
const caseKey = (conversationId: string) => `${CASE}${idPart(conversationId)}`;

/** The index entries a case in this state has. */
export function indexKeysOf(c: Pick<DeskCase, 'conversationId' | 'state' | 'since' | 'closedAt'>): string[] {
  const id = idPart(c.conversationId);
  if (c.state === 'waiting') return [`${WAITING}${c.since}|${id}`];
  if (c.state === 'claimed') return [`${CLAIMED}${id}`];
  return [`${CLOSED}${c.closedAt ?? c.since}|${id}`];
}

/** The conversation and the time an index entry names (`since` or `closedAt`; none for claimed). */
function parseIndexKey(key: string, prefix: string): { conversationId: string; at: string | null } {
  const rest = key.slice(prefix.length);
  const bar = rest.lastIndexOf('|');
  return bar < 0 ? { conversationId: decodeURIComponent(rest), at: null } : { conversationId: decodeURIComponent(rest.slice(bar + 1)), at: rest.slice(0, bar) };
}

type Stored = DeskCase & { eTag?: string };
const withoutETag = ({ eTag: _eTag, ...value }: Stored): DeskCase => value;
const entries = (keys: readonly string[]): StoreItems => Object.fromEntries(keys.map((k) => [k, {}]));

export class DeskRepository {
  constructor(private readonly store: KeyValueStore) {}

  async get(conversationId: string): Promise<DeskCase | null> {
    const item = await this.read(conversationId);
    return item ? withoutETag(item) : null;
  }

  /** A new hand-off replaces an earlier case of the same conversation, and its index entries. */
  async put(c: DeskCase): Promise<void> {
    const earlier = await this.read(c.conversationId);
    const keys = indexKeysOf(c);
    await this.store.write({ [caseKey(c.conversationId)]: { ...c, eTag: '*' }, ...entries(keys) });
    if (earlier) await this.dropEntries(indexKeysOf(earlier).filter((k) => !keys.includes(k)));
  }

  /**
   * Applies `change` to the stored case atomically; retried on a concurrent write. Null when
   * there is no such case.
   */
  async update(conversationId: string, change: (c: DeskCase) => Outcome<DeskCase>): Promise<Outcome<DeskCase> | null> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const item = await this.read(conversationId);
      if (!item) return null;
      const { eTag, ...current } = item;
      const result = change(current);
      if (!result.ok) return result;
      const before = indexKeysOf(current);
      const after = indexKeysOf(result.value);
      try {
        await this.store.write({ [caseKey(conversationId)]: { ...result.value, eTag }, ...entries(after.filter((k) => !before.includes(k))) });
      } catch (error) {
        if (!(error instanceof ETagConflictError)) throw error;
        continue;
      }
      await this.dropEntries(before.filter((k) => !after.includes(k)));
      return result;
    }
    throw new Error(`desk: case ${conversationId} kept changing under ten tries`);
  }

  /** 1 for the longest-waiting case; null when this case is not waiting. Reads keys only. */
  async placeInQueue(c: Pick<DeskCase, 'conversationId' | 'state' | 'since'>): Promise<number | null> {
    if (c.state !== 'waiting') return null;
    const mine = indexKeysOf(c)[0]!;
    const waiting = await this.store.keys(WAITING);
    return waiting.includes(mine) ? waiting.filter((k) => k < mine).length + 1 : null;
  }

  /** The cases waiting or with an agent (the agents' queue), oldest first. */
  async openCases(): Promise<DeskCase[]> {
    const [waiting, claimed] = await Promise.all([this.store.keys(WAITING), this.store.keys(CLAIMED)]);
    const ids = [...waiting.map((k) => parseIndexKey(k, WAITING).conversationId), ...claimed.map((k) => parseIndexKey(k, CLAIMED).conversationId)];
    return (await this.readMany(ids)).filter((c) => c.state !== 'closed').sort((a, b) => a.since.localeCompare(b.since));
  }

  /** The waiting cases that arrived at or before `arrivedBy` (ISO), for the wait sweep. */
  async waitingSince(arrivedBy: string): Promise<DeskCase[]> {
    const due = (await this.store.keys(WAITING)).map((k) => parseIndexKey(k, WAITING)).filter((e) => e.at !== null && e.at <= arrivedBy);
    return (await this.readMany(due.map((e) => e.conversationId))).filter((c) => c.state === 'waiting');
  }

  /** Forgets the cases closed before `closedBefore` (ISO), transcript and all; returns how many. */
  async forgetClosedBefore(closedBefore: string): Promise<number> {
    const old = (await this.store.keys(CLOSED)).filter((k) => {
      const { at } = parseIndexKey(k, CLOSED);
      return at !== null && at < closedBefore;
    });
    let forgotten = 0;
    for (const key of old) {
      const { conversationId } = parseIndexKey(key, CLOSED);
      const item = await this.read(conversationId);
      // Reopened by a later hand-off (the entry is stale): keep the case, drop the entry.
      if (item && indexKeysOf(item).includes(key)) {
        await this.store.delete([caseKey(conversationId)]);
        forgotten += 1;
      }
      await this.dropEntries([key]);
    }
    return forgotten;
  }

  /**
   * Removes index entries their case does not justify (a crash between a change and the
   * removal of its old entry), and builds the index once for cases stored before it existed.
   */
  async verifyIndex(): Promise<void> {
    if (!(await this.store.read([INDEX_BUILT]))[INDEX_BUILT]) {
      const ids = (await this.store.keys(CASE)).map((k) => decodeURIComponent(k.slice(CASE.length)));
      for (const c of await this.readMany(ids)) await this.store.write(entries(indexKeysOf(c)));
      await this.store.write({ [INDEX_BUILT]: { at: new Date().toISOString() } });
    }
    for (const prefix of [WAITING, CLAIMED]) {
      const keys = await this.store.keys(prefix);
      const cases = new Map((await this.readMany(keys.map((k) => parseIndexKey(k, prefix).conversationId))).map((c) => [c.conversationId, c]));
      const stale = keys.filter((k) => {
        const c = cases.get(parseIndexKey(k, prefix).conversationId);
        return !c || !indexKeysOf(c).includes(k);
      });
      await this.dropEntries(stale);
    }
  }

  private async read(conversationId: string): Promise<Stored | undefined> {
    const key = caseKey(conversationId);
    return (await this.store.read([key]))[key] as Stored | undefined;
  }

  private async readMany(conversationIds: readonly string[]): Promise<DeskCase[]> {
    const out: DeskCase[] = [];
    // In slices, so a long queue is never one huge store call.
    for (let i = 0; i < conversationIds.length; i += 200) {
      const items = await this.store.read(conversationIds.slice(i, i + 200).map(caseKey));
      for (const item of Object.values(items)) out.push(withoutETag(item as Stored));
    }
    return out;
  }

  private async dropEntries(keys: readonly string[]): Promise<void> {
    if (keys.length) await this.store.delete([...keys]);
  }
}
