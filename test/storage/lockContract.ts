/**
 * What every LockService promises, run against LocalLockService and RedisLockService:
 * mutual exclusion, giving up after waitMs, expiry after ttlMs, extend, and a lease that can
 * never free a lock it no longer holds.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LockService } from '../../src/storage/types.js';

export interface LockFixture {
  /** Two services on one lock space (for Redis: two clients, as two instances would have). */
  services: [LockService, LockService];
  dispose(): Promise<void>;
}

export function describeLockContract(name: string, open: () => Promise<LockFixture>): void {
  describe(`${name}: the LockService contract`, () => {
    let fixture: LockFixture;
    let one: LockService;
    let two: LockService;
    beforeEach(async () => {
      fixture = await open();
      [one, two] = fixture.services;
    });
    afterEach(async () => fixture.dispose());

    it('gives a free lock, refuses a held one, and gives it again once released', async () => {
      const lease = await one.acquire('turn/a', { ttlMs: 5000, waitMs: 0 });
      expect(lease?.key).toBe('turn/a');
      expect(await two.acquire('turn/a', { ttlMs: 5000, waitMs: 0 })).toBeNull();
      expect(await two.acquire('turn/b', { ttlMs: 5000, waitMs: 0 })).not.toBeNull(); // other keys are independent
      await lease!.release();
      await lease!.release(); // idempotent
      expect(await two.acquire('turn/a', { ttlMs: 5000, waitMs: 0 })).not.toBeNull();
    });

    it('lets one of 20 concurrent acquirers in at a time, and all of them eventually', async () => {
      let inside = 0;
      let most = 0;
      let done = 0;
      await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const lease = await (i % 2 ? one : two).acquire('turn/busy', { ttlMs: 10_000, waitMs: 15_000 });
          if (!lease) throw new Error(`acquirer ${i} gave up`);
          inside += 1;
          most = Math.max(most, inside);
          await sleep(5);
          inside -= 1;
          done += 1;
          await lease.release();
        }),
      );
      expect(most).toBe(1);
      expect(done).toBe(20);
    });

    it('gives up after waitMs with null', async () => {
      const held = await one.acquire('turn/w', { ttlMs: 10_000, waitMs: 0 });
      const started = Date.now();
      expect(await two.acquire('turn/w', { ttlMs: 10_000, waitMs: 150 })).toBeNull();
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(140);
      expect(waited).toBeLessThan(1000);
      await held!.release();
      // the waiter that gave up is not queued any more: the lock is simply free
      const next = await two.acquire('turn/w', { ttlMs: 10_000, waitMs: 0 });
      expect(next).not.toBeNull();
      await next!.release();
    });

    it('lets the next one in when a holder never releases (ttl), and the late release frees nothing', async () => {
      const crashed = await one.acquire('turn/t', { ttlMs: 150, waitMs: 0 });
      const started = Date.now();
      const next = await two.acquire('turn/t', { ttlMs: 10_000, waitMs: 3000 });
      expect(next).not.toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
      expect(await crashed!.extend(10_000)).toBe(false); // lost, and told so
      await crashed!.release(); // must not free the new holder's lock
      expect(await one.acquire('turn/t', { ttlMs: 10_000, waitMs: 0 })).toBeNull();
      await next!.release();
    });

    it('extends a held lock past its ttl', async () => {
      const lease = await one.acquire('turn/e', { ttlMs: 150, waitMs: 0 });
      expect(await lease!.extend(5000)).toBe(true);
      await sleep(300);
      expect(await two.acquire('turn/e', { ttlMs: 5000, waitMs: 0 })).toBeNull();
      await lease!.release();
      expect(await lease!.extend(5000)).toBe(false); // released: nothing to extend
      expect(await two.acquire('turn/e', { ttlMs: 5000, waitMs: 0 })).not.toBeNull();
    });
  });
}
