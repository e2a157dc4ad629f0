/**
 * One-shot delayed jobs, by id: the trigger behind SOP-007 Notes 5 monitoring ("check
 * periodically until the number is active"). Two implementations share this contract:
 * `StoreScheduler` (the embedded default: jobs live in the KeyValueStore, so they survive a
 * restart whenever the store does) and `BullScheduler` (Redis: BullMQ delayed jobs, shared by
 * several instances).
 *
 * Contract, for both:
 * - `schedule(jobId, runAt, payload)` is idempotent by `jobId`: scheduling an id again replaces
 *   its time and payload (there is at most one pending run per id).
 * - `cancel(jobId)` forgets the pending run, if any (a run already under way finishes).
 * - Delivery is AT LEAST ONCE: a job whose handler throws, or whose process dies mid-run, runs
 *   again later, and in rare races (a lock that expired under a slow handler) two runs can
 *   overlap. Handlers must therefore be idempotent; `Monitor` is (compare-and-set on its watch
 *   state). What the schedulers do guarantee is that a run never starts twice *at the same
 *   time* while its holder is alive (per-job lease or BullMQ job lock).
 * - A handler may call `schedule` for its own job id (the monitor's "check again in one
 *   interval"): that new run replaces the one being handled and is not lost when it completes.
 */

/** Small JSON: ids only, never customer data (jobs may sit in Redis or on disk for days). */
export type JobPayload = Record<string, string | number | boolean | null>;

export type JobHandler = (jobId: string, payload: JobPayload) => Promise<void>;

export interface Scheduler {
  /** Runs `handler(jobId, payload)` at `runAt` (epoch ms) or soon after; replaces an earlier schedule of `jobId`. */
  schedule(jobId: string, runAt: number, payload: JobPayload): Promise<void>;
  cancel(jobId: string): Promise<void>;
  /** Whether `jobId` has a run waiting (or under way): the start-up reconciliation asks it. */
  pending?(jobId: string): Promise<boolean>;
  /** Starts running due jobs with `handler`. Jobs scheduled before `start` (or before a restart) run too. */
  start(handler: JobHandler): Promise<void>;
  /** Stops taking jobs and waits for the runs under way; `schedule`/`cancel` are not usable afterwards for BullScheduler. */
  stop(): Promise<void>;
}
