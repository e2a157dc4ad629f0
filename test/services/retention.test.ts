/** What the bot forgets, and when (UU PDP): the sweep's two rules and its safety around turns. */
import { beforeEach, describe, expect, it } from 'vitest';
import { conversationRecords as conversations, LAST_ACTIVITY_PROPERTY, turnLockKey } from '../../src/bot/conversationKeys.js';
import { silentLogger } from '../../src/log.js';
import { Retention } from '../../src/services/retention.js';
import { LocalLockService } from '../../src/storage/localLock.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';
import type { StoreItem } from '../../src/storage/types.js';

const HOUR = 3_600_000;
const RETENTION = 72 * HOUR;
const conversationKey = (id: string) => `webchat/conversations/${id}/`;

let store: MemoryStore;
let locks: LocalLockService;
let now: number;
let retention: Retention;

beforeEach(() => {
  store = new MemoryStore();
  locks = new LocalLockService();
  now = Date.UTC(2026, 10, 25);
  retention = new Retention({ store, locks, conversations, log: silentLogger, retentionMs: RETENTION, now: () => now });
});

const conversation = (id: string, lastActivityAt: number) =>
  store.write({ [conversationKey(id)]: { [LAST_ACTIVITY_PROPERTY]: lastActivityAt, case: { msisdn: '6281100000007' } } });
const watch = (id: string, status: 'watching' | 'done', endedAt: number | null = null) =>
  store.write({ [`monitor/${id}`]: { conversationId: id, status, endedAt } });
const exists = async (key: string) => (await store.keys(key)).includes(key);

describe('retention sweep', () => {
  it('forgets a conversation idle for longer than the retention, keeps a recent one', async () => {
    await conversation('old', now - RETENTION - 1);
    await conversation('recent', now - RETENTION + HOUR);
    expect(await retention.sweep()).toEqual({ conversations: 1, watches: 0 });
    expect(await exists(conversationKey('old'))).toBe(false);
    expect(await exists(conversationKey('recent'))).toBe(true);
  });

  it('keeps an idle conversation while its number is watched, and forgets it once the watch is over', async () => {
    await conversation('watched', now - RETENTION - HOUR);
    await watch('watched', 'watching');
    await retention.sweep();
    expect(await exists(conversationKey('watched'))).toBe(true);

    await watch('watched', 'done', now);
    await retention.sweep();
    expect(await exists(conversationKey('watched'))).toBe(false);
    expect(await exists('monitor/watched')).toBe(true); // the finished watch has its own clock

    now += RETENTION;
    expect(await retention.sweep()).toEqual({ conversations: 0, watches: 1 });
    expect(await exists('monitor/watched')).toBe(false);
  });

  it('never deletes a conversation whose turn is running', async () => {
    await conversation('busy', now - RETENTION - 1);
    const lease = await locks.acquire(turnLockKey('busy'), { ttlMs: 10_000, waitMs: 0 });
    expect(await retention.sweep()).toEqual({ conversations: 0, watches: 0 });
    expect(await exists(conversationKey('busy'))).toBe(true);
    await lease!.release();
    expect((await retention.sweep()).conversations).toBe(1);
  });

  it('keeps a conversation written after the sweep read it', async () => {
    await conversation('raced', now - RETENTION - 1);
    let reads = 0;
    const racing = Object.assign(Object.create(store) as MemoryStore, {
      read: async (keys: string[]) => {
        // The sweep's second look, under the lock: a turn wrote just before the lock was taken.
        if (keys.length === 1 && keys[0] === conversationKey('raced') && ++reads === 2) await conversation('raced', now);
        return store.read(keys);
      },
    });
    const sweep = new Retention({ store: racing, locks, conversations, log: silentLogger, retentionMs: RETENTION, now: () => now });
    expect((await sweep.sweep()).conversations).toBe(0);
    expect(await exists(conversationKey('raced'))).toBe(true);
  });

  it('a conversation stored before turns were stamped starts its clock at the first sweep', async () => {
    await store.write({ [conversationKey('legacy')]: { case: {} } });
    await retention.sweep();
    expect((await store.read([conversationKey('legacy')]))[conversationKey('legacy')]?.[LAST_ACTIVITY_PROPERTY]).toBe(now);
    now += RETENTION;
    expect((await retention.sweep()).conversations).toBe(1);
  });

  it('knows no key layout of its own: it forgets what the layout it is given calls a conversation', async () => {
    const layout = {
      conversationIdOf: (key: string) => (key.startsWith('chat:') ? key.slice('chat:'.length) : null),
      lastActivityOf: (item: StoreItem) => (typeof item.seen === 'number' ? item.seen : undefined),
      withLastActivity: (item: StoreItem, at: number) => ({ ...item, seen: at }),
      turnLockKey: (id: string) => `turn:${id}`,
    };
    const sweep = new Retention({ store, locks, conversations: layout, log: silentLogger, retentionMs: RETENTION, now: () => now });
    await store.write({ 'chat:old': { seen: now - RETENTION - 1 }, 'chat:busy': { seen: now - RETENTION - 1 }, 'chat:legacy': {} });
    await conversation('botbuilder-shaped', now - RETENTION - 1);
    const lease = await locks.acquire('turn:busy', { ttlMs: 10_000, waitMs: 0 });
    expect(await sweep.sweep()).toEqual({ conversations: 1, watches: 0 });
    await lease!.release();
    expect((await store.keys('')).sort()).toEqual(['chat:busy', 'chat:legacy', conversationKey('botbuilder-shaped')]);
    expect((await store.read(['chat:legacy']))['chat:legacy']?.seen).toBe(now);
  });

  it('leaves everything else alone: outbox entries, schedules, unfinished watches', async () => {
    await store.write({ 'outbox/t1': { status: 'failed' }, 'schedule/x/1@0': { jobId: 'x' } });
    await watch('w', 'watching');
    now += 10 * RETENTION;
    await retention.sweep();
    expect((await store.keys('')).sort()).toEqual(['monitor/w', 'outbox/t1', 'schedule/x/1@0']);
  });
});
