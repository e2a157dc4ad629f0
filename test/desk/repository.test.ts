/**
 * The desk's store layout: places in the queue from the waiting index (no case read), the
 * agents' queue, the wait sweep's candidates, closed cases forgotten after retention, stale
 * index entries healed, and an index built for cases stored before it existed. On the
 * in-memory store and on Redis (several instances share it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { HandoffCase } from '../../src/channels/handoff/caseContext.js';
import { claim, closeByAgent, openCase, type DeskCase } from '../../src/desk/machine.js';
import { DeskRepository, indexKeysOf } from '../../src/desk/repository.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';
import { RedisStore } from '../../src/storage/redisStore.js';
import type { KeyValueStore } from '../../src/storage/types.js';
import { deleteKeysWithPrefix, redisSuite, skipWithoutRedis, uniquePrefix } from '../support/redis.js';

const sari = { username: 'sari', displayName: 'Sari' };
const handoff = { reason: 'OUTCOME', outcome: 'TICKET_BLOCKED', ticket: { ticketId: 'TT-1', status: 'OPEN' } } as unknown as HandoffCase;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 1, minute));
const fresh = (id: string, minute: number): DeskCase =>
  openCase({ handoff, transcript: [{ from: 'customer', text: 'halo', at: at(minute).toISOString() }], recipient: { conversationId: id, reference: {}, locale: 'id-ID' }, channel: 'emulator', at: at(minute) });
const ok = <T>(o: { ok: true; value: T } | { ok: false }) => (o.ok ? o.value : expect.unreachable('refused'));
const claimIt = (c: DeskCase) => ok(claim(c, sari));

/** Counts the store's reads, to show a place in the queue reads no case. */
function counting(store: KeyValueStore): KeyValueStore & { reads: number } {
  const counted = Object.create(store) as KeyValueStore & { reads: number };
  counted.reads = 0;
  counted.read = (keys) => {
    counted.reads += 1;
    return store.read(keys);
  };
  return counted;
}

function contract(name: string, makeStore: () => Promise<KeyValueStore>) {
  describe(name, () => {
    it('places count waiting cases by arrival, reading no case; claimed and closed are not in the queue', async () => {
      const store = counting(await makeStore());
      const desk = new DeskRepository(store);
      // Conversation ids with characters an index key must survive.
      const ids = ['b/1', 'a|2', 'c 3', 'd'];
      for (const [i, id] of ids.entries()) await desk.put(fresh(id, i));
      await desk.update('a|2', (c) => ({ ok: true, value: claimIt(c) }));
      store.reads = 0;
      const places = await Promise.all(ids.map(async (id) => desk.placeInQueue((await desk.get(id))!)));
      expect(places).toEqual([1, null, 2, 3]);
      expect(store.reads).toBe(ids.length); // the four get()s, nothing for the places
      expect((await desk.openCases()).map((c) => [c.conversationId, c.state])).toEqual([
        ['b/1', 'waiting'],
        ['a|2', 'claimed'],
        ['c 3', 'waiting'],
        ['d', 'waiting'],
      ]);
      await desk.update('b/1', (c) => closeByAgent(c, sari, at(10)));
      expect(await desk.placeInQueue((await desk.get('c 3'))!)).toBe(1);
      expect((await desk.openCases()).map((c) => c.conversationId)).toEqual(['a|2', 'c 3', 'd']);
    });

    it('the wait sweep gets only the waiting cases that arrived by the cut-off', async () => {
      const desk = new DeskRepository(await makeStore());
      for (const [id, minute] of [['early', 1], ['late', 20], ['taken', 2]] as const) await desk.put(fresh(id, minute));
      await desk.update('taken', (c) => ({ ok: true, value: claimIt(c) }));
      expect((await desk.waitingSince(at(10).toISOString())).map((c) => c.conversationId)).toEqual(['early']);
    });

    it('a new hand-off of the same conversation replaces the case and its entries', async () => {
      const store = await makeStore();
      const desk = new DeskRepository(store);
      await desk.put(fresh('x', 1));
      await desk.update('x', (c) => closeByAgent(c, sari, at(2)));
      await desk.put(fresh('x', 3));
      expect(await store.keys('desk-closed/')).toEqual([]);
      expect(await store.keys('desk-waiting/')).toEqual(indexKeysOf(fresh('x', 3)));
    });

    it('forgets closed cases past retention (transcript and all), keeps younger ones and reopened ones', async () => {
      const store = await makeStore();
      const desk = new DeskRepository(store);
      for (const [id, minute] of [['old', 1], ['young', 2], ['reopened', 3]] as const) {
        await desk.put(fresh(id, minute));
        await desk.update(id, (c) => closeByAgent(c, sari, at(minute === 2 ? 30 : minute + 1)));
      }
      // "reopened" is handed off again, but its closed entry survived (as after a crash).
      const staleClosed = indexKeysOf((await desk.get('reopened'))!);
      await desk.put(fresh('reopened', 40));
      await store.write(Object.fromEntries(staleClosed.map((k) => [k, {}])));

      expect(await desk.forgetClosedBefore(at(20).toISOString())).toBe(1);
      expect(await desk.get('old')).toBeNull();
      expect((await desk.get('young'))?.state).toBe('closed');
      expect((await desk.get('reopened'))?.state).toBe('waiting');
      expect(await store.keys('desk-closed/')).toEqual(indexKeysOf((await desk.get('young'))!));
    });

    it('heals stale entries, and builds the index for cases stored before it', async () => {
      const store = await makeStore();
      const desk = new DeskRepository(store);
      await desk.put(fresh('first', 1));
      // A case stored by the version without an index, and a waiting entry left by a crash.
      const legacy = claimIt(fresh('legacy', 2));
      await store.write({ [`desk/case/legacy`]: { ...legacy }, 'desk-waiting/2026-12-04T01:05:00.000Z|gone': {} });
      await desk.verifyIndex();
      expect(await store.keys('desk-waiting/')).toEqual(indexKeysOf(fresh('first', 1)));
      expect(await store.keys('desk-claimed/')).toEqual(indexKeysOf(legacy));
      expect((await desk.openCases()).map((c) => c.conversationId)).toEqual(['first', 'legacy']);
    });
  });
}

contract('DeskRepository on the in-memory store', async () => new MemoryStore());

describe.skipIf(skipWithoutRedis('DeskRepository on Redis'))('on Redis', () => {
  const prefix = uniquePrefix('desk-repo');
  const opened: RedisStore[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await deleteKeysWithPrefix(prefix);
  });
  let n = 0;
  contract('DeskRepository on Redis', async () => {
    const store = new RedisStore({ url: redisSuite.url, prefix: `${prefix}${n++}:` });
    opened.push(store);
    return store;
  });
});
