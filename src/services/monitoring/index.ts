/**
 * Monitoring (SOP-007 Notes 5): the Monitor and the scheduler behind it, chosen with the
 * storage: the store-backed poller for `memory`/`file` (one process; the file store keeps the
 * jobs across restarts), BullMQ for `redis` (several instances).
 */
import { silentLogger, type Logger } from '../../log.js';
import type { KeyValueStore, LockService } from '../../storage/types.js';
import { BullScheduler } from './bullScheduler.js';
import type { Scheduler } from './scheduler.js';
import { StoreScheduler } from './storeScheduler.js';

export { BullScheduler, type BullSchedulerOptions } from './bullScheduler.js';
export { classify, jobIdOf, Monitor } from './monitor.js';
export type { CheckedFacts, CheckResult, EndReason, MonitorNotifier, MonitorOptions, WatchKind, WatchRequest, WatchState } from './monitor.js';
export type { JobHandler, JobPayload, Scheduler } from './scheduler.js';
export { StoreScheduler, type StoreSchedulerOptions } from './storeScheduler.js';

export interface CreateSchedulerOptions {
  kind: 'memory' | 'file' | 'redis';
  store: KeyValueStore;
  locks: LockService;
  /** Required for `redis`. */
  redisUrl?: string;
  /** BullMQ queue name for `redis` (no ':'); default 'sop007-monitor'. */
  queueName?: string;
  /** BullMQ key prefix for `redis`; default 'bull'. */
  prefix?: string;
  /** Store poller period for `memory`/`file`; default 1000 ms. */
  pollMs?: number;
  log?: Logger;
}

/** The BullMQ queue of one deployment's monitoring, named after its Redis prefix (no ':' allowed). */
export function monitorQueueName(redisPrefix: string): string {
  return `${redisPrefix.replace(/[^A-Za-z0-9_-]/g, '')}-monitor`;
}

export function createScheduler(options: CreateSchedulerOptions): Scheduler {
  const log = options.log ?? silentLogger;
  if (options.kind === 'redis') {
    if (!options.redisUrl) throw new Error('createScheduler: redisUrl is required for kind "redis"');
    return new BullScheduler({
      redisUrl: options.redisUrl,
      queueName: options.queueName ?? 'sop007-monitor',
      log,
      ...(options.prefix ? { prefix: options.prefix } : {}),
    });
  }
  return new StoreScheduler({ store: options.store, locks: options.locks, log, ...(options.pollMs ? { pollMs: options.pollMs } : {}) });
}
