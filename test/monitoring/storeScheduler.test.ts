/** The store-backed scheduler: the contract, plus what its key layout promises. */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { StoreScheduler } from '../../src/services/monitoring/storeScheduler.js';
import { LocalLockService } from '../../src/storage/localLock.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';
import { waitFor } from './harness.js';
import { schedulerContract } from './schedulerContract.js';

const RETRY_MS = 150;
const deployments = new Map<string, { store: MemoryStore; locks: LocalLockService }>();
const shared = (name: string) => {
  if (!deployments.has(name)) deployments.set(name, { store: new MemoryStore(), locks: new LocalLockService() });
  return deployments.get(name)!;
};

schedulerContract(
  'StoreScheduler',
  (deployment) => new StoreScheduler({ ...shared(deployment), log: silentLogger, pollMs: 10, retryMs: RETRY_MS }),
  { retryMs: RETRY_MS },
);

describe('StoreScheduler storage', () => {
  it('keeps one key per job under schedule/, and none once the job ran', async () => {
    const store = new MemoryStore();
    const s = new StoreScheduler({ store, locks: new LocalLockService(), log: silentLogger, pollMs: 10 });
    await s.schedule('monitor/a/b#1', Date.now() + 30, { x: 1 });
    await s.schedule('monitor/a/b#1', Date.now() + 40, { x: 2 });
    const keys = await store.keys('schedule/');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^schedule\/monitor%2Fa%2Fb%231\/[0-9a-z]{10}-[0-9a-f]{6}@[0-9a-z]+$/);
    expect(Object.values(await store.read(keys))[0]).toMatchObject({ jobId: 'monitor/a/b#1', payload: { x: 2 } });
    const ran: unknown[] = [];
    await s.start(async (_id, payload) => void ran.push(payload));
    await waitFor('the run', () => ran.length === 1);
    await waitFor('the key deleted', async () => (await store.keys('schedule/')).length === 0);
    await s.stop();
  });

  it('after a crash between writing a new generation and deleting the old one, only the newest runs', async () => {
    const store = new MemoryStore();
    const s = new StoreScheduler({ store, locks: new LocalLockService(), log: silentLogger, pollMs: 10 });
    await s.schedule('job', Date.now(), { v: 'new' });
    const [current] = await store.keys('schedule/');
    // An older generation the crashed schedule() did not get to delete.
    await store.write({ 'schedule/job/0000000000-000000': { jobId: 'job', runAt: Date.now(), payload: { v: 'old' }, attempts: 0 } });
    const ran: unknown[] = [];
    await s.start(async (_id, payload) => void ran.push(payload));
    await waitFor('the run', () => ran.length > 0);
    await waitFor('both keys gone', async () => (await store.keys('schedule/')).length === 0);
    await s.stop();
    expect(ran).toEqual([{ v: 'new' }]);
    expect(current).toBeDefined();
  });

  it('a poll reads only the jobs that are due, however many wait', async () => {
    const store = new MemoryStore();
    const read: string[] = [];
    const counting = Object.assign(Object.create(store) as MemoryStore, {
      read: (keys: string[]) => (read.push(...keys), store.read(keys)),
    });
    const s = new StoreScheduler({ store: counting, locks: new LocalLockService(), log: silentLogger, pollMs: 10 });
    for (let i = 0; i < 200; i++) await s.schedule(`later-${i}`, Date.now() + 3_600_000, { i });
    await s.schedule('now', Date.now(), { now: true });
    const ran: unknown[] = [];
    await s.start(async (_id, payload) => void ran.push(payload));
    await waitFor('the due job', () => ran.length === 1);
    await new Promise((r) => setTimeout(r, 50)); // a few more polls
    await s.stop();
    expect(ran).toEqual([{ now: true }]);
    expect(read.some((key) => key.includes('later-'))).toBe(false);
  });

  it('runs a job stored before the run time was part of the key', async () => {
    const store = new MemoryStore();
    await store.write({ 'schedule/legacy/0000000001-000000': { jobId: 'legacy', runAt: Date.now(), payload: { v: 1 }, attempts: 0 } });
    const s = new StoreScheduler({ store, locks: new LocalLockService(), log: silentLogger, pollMs: 10 });
    const ran: unknown[] = [];
    await s.start(async (_id, payload) => void ran.push(payload));
    await waitFor('the run', () => ran.length === 1);
    await waitFor('the key deleted', async () => (await store.keys('schedule/')).length === 0);
    await s.stop();
  });

  it('runs every due job as slots free up, not `concurrency` jobs per poll', async () => {
    const store = new MemoryStore();
    const s = new StoreScheduler({ store, locks: new LocalLockService(), log: silentLogger, pollMs: 60_000, concurrency: 2 });
    for (let i = 0; i < 30; i++) await s.schedule(`due-${i}`, Date.now(), { i });
    const ran = new Set<unknown>();
    let atOnce = 0;
    let most = 0;
    await s.start(async (_id, payload) => {
      most = Math.max(most, ++atOnce);
      await new Promise((r) => setTimeout(r, 5));
      atOnce--;
      ran.add((payload as { i: number }).i);
    });
    // One poll (at start); the next is a minute away.
    await waitFor('all 30 runs', () => ran.size === 30);
    await s.stop();
    expect(most).toBeLessThanOrEqual(2);
  });
});

