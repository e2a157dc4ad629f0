/**
 * Locks inside one process (memory and file storage): per key, first come first served.
 *
 * A waiter queues behind the holder and gets the lock handed over directly on release, so a
 * newcomer can never overtake it. A waiter that runs out of `waitMs` leaves the queue with
 * null. A holder that outlives its `ttlMs` (a bug, a hung turn) is overtaken by the next
 * waiter, silently: the expiry exists exactly so that a lost holder cannot block a key. Timers
 * run only while someone waits, so an idle service keeps nothing alive.
 */
import { performance } from 'node:perf_hooks';
import type { Lease, LockService } from './types.js';

interface Waiter {
  ttlMs: number;
  grant: (lease: Lease | null) => void;
  timer: NodeJS.Timeout;
}

interface Slot {
  holder: { token: number; expiresAt: number } | null;
  queue: Waiter[];
  /** Set only while the holder has waiters behind it: fires when it expires. */
  expiry: NodeJS.Timeout | null;
}

/** Monotonic: a wall-clock change must not expire or extend locks. */
const now = () => performance.now();

export class LocalLockService implements LockService {
  private readonly slots = new Map<string, Slot>();
  private lastToken = 0;
  private closed = false;

  async acquire(key: string, options: { ttlMs: number; waitMs: number }): Promise<Lease | null> {
    if (this.closed) throw new Error('LocalLockService is closed');
    const found = this.slots.get(key);
    if (found) this.expireIfDue(key, found); // may hand over to a waiter, or forget the slot
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { holder: null, queue: [], expiry: null };
      this.slots.set(key, slot);
    }
    if (!slot.holder && slot.queue.length === 0) return this.grant(key, slot, options.ttlMs);
    if (options.waitMs <= 0) return null;
    const queued = slot;
    return new Promise<Lease | null>((resolve) => {
      const waiter: Waiter = {
        ttlMs: options.ttlMs,
        grant: resolve,
        timer: setTimeout(() => {
          queued.queue.splice(queued.queue.indexOf(waiter), 1);
          this.settle(key, queued);
          resolve(null);
        }, options.waitMs),
      };
      queued.queue.push(waiter);
      this.settle(key, queued);
    });
  }

  /** Waiters get null; holders' leases become no-ops. */
  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots.values()) {
      if (slot.expiry) clearTimeout(slot.expiry);
      for (const waiter of slot.queue.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.grant(null);
      }
    }
    this.slots.clear();
  }

  private grant(key: string, slot: Slot, ttlMs: number): Lease {
    const token = ++this.lastToken;
    slot.holder = { token, expiresAt: now() + ttlMs };
    const current = () => {
      const s = this.slots.get(key);
      return s?.holder?.token === token && s.holder.expiresAt > now() ? s : null;
    };
    return {
      key,
      release: async () => {
        const s = this.slots.get(key);
        if (s?.holder?.token !== token) return; // released already, or expired and overtaken
        s.holder = null;
        this.handOver(key, s);
      },
      extend: async (ms) => {
        const s = current();
        if (!s) return false;
        s.holder!.expiresAt = now() + ms;
        this.settle(key, s);
        return true;
      },
    };
  }

  /** The lock is free: the first waiter gets it, or the key is forgotten. */
  private handOver(key: string, slot: Slot): void {
    const next = slot.queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.grant(this.grant(key, slot, next.ttlMs));
    }
    this.settle(key, slot);
  }

  private expireIfDue(key: string, slot: Slot): void {
    if (slot.holder && slot.holder.expiresAt <= now()) {
      slot.holder = null;
      this.handOver(key, slot);
    }
  }

  /** Re-arms the expiry timer for the current state, and drops a slot nobody uses. */
  private settle(key: string, slot: Slot): void {
    if (slot.expiry) clearTimeout(slot.expiry);
    slot.expiry = null;
    if (slot.holder && slot.queue.length > 0) {
      slot.expiry = setTimeout(() => {
        slot.expiry = null;
        this.expireIfDue(key, slot);
        if (slot.holder) this.settle(key, slot); // woke a little early: wait the rest
      }, Math.max(1, Math.ceil(slot.holder.expiresAt - now())));
    } else if (!slot.holder && slot.queue.length === 0 && this.slots.get(key) === slot) {
      this.slots.delete(key);
    }
  }
}
