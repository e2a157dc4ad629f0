/**
 * The Redis scheduler: BullMQ delayed jobs, shared by every instance. Exactly one instance
 * runs a given job: BullMQ moves it atomically from "delayed"/"wait" to "active" for one
 * worker and holds a lock on it (renewed while the handler runs); a worker that dies leaves a
 * "stalled" job that another worker picks up after `stalledInterval` (at least once).
 *
 * Replacing a schedule: BullMQ cannot remove or re-add a job that is active, yet the monitor
 * re-schedules its own job from inside the handler ("check again in one interval"). So each
 * schedule() adds a NEW BullMQ job (id = hash of our id + a generation) and points our id at it
 * in one Redis hash (`<prefix>:<queue>:current`, jobId → BullMQ id, swapped atomically with
 * MULTI), then removes the job it replaced (a no-op if that one is active: it finishes). A
 * worker runs a job only if the pointer still names it, so a replaced or cancelled job that
 * could not be removed is skipped. Add-then-swap: a crash in between leaves the old pointer
 * and its job, i.e. the old schedule, never none.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import type { JobHandler, JobPayload, Scheduler } from './scheduler.js';

export interface BullSchedulerOptions {
  redisUrl: string;
  /** One queue per deployment (and per test); no ':' (BullMQ's rule). */
  queueName: string;
  log: Logger;
  /** BullMQ's key prefix; default 'bull'. Keys are `<prefix>:<queueName>:…`. */
  prefix?: string;
  /** Handlers run at once per instance. Default 8. */
  concurrency?: number;
  /** Delay before a job whose handler threw runs again (up to `attempts` runs). Default 60 000. */
  retryMs?: number;
  attempts?: number;
  /** BullMQ's lock on an active job (renewed while it runs); a dead worker's job is taken over after it. Default 30 000. */
  lockDurationMs?: number;
  now?: () => number;
}

interface BullData {
  jobId: string;
  payload: JobPayload;
}

/** Only if the pointer is still ours: the handler did not re-schedule, nobody replaced it. */
const FORGET_IF_CURRENT = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0`;

export class BullScheduler implements Scheduler {
  private readonly connection: Redis;
  private readonly queue: Queue<BullData>;
  private readonly currentKey: string;
  private readonly now: () => number;
  private worker: Worker<BullData> | null = null;
  private closed = false;

  constructor(private readonly options: BullSchedulerOptions) {
    const prefix = options.prefix ?? 'bull';
    this.now = options.now ?? Date.now;
    this.currentKey = `${prefix}:${options.queueName}:current`;
    // BullMQ requires maxRetriesPerRequest: null for workers (their blocking reads must not
    // fail after N retries); the Queue and our pointer commands share this connection, the
    // worker duplicates it for its blocking reads.
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (err) => options.log.warn({ event: 'scheduler.redis_error', err }, 'scheduler Redis connection error'));
    this.queue = new Queue<BullData>(options.queueName, { connection: this.connection, prefix });
    this.queue.on('error', (err) => options.log.warn({ event: 'scheduler.queue_error', err }, 'scheduler queue error'));
  }

  async schedule(jobId: string, runAt: number, payload: JobPayload): Promise<void> {
    const bullId = `${createHash('sha256').update(jobId).digest('hex').slice(0, 24)}-${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
    await this.queue.add('run', { jobId, payload }, {
      jobId: bullId,
      delay: Math.max(0, runAt - this.now()),
      attempts: this.options.attempts ?? 5,
      backoff: { type: 'fixed', delay: this.options.retryMs ?? 60_000 },
      // Keep Redis small: a done job is gone; a few failed ones stay for operators.
      removeOnComplete: true,
      removeOnFail: { count: 100 },
    });
    const replaced = await this.swap(jobId, bullId);
    if (replaced && replaced !== bullId) await this.removeQuietly(replaced);
  }

  async cancel(jobId: string): Promise<void> {
    const replaced = await this.swap(jobId, null);
    if (replaced) await this.removeQuietly(replaced);
  }

  /** The pointer names a BullMQ job still waiting, delayed or active (not one failed for good). */
  async pending(jobId: string): Promise<boolean> {
    const bullId = await this.connection.hget(this.currentKey, jobId);
    if (!bullId) return false;
    const job = await this.queue.getJob(bullId);
    if (!job) return false;
    const state = await job.getState();
    return state !== 'failed' && state !== 'completed' && state !== 'unknown';
  }

  async start(handler: JobHandler): Promise<void> {
    if (this.worker) return;
    const { log } = this.options;
    this.worker = new Worker<BullData>(this.options.queueName, (job) => this.process(job, handler), {
      connection: this.connection,
      prefix: this.options.prefix ?? 'bull',
      concurrency: this.options.concurrency ?? 8,
      lockDuration: this.options.lockDurationMs ?? 30_000,
    });
    this.worker.on('error', (err) => log.warn({ event: 'scheduler.worker_error', err }, 'scheduler worker error'));
    this.worker.on('failed', (job, err) => {
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
      log.error(
        { event: 'scheduler.job_failed', err, jobId: job?.data.jobId, attempts: job?.attemptsMade, ...(final ? { alert: 'SCHEDULED_JOB_GAVE_UP' } : {}) },
        final ? 'scheduled job failed for good; its schedule is lost' : 'scheduled job failed; BullMQ retries it',
      );
    });
    await this.worker.waitUntilReady();
  }

  /** Waits for the handlers under way, then closes the worker, the queue and the connection. */
  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker?.close();
    this.worker = null;
    await this.queue.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private async process(job: Job<BullData>, handler: JobHandler): Promise<void> {
    const { jobId, payload } = job.data;
    // A job that was replaced or cancelled while BullMQ could not remove it (it was active).
    if ((await this.connection.hget(this.currentKey, jobId)) !== job.id) return;
    await handler(jobId, payload);
    await this.connection.eval(FORGET_IF_CURRENT, 1, this.currentKey, jobId, job.id);
  }

  /** Points `jobId` at `bullId` (or nowhere), atomically returning what it pointed at. */
  private async swap(jobId: string, bullId: string | null): Promise<string | null> {
    const multi = this.connection.multi().hget(this.currentKey, jobId);
    const results = await (bullId ? multi.hset(this.currentKey, jobId, bullId) : multi.hdel(this.currentKey, jobId)).exec();
    const [error, previous] = results?.[0] ?? [new Error('transaction aborted'), null];
    if (error) throw error;
    return (previous as string | null) ?? null;
  }

  private async removeQuietly(bullId: string): Promise<void> {
    // 0 = locked (active): it will see it is no longer current, or it is the run under way.
    await this.queue.remove(bullId).catch((err: unknown) => this.options.log.warn({ event: 'scheduler.remove_failed', err, bullId }, 'could not remove a replaced job'));
  }
}
