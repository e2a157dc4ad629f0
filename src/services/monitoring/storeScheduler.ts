/**
 * The embedded scheduler: jobs live in the KeyValueStore (the file store by default), so a
 * restart loses none; a poller runs the due ones, each under a lease so that two schedulers
 * sharing one store (or one lock service) never run a job at the same time.
 *
 * Layout: one key per *generation* of a job, `schedule/<encoded jobId>/<generation>@<runAt>` →
 * `{ jobId, runAt, payload, attempts }`. The key carries the time the job was scheduled for, so
 * a poll reads only the jobs that are due, however many wait (a watch per ticket, for days). `schedule()` writes a new generation and then deletes
 * the older ones; the poller only ever runs a job's newest generation and, after the handler,
 * deletes exactly the generation it ran. Why not a single `schedule/<jobId>` key: the store has
 * no conditional delete, so "delete the job after its handler" would race with a `schedule()`
 * of the same id made meanwhile (by the handler itself, or by a turn calling `watch()`), and
 * silently drop that new schedule. With one key per generation the completion delete can only
 * ever remove the run that just happened.
 *
 * At-least-once contract (see scheduler.ts): the job is deleted AFTER its handler returns. A
 * crash mid-handler leaves it in the store, due, so it runs again after the restart (or, with a
 * shared store, once the lease expires). A handler that throws is retried after `retryMs`.
 * A handler that outlives `leaseMs` may overlap with a second run: handlers are idempotent.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../log.js';
import { ETagConflictError, type KeyValueStore, type LockService } from '../../storage/types.js';
import type { JobHandler, JobPayload, Scheduler } from './scheduler.js';

const PREFIX = 'schedule/';

interface StoredJob {
  jobId: string;
  runAt: number;
  payload: JobPayload;
  /** Handler failures so far, for the log; the job is retried regardless. */
  attempts: number;
}

export interface StoreSchedulerOptions {
  store: KeyValueStore;
  locks: LockService;
  log: Logger;
  /** How often due jobs are looked for; also the worst extra delay of a run. Default 1000. */
  pollMs?: number;
  /** The per-job lease: longer than any handler takes. Default 60 000. */
  leaseMs?: number;
  /** Delay before a job whose handler threw runs again. Default 60 000. */
  retryMs?: number;
  /** Runs at most this many handlers at once per scheduler. Default 8. */
  concurrency?: number;
  now?: () => number;
}

/** Sortable, unique in this process even within one millisecond (two schedulers sharing a MemoryStore). */
let lastGeneration = 0;
function nextGeneration(): string {
  lastGeneration = Math.max(Date.now(), lastGeneration + 1);
  return `${lastGeneration.toString(36).padStart(10, '0')}-${randomBytes(3).toString('hex')}`;
}

/** encodeURIComponent leaves no '/', so a job's prefix never matches another job's keys. */
const jobPrefix = (jobId: string) => `${PREFIX}${encodeURIComponent(jobId)}/`;

/**
 * The run time a key was written with; the stored `runAt` may be later (a failed run pushed
 * back), never earlier. Keys from before the time was in the key count as due.
 */
function scheduledAt(key: string): number {
  const at = key.lastIndexOf('@');
  return at === -1 ? 0 : parseInt(key.slice(at + 1), 36);
}

export class StoreScheduler implements Scheduler {
  private readonly store: KeyValueStore;
  private readonly now: () => number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly retryMs: number;
  private readonly concurrency: number;
  private handler: JobHandler | null = null;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  /** Job ids whose handler runs in this scheduler now, with the promise of that run. */
  private readonly running = new Map<string, Promise<void>>();
  /**
   * Due jobs the last poll found beyond `concurrency`: each finished run starts the next one
   * at once, so throughput is `concurrency` ÷ handler time, not `concurrency` per poll.
   */
  private backlog: Array<{ jobId: string; key: string }> = [];

  constructor(private readonly options: StoreSchedulerOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.retryMs = options.retryMs ?? 60_000;
    this.concurrency = options.concurrency ?? 8;
  }

  async schedule(jobId: string, runAt: number, payload: JobPayload): Promise<void> {
    const prefix = jobPrefix(jobId);
    const key = `${prefix}${nextGeneration()}@${Math.max(0, Math.floor(runAt)).toString(36)}`;
    const job: StoredJob = { jobId, runAt, payload, attempts: 0 };
    // Write the new generation first: a crash before the clean-up leaves two generations, and
    // the poller runs only the newest one (and deletes the rest), so nothing is lost either way.
    await this.store.write({ [key]: { ...job, eTag: '*' } });
    const older = (await this.store.keys(prefix)).filter((k) => k < key);
    if (older.length > 0) await this.store.delete(older);
  }

