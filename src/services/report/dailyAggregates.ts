/**
 * Daily aggregates for the contact-centre report: per day (Asia/Jakarta), counts only —
 * conversations by ending, outcomes, hand-off reasons, backend requests and failures per
 * system, tickets, and the sum and count of times to active. No personal data: the keys are
 * the fixed label sets of `src/services/telemetry.ts`.
 *
 * Kept in the shared store (`report/day/<YYYY-MM-DD>`), so the numbers survive restarts and
 * span instances. Each instance adds up its events in memory and flushes them every few
 * seconds under a store lock on the day and a compare-and-set on the day's eTag (a read-add-
 * write that loses a race is redone), so no instance's increments overwrite another's. The
 * store has no counter primitive; with one flush per instance per interval the lock costs
 * nothing measurable. Days older than REPORT_RETENTION_DAYS are deleted at flush.
 */
import type { Logger } from '../../log.js';
import { ETagConflictError, type KeyValueStore, type LockService, type StoreItem } from '../../storage/types.js';
import { handoffReasonLabel, noTelemetry, type Telemetry } from '../telemetry.js';

export const REPORT_PREFIX = 'report/day/';
export type DayCounts = Record<string, number>;
export interface ReportDay {
  day: string;
  counts: DayCounts;
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' });
/** The customer's calendar day (Asia/Jakarta), `YYYY-MM-DD`. */
export const jakartaDay = (at: number): string => dayFormat.format(at);

export interface DailyAggregatesOptions {
  store: KeyValueStore;
  locks: LockService;
  log: Logger;
  retentionDays: number;
  now?: () => number;
}

export class DailyAggregates {
  readonly telemetry: Telemetry;
  private pending = new Map<string, DayCounts>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(private readonly options: DailyAggregatesOptions) {
    this.now = options.now ?? Date.now;
    const add = (field: string, by = 1) => {
      const day = jakartaDay(this.now());
      const counts = this.pending.get(day) ?? {};
      counts[field] = (counts[field] ?? 0) + by;
      this.pending.set(day, counts);
    };
    this.telemetry = {
      ...noTelemetry,
      outcome: (code) => add(`outcome.${code}`),
      handoff: (reason) => add(`handoff.${handoffReasonLabel(reason)}`),
      backendRequest: (system, result) => {
        add(`backend.${system}.requests`);
        if (result !== 'ok') add(`backend.${system}.errors`);
      },
      ticket: (result) => add(`ticket.${result}`),
      conversationEnded: (ending) => add(`ending.${ending}`),
      timeToActive: (seconds) => {
        add('timeToActive.count');
        add('timeToActive.sumSeconds', seconds);
      },
    };
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Adds what this instance counted to the stored days; what fails to write stays for the next flush. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** The stored days from `from` to `to` (inclusive, `YYYY-MM-DD`), oldest first. */
  async read(from: string, to: string): Promise<ReportDay[]> {
    const keys = (await this.options.store.keys(REPORT_PREFIX)).filter((k) => {
      const day = k.slice(REPORT_PREFIX.length);
      return day >= from && day <= to;
    });
    const items = keys.length ? await this.options.store.read(keys) : {};
    return keys
      .map((k) => ({ day: k.slice(REPORT_PREFIX.length), counts: countsOf(items[k] as StoreItem | undefined) }))
      .sort((a, b) => a.day.localeCompare(b.day));
  }

  private async flushOnce(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    for (const [day, counts] of batch) {
      const written = await this.addToDay(day, counts).catch((err: unknown) => {
        this.options.log.warn({ event: 'report.flush_failed', err, day }, 'daily report counts not written; kept for the next flush');
        return false;
      });
      if (!written) this.merge(day, counts);
    }
    await this.forgetOldDays().catch(() => undefined);
  }

  private async addToDay(day: string, counts: DayCounts): Promise<boolean> {
    const { store, locks } = this.options;
    const key = REPORT_PREFIX + day;
    const lease = await locks.acquire(`lock/${key}`, { ttlMs: 10_000, waitMs: 2000 });
    if (!lease) return false;
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = (await store.read([key]))[key] as StoreItem | undefined;
        const sum = countsOf(current);
        for (const [field, by] of Object.entries(counts)) sum[field] = (sum[field] ?? 0) + by;
        try {
          await store.write({ [key]: { ...(current?.eTag ? { eTag: current.eTag } : {}), counts: sum } });
          return true;
        } catch (err) {
          if (!(err instanceof ETagConflictError)) throw err;
        }
      }
      return false;
    } finally {
      await lease.release();
    }
  }

  private merge(day: string, counts: DayCounts): void {
    const into = this.pending.get(day) ?? {};
    for (const [field, by] of Object.entries(counts)) into[field] = (into[field] ?? 0) + by;
    this.pending.set(day, into);
  }

  private async forgetOldDays(): Promise<void> {
    const oldest = jakartaDay(this.now() - this.options.retentionDays * 86_400_000);
    const old = (await this.options.store.keys(REPORT_PREFIX)).filter((k) => k.slice(REPORT_PREFIX.length) < oldest);
    if (old.length) await this.options.store.delete(old);
  }
}

function countsOf(item: StoreItem | undefined): DayCounts {
  const counts = item?.counts;
  return counts && typeof counts === 'object' ? { ...(counts as DayCounts) } : {};
}
