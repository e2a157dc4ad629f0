/**
 * Monitoring with several instances on Redis: BullMQ schedules (unique queue per run) and the
 * watch state in a RedisStore (unique prefix). Skipped with a warning when Redis is not there,
 * unless REQUIRE_REDIS=1.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { BullScheduler } from '../../src/services/monitoring/bullScheduler.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { RedisLockService } from '../../src/storage/redisLock.js';
import { RedisStore, redisClient } from '../../src/storage/redisStore.js';
import { deleteKeysWithPrefix, redisSuite, requireRedis, skipWithoutRedis, uniquePrefix } from '../support/redis.js';
import { BLOCKED, createTicket, makeClient, makeInstance, recipient, sleep, waitFor, type Instance, type Sent } from './harness.js';
import { schedulerContract } from './schedulerContract.js';

const RETRY_MS = 300;
/** BullMQ forbids ':' in queue names, so the helper's unique prefix becomes dashes. */
const runId = uniquePrefix('monitor').replace(/[^A-Za-z0-9_-]/g, '-');
const queues = new Set<string>();
const queueName = (name: string) => {
  const queue = `sop007-${runId}${name}`;
  queues.add(queue);
  return queue;
};

describe.skipIf(skipWithoutRedis('monitoring on Redis (BullScheduler, two instances)'))('monitoring on Redis', () => {
  beforeAll(requireRedis);
  const storePrefix = uniquePrefix('monitor-store');
  // Every key this file made: each queue's (BullMQ's and our pointer hash) and the stores'.
  afterAll(async () => {
    for (const prefix of [...[...queues].map((q) => `bull:${q}:`), storePrefix]) await deleteKeysWithPrefix(prefix);
  });

  schedulerContract(
    'BullScheduler',
    (deployment) => new BullScheduler({ redisUrl: redisSuite.url, queueName: queueName(deployment), log: silentLogger, retryMs: RETRY_MS, lockDurationMs: 5000 }),
    { retryMs: RETRY_MS },
  );

  describe('two instances sharing Redis', () => {
    let simulator: Simulator;
    const clients: Redis[] = [];
    let instances: Instance[] = [];
    beforeAll(async () => {
      simulator = await startSimulator({ latencyMs: 0 });
    });
    afterAll(async () => {
      await Promise.all(instances.map((i) => i.monitor.stop()));
      await Promise.all(clients.map((c) => c.quit()));
      await simulator.close();
    });
    beforeEach(() => simulator.reset());

    it('watched on one, active later: exactly one message and one note in total', async () => {
      const sent: Sent[] = [];
      const queue = queueName('monitor');
      instances = [0, 1].map(() => {
        const client = redisClient(redisSuite.url);
        clients.push(client);
        const store = new RedisStore(client, storePrefix);
        const scheduler = new BullScheduler({ redisUrl: redisSuite.url, queueName: queue, log: silentLogger, retryMs: RETRY_MS });
        return makeInstance({ simulator, store, locks: new RedisLockService(client, storePrefix), sent, scheduler, intervalMs: 80 });
      });
      await Promise.all(instances.map((i) => i.monitor.start()));
      const [a, b] = instances as [Instance, Instance];
      const ticketId = await createTicket(makeClient(simulator));

      await a.monitor.watch({ conversationId: 'conv-redis', msisdn: BLOCKED, ticketId, recipient: recipient('conv-redis'), kind: 'TICKET' });
      await waitFor('three checks', () => a.dscCalls() + b.dscCalls() >= 3);
      expect(sent).toEqual([]);
      expect(await b.monitor.current('conv-redis')).toMatchObject({ status: 'watching', lastCheck: { result: 'STILL_BLOCKED' } });

      simulator.activate(BLOCKED);
      await waitFor('the active message', () => sent.length > 0);
      await sleep(80 * 5);
      expect(sent).toEqual([{ kind: 'numberActive', conversationId: 'conv-redis', ticketId, locale: 'id' }]);
      expect(simulator.notes(ticketId)).toHaveLength(1);
      expect(a.noteCalls() + b.noteCalls()).toBe(1);
      expect(await a.monitor.current('conv-redis')).toMatchObject({ status: 'done', ending: { reason: 'ACTIVE' } });
    });
  });
});