  async cancel(jobId: string): Promise<void> {
    const keys = await this.store.keys(jobPrefix(jobId));
    if (keys.length > 0) await this.store.delete(keys);
  }

  async pending(jobId: string): Promise<boolean> {
    return (await this.store.keys(jobPrefix(jobId))).length > 0;
  }

  async start(handler: JobHandler): Promise<void> {
    if (this.timer) return;
    this.handler = handler;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.pollMs);
    // Never the reason the process stays alive: the store keeps the jobs for the next start.
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.handler = null;
    this.backlog = [];
    await this.pass;
    await Promise.allSettled([...this.running.values()]);
  }

  /** One look for due jobs; skipped while the previous look is still reading the store. */
  private tick(): void {
    if (this.pass) return;
    this.pass = this.runDue()
      .catch((err: unknown) => this.options.log.error({ event: 'scheduler.pass_failed', err }, 'scheduler pass failed; trying again at the next poll'))
      .finally(() => (this.pass = null));
  }

  private async runDue(): Promise<void> {
    const byJob = new Map<string, string[]>();
    for (const key of await this.store.keys(PREFIX)) {
      const prefix = key.slice(0, key.lastIndexOf('/') + 1);
      byJob.set(prefix, [...(byJob.get(prefix) ?? []), key]);
    }
    const newest: string[] = [];
    const superseded: string[] = [];
    for (const keys of byJob.values()) {
      keys.sort();
      newest.push(keys.pop()!);
      superseded.push(...keys); // left by a crash between a schedule's write and its clean-up
    }
    if (superseded.length > 0) await this.store.delete(superseded);
    const now = this.now();
    const due = newest.filter((key) => scheduledAt(key) <= now);
    if (due.length === 0) return;
    const jobs = await this.store.read(due);
    const ready: Array<{ jobId: string; key: string }> = [];
    for (const key of due) {
      const job = jobs[key] as StoredJob | undefined;
      if (job && job.runAt <= now && !this.running.has(job.jobId)) ready.push({ jobId: job.jobId, key });
    }
    this.backlog = ready;
    this.startFromBacklog();
  }

  /** Starts backlog jobs while slots are free; jobs gone or changed meanwhile are sorted out by runOne. */
  private startFromBacklog(): void {
    while (this.backlog.length > 0 && this.running.size < this.concurrency && this.handler) {
      const { jobId, key } = this.backlog.shift()!;
      if (this.running.has(jobId)) continue;
      const run = this.runOne(jobId, key, this.handler).finally(() => {
        this.running.delete(jobId);
        this.startFromBacklog();
      });
      this.running.set(jobId, run);
    }
  }

  private async runOne(jobId: string, key: string, handler: JobHandler): Promise<void> {
    const { locks, log } = this.options;
    const lease = await locks.acquire(`lock/schedule/${jobId}`, { ttlMs: this.leaseMs, waitMs: 0 }).catch((err: unknown) => {
      log.warn({ event: 'scheduler.lease_failed', err, jobId }, 'could not take the job lease; trying at the next poll');
      return null;
    });
    if (!lease) return; // another scheduler runs it now
    try {
      // Read again under the lease: another scheduler may have run it (and deleted it) or a
      // schedule() may have replaced it since the poll read it.
      const job = (await this.store.read([key]))[key] as (StoredJob & { eTag?: string }) | undefined;
      if (!job || job.runAt > this.now()) return;
      try {
        await handler(jobId, job.payload);
      } catch (err) {
        const attempts = job.attempts + 1;
        log.error({ event: 'scheduler.job_failed', err, jobId, attempts }, 'scheduled job failed; it will run again');
        // Pushed back rather than re-run at every poll; only if unchanged (the eTag): a job
        // cancelled or replaced meanwhile is not brought back.
        const retry: StoredJob = { jobId, runAt: this.now() + this.retryMs, payload: job.payload, attempts };
        await this.store.write({ [key]: { ...retry, eTag: job.eTag ?? '*' } }).catch((e: unknown) => {
          if (!(e instanceof ETagConflictError)) throw e;
        });
        return;
      }
      // Exactly the generation that ran: a schedule() made meanwhile wrote a newer key.
      await this.store.delete([key]);
    } catch (err) {
      log.error({ event: 'scheduler.store_failed', err, jobId }, 'scheduler store failed around a job; it stays due');
    } finally {
      await lease.release().catch((err: unknown) => log.warn({ event: 'scheduler.release_failed', err, jobId }, 'could not release the job lease (it expires)'));
    }
  }
}
