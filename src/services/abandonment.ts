/**
 * Abandoned conversations: a case whose ending was not decided (no outcome that finished it,
 * no hand-off, no cancel) and that has had no turn for ABANDON_AFTER_MINUTES counts once as
 * `abandoned`. A periodic sweep on every instance; safe with several: each conversation is
 * marked under its turn lock and only if nothing wrote it since it was read (eTag), so two
 * instances never both count it, and a customer writing at that moment wins.
 *
 * The layout of conversation state (which key, where the case and the last turn's time are)
 * belongs to the bot layer and comes in as `records` (`src/bot/conversationKeys.ts`).
 */
import { PeriodicPass } from './periodicPass.js';
import type { Logger } from '../log.js';
import type { KeyValueStore, LockService, StoreItem } from '../storage/types.js';
import type { Telemetry } from './telemetry.js';

const BATCH = 200;

/** What the case says about its ending, as far as this sweep needs to know. */
export interface CaseView {
  /** The ending already decided, if any. */
  ending?: string;
  handedOff?: boolean;
  /** The question the bot waits an answer to: a case the customer walked away from has one. */
  asking?: string;
}

export interface AbandonRecords {
  conversationIdOf(key: string): string | null;
  lastActivityOf(item: StoreItem): number | undefined;
  /** The conversation's case, or undefined when no message opened one. */
  caseOf(item: StoreItem): CaseView | undefined;
  /** The same state with the case's ending set to `abandoned`. */
  withAbandoned(item: StoreItem): StoreItem;
  turnLockKey(conversationId: string): string;
}

/** Pure: does this conversation count as abandoned now? */
export function isAbandoned(view: CaseView | undefined, lastActivity: number | undefined, now: number, abandonAfterMs: number): boolean {
  // No question waiting (a case just cancelled, or not begun): nobody is being kept waiting.
  if (!view || view.ending || view.handedOff || view.asking === undefined) return false;
  return lastActivity !== undefined && now - lastActivity >= abandonAfterMs;
}

export interface AbandonmentOptions {
  store: KeyValueStore;
  locks: LockService;
  records: AbandonRecords;
  telemetry: Telemetry;
  log: Logger;
  abandonAfterMs: number;
  now?: () => number;
}

export class AbandonmentSweep {
  private readonly now: () => number;
  private readonly periodic: PeriodicPass;

  constructor(private readonly options: AbandonmentOptions) {
    this.now = options.now ?? Date.now;
    this.periodic = new PeriodicPass(
      () => this.sweep(),
      (err) => options.log.error({ event: 'abandonment.sweep_failed', err }, 'abandonment sweep failed; trying again at the next one'),
    );
  }

  start(intervalMs: number): void {
    this.periodic.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** Marks and counts the conversations abandoned since the last sweep; returns how many. */
  async sweep(): Promise<number> {
    const { store, records } = this.options;
    const candidates = (await store.keys('')).flatMap((key) => {
      const conversationId = records.conversationIdOf(key);
      return conversationId === null ? [] : [{ key, conversationId }];
    });
    let abandoned = 0;
    for (let i = 0; i < candidates.length; i += BATCH) {
      const batch = candidates.slice(i, i + BATCH);
      const items = await store.read(batch.map(({ key }) => key));
      for (const { key, conversationId } of batch) {
        const item = items[key] as StoreItem | undefined;
        if (!item || !isAbandoned(records.caseOf(item), records.lastActivityOf(item), this.now(), this.options.abandonAfterMs)) continue;
        if (await this.mark(conversationId, key, item.eTag)) abandoned += 1;
      }
    }
    if (abandoned > 0) this.options.log.info({ event: 'conversation.abandoned', count: abandoned }, 'conversations counted as abandoned');
    return abandoned;
  }

  /** Under the turn lock, and only if unchanged since read: counted by exactly one instance. */
  private async mark(conversationId: string, key: string, eTag: string | undefined): Promise<boolean> {
    const { store, locks, records, log, telemetry } = this.options;
    const lease = await locks.acquire(records.turnLockKey(conversationId), { ttlMs: 30_000, waitMs: 0 }).catch(() => null);
    if (!lease) return false;
    try {
      const current = (await store.read([key]))[key] as StoreItem | undefined;
      if (!current || current.eTag !== eTag) return false;
      // Conditional on the eTag: a write that raced us (another process without our lock) makes this throw.
      await store.write({ [key]: records.withAbandoned(current) });
      telemetry.conversationEnded('abandoned');
      return true;
    } catch (err) {
      log.warn({ event: 'abandonment.mark_failed', err, conversationId }, 'could not mark a conversation abandoned; trying at the next sweep');
      return false;
    } finally {
      await lease.release();
    }
  }
}
