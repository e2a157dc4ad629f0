/**
 * Start-up reconciliation: a watch is written before its job is scheduled, so a crash in
 * between leaves a watch without a schedule. The next start lists the active watches and
 * schedules every one that has no pending job, and only those.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { BullScheduler } from '../../src/services/monitoring/bullScheduler.js';
import { jobIdOf } from '../../src/services/monitoring/monitor.js';
import type { Scheduler } from '../../src/services/monitoring/scheduler.js';
import { StoreScheduler } from '../../src/services/monitoring/storeScheduler.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { LocalLockService } from '../../src/storage/localLock.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';
import { RedisLockService } from '../../src/storage/redisLock.js';
import { RedisStore, redisClient } from '../../src/storage/redisStore.js';
import type { KeyValueStore, LockService } from '../../src/storage/types.js';
import { deleteKeysWithPrefix, redisSuite, requireRedis, skipWithoutRedis, uniquePrefix } from '../support/redis.js';
import { BLOCKED, createTicket, makeClient, makeInstance, recipient, sleep, waitFor, type Sent } from './harness.js';

const INTERVAL = 60;
let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());

/** The process that "crashed" between writing the watch and scheduling it: its schedule() never happens. */
function crashingBeforeSchedule(real: Scheduler): Scheduler {
  return { schedule: async () => undefined, cancel: (id) => real.cancel(id), start: async () => undefined, stop: async () => undefined };
}

async function lostScheduleThenRestart(store: KeyValueStore, locks: LockService, makeScheduler: () => Scheduler) {
  const sent: Sent[] = [];
  const ticketId = await createTicket(makeClient(simulator));
  const crashed = makeInstance({ simulator, store, locks, sent, intervalMs: INTERVAL, scheduler: crashingBeforeSchedule(makeScheduler()) });
  const lost = await crashed.monitor.watch({ conversationId: 'conv-lost', msisdn: BLOCKED, ticketId, recipient: recipient('conv-lost'), kind: 'TICKET' });

  // Another watch whose schedule was written: reconciliation must leave it alone.
  const scheduler = makeScheduler();
  const next = makeInstance({ simulator, store, locks, sent, intervalMs: INTERVAL, scheduler });
  await next.monitor.watch({ conversationId: 'conv-kept', msisdn: BLOCKED, ticketId, recipient: recipient('conv-kept'), kind: 'TICKET' });
  expect(await scheduler.pending!(jobIdOf(lost))).toBe(false);

  expect(await next.monitor.reconcile()).toBe(1);
  expect(await scheduler.pending!(jobIdOf(lost))).toBe(true);
  expect(await next.monitor.reconcile()).toBe(0); // now every watch has its job

  await next.monitor.start();
  simulator.activate(BLOCKED);
  await waitFor('both messages', () => sent.length >= 2);
  await sleep(INTERVAL * 4);
  await next.monitor.stop();
  expect(sent.filter((s) => s.conversationId === 'conv-lost')).toEqual([{ kind: 'numberActive', conversationId: 'conv-lost', ticketId, locale: 'id' }]);
  expect(sent.filter((s) => s.conversationId === 'conv-kept')).toHaveLength(1);
  return { next, scheduler };
}

describe('start-up reconciliation (StoreScheduler)', () => {
  it('a watch whose schedule was lost is scheduled at start and checked; a scheduled one is not touched', async () => {
    const store = new MemoryStore();
    const locks = new LocalLockService();
    await lostScheduleThenRestart(store, locks, () => new StoreScheduler({ store, locks, log: silentLogger, pollMs: 10, retryMs: 100 }));
  });

  it('done watches get no schedule; start() reconciles by itself', async () => {
    const store = new MemoryStore();
    const locks = new LocalLockService();
    const scheduler = new StoreScheduler({ store, locks, log: silentLogger, pollMs: 10, retryMs: 100 });
    const crashed = makeInstance({ simulator, store, locks, intervalMs: INTERVAL, scheduler: crashingBeforeSchedule(scheduler) });
    const ticketId = await createTicket(makeClient(simulator));
    const lost = await crashed.monitor.watch({ conversationId: 'conv-a', msisdn: BLOCKED, ticketId, recipient: recipient('conv-a'), kind: 'TICKET' });
    const ended = await crashed.monitor.watch({ conversationId: 'conv-b', msisdn: BLOCKED, ticketId, recipient: recipient('conv-b'), kind: 'TICKET' });
    await crashed.monitor.unwatch('conv-b');

    const next = makeInstance({ simulator, store, locks, intervalMs: INTERVAL, scheduler });
    await next.monitor.start();
    try {
      expect(await scheduler.pending(jobIdOf(lost))).toBe(true);
      expect(await scheduler.pending(jobIdOf(ended))).toBe(false);
      await waitFor('a check of the reconciled watch', () => next.dscCalls() >= 1);
    } finally {
      await next.monitor.stop();
    }
  });
});

describe.skipIf(skipWithoutRedis('start-up reconciliation on Redis (BullScheduler)'))('start-up reconciliation (BullScheduler)', () => {
  beforeAll(requireRedis);
  const storePrefix = uniquePrefix('reconcile-store');
  const queue = `sop007-${uniquePrefix('reconcile').replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const clients: Redis[] = [];
  const schedulers: BullScheduler[] = [];
  afterAll(async () => {
    await Promise.all(schedulers.map((s) => s.stop()));
    await Promise.all(clients.map((c) => c.quit()));
    for (const prefix of [`bull:${queue}:`, storePrefix]) await deleteKeysWithPrefix(prefix);
  });

  it('a watch whose schedule was lost is scheduled at start and checked; a scheduled one is not touched', async () => {
    const client = redisClient(redisSuite.url);
    clients.push(client);
    const store = new RedisStore(client, storePrefix);
    const locks = new RedisLockService(client, storePrefix);
    await lostScheduleThenRestart(store, locks, () => {
      const s = new BullScheduler({ redisUrl: redisSuite.url, queueName: queue, log: silentLogger, retryMs: 300 });
      schedulers.push(s);
      return s;
    });
  });
});
