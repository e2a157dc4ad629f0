import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LocalLockService } from '../../src/storage/localLock.js';
import { describeLockContract } from './lockContract.js';

describeLockContract('LocalLockService', async () => {
  const locks = new LocalLockService();
  return { services: [locks, locks], dispose: () => locks.close() };
});

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('LocalLockService', () => {
  it('serves waiters first come, first served', async () => {
    const locks = new LocalLockService();
    const first = await locks.acquire('k', { ttlMs: 5000, waitMs: 0 });
    const order: number[] = [];
    const waiters = [1, 2, 3, 4].map(async (n) => {
      const lease = await locks.acquire('k', { ttlMs: 5000, waitMs: 5000 });
      order.push(n);
      await sleep(1);
      await lease!.release();
    });
    await sleep(5);
    await first!.release();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('keeps no timer running once nobody holds or waits', async () => {
    const before = timers();
    const locks = new LocalLockService();
    const held = await locks.acquire('k', { ttlMs: 60_000, waitMs: 0 });
    const waiting = locks.acquire('k', { ttlMs: 60_000, waitMs: 60_000 });
    expect(timers()).toBeGreaterThan(before); // the waiter's limit, the holder's expiry
    await held!.release();
    await (await waiting)!.release();
    const gaveUp = await Promise.all([locks.acquire('j', { ttlMs: 60_000, waitMs: 0 }), locks.acquire('j', { ttlMs: 60_000, waitMs: 20 })]);
    await gaveUp[0]!.release();
    expect(timers()).toBe(before);
  });

  it('answers waiters null on close', async () => {
    const locks = new LocalLockService();
    await locks.acquire('k', { ttlMs: 60_000, waitMs: 0 });
    const waiting = locks.acquire('k', { ttlMs: 60_000, waitMs: 60_000 });
    await locks.close();
    expect(await waiting).toBeNull();
  });
});
