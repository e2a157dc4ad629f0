/**
 * SOP-007 Notes 5 monitoring against the real simulator and outbox, with the store-backed
 * scheduler on a MemoryStore, in real time with short intervals (60 ms, polled every 10 ms).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Monitor, WatchState } from '../../src/services/monitoring/monitor.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { LocalLockService } from '../../src/storage/localLock.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';
import { BLOCKED, REFRESHED, createTicket, makeClient, makeInstance, recipient, sleep, waitFor, type Instance, type Sent } from './harness.js';

const INTERVAL = 60;
let simulator: Simulator;
let running: Instance[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());
afterEach(async () => {
  await Promise.all(running.map((i) => i.monitor.stop()));
  running = [];
});

async function started(options: Partial<Parameters<typeof makeInstance>[0]> & { store?: MemoryStore; locks?: LocalLockService } = {}) {
  const instance = makeInstance({ simulator, store: options.store ?? new MemoryStore(), locks: options.locks ?? new LocalLockService(), intervalMs: INTERVAL, ...options });
  await instance.monitor.start();
  running.push(instance);
  return instance;
}

const watchTicket = async (monitor: Monitor, conversationId: string, ticketId: string) =>
  monitor.watch({ conversationId, msisdn: BLOCKED, ticketId, recipient: recipient(conversationId), kind: 'TICKET', affectedServices: ['DATA'] });

const status = async (monitor: Monitor, id: string) => (await monitor.current(id))?.status;

describe('monitoring a ticketed conversation', () => {
  it('sends nothing while the number stays blocked, then exactly one message and one note once it is active', async () => {
    const a = await started();
    const ticketId = await createTicket(makeClient(simulator));
    const watched = await watchTicket(a.monitor, 'conv-active', ticketId);
    expect(watched).toMatchObject({ status: 'watching', lastCheck: null, horizonAt: watched.startedAt + 60_000 });

    await waitFor('three checks', () => a.dscCalls() >= 3);
    expect(a.notifier.sent).toEqual([]);
    expect(simulator.notes(ticketId)).toEqual([]);
    expect((await a.monitor.current('conv-active'))?.lastCheck?.result).toBe('STILL_BLOCKED');

    simulator.activate(BLOCKED);
    await waitFor('the active message', () => a.notifier.sent.length > 0);
    await sleep(INTERVAL * 6); // many more intervals: nothing more
    expect(a.notifier.sent).toEqual([{ kind: 'numberActive', conversationId: 'conv-active', ticketId, locale: 'id' }]);
    expect(simulator.notes(ticketId)).toHaveLength(1);
    expect(simulator.notes(ticketId)[0]!.text).toContain('Kesimpulan: nomor sudah aktif dan tidak terblokir.');
    expect(a.noteCalls()).toBe(1);
    expect(await a.monitor.current('conv-active')).toMatchObject({ status: 'done', ending: { reason: 'ACTIVE', tell: true, facts: null } });
    const checks = a.dscCalls();
    await sleep(INTERVAL * 3);
    expect(a.dscCalls()).toBe(checks); // stopped watching
  });

  it('a DSC failure during a check only means "try at the next interval"', async () => {
    const a = await started();
    const ticketId = await createTicket(makeClient(simulator));
    simulator.activate(BLOCKED);
    simulator.failNext('DSC', 3, 503);
    await watchTicket(a.monitor, 'conv-dsc-down', ticketId);
    await waitFor('an UNKNOWN check', async () => (await a.monitor.current('conv-dsc-down'))?.lastCheck?.result === 'UNKNOWN');
    expect(await status(a.monitor, 'conv-dsc-down')).toBe('watching');
    await waitFor('the active message', () => a.notifier.sent.length > 0);
    expect(a.dscCalls()).toBe(4); // three failed checks, then the one that saw it active
    await sleep(INTERVAL * 3);
    expect(a.notifier.sent.map((s) => s.kind)).toEqual(['numberActive']);
    expect(simulator.notes(ticketId)).toHaveLength(1);
  });

  it('the horizon ends monitoring with one message and one note', async () => {
    const a = await started({ horizonMs: INTERVAL * 3 });
    const ticketId = await createTicket(makeClient(simulator));
    await watchTicket(a.monitor, 'conv-horizon', ticketId);
    await waitFor('the end message', () => a.notifier.sent.length > 0);
    await sleep(INTERVAL * 4);
    expect(a.notifier.sent).toEqual([{ kind: 'monitoringEnded', conversationId: 'conv-horizon', ticketId, locale: 'id' }]);
    expect(simulator.notes(ticketId)).toHaveLength(1);
    expect(simulator.notes(ticketId)[0]!.text).toContain('Pemantauan berakhir (SOP-007 Notes 5)');
    expect(await a.monitor.current('conv-horizon')).toMatchObject({ status: 'done', ending: { reason: 'HORIZON' } });
    expect(a.dscCalls()).toBeLessThanOrEqual(4);
  });

  it('a customer who asks gets the state in-turn; an ACTIVE answer ends the watch, so no later message', async () => {
    const a = await started({ intervalMs: 300 });
    const ticketId = await createTicket(makeClient(simulator));
    await watchTicket(a.monitor, 'conv-asks', ticketId);

    const blocked = await a.monitor.checkNow('conv-asks');
    expect(blocked.state).toBe('STILL_BLOCKED');
    expect(blocked.watch).toMatchObject({ status: 'watching', lastCheck: { result: 'STILL_BLOCKED' } });

    simulator.activate(BLOCKED);
    const active = await a.monitor.checkNow('conv-asks');
    expect(active.state).toBe('ACTIVE');
    expect(active.watch).toMatchObject({ status: 'done', ending: { reason: 'ACTIVE', tell: false } });
    expect(simulator.notes(ticketId)).toHaveLength(1);
    await sleep(300 * 3);
    expect(a.notifier.sent).toEqual([]);
    expect(simulator.notes(ticketId)).toHaveLength(1);
    expect(await a.monitor.checkNow('nobody')).toEqual({ state: 'UNKNOWN', watch: null });
  });

  it('unwatch stops it; watching again replaces the earlier watch (one message, not two)', async () => {
    const a = await started();
    const ticketId = await createTicket(makeClient(simulator));
    await watchTicket(a.monitor, 'conv-cancel', ticketId);
    await a.monitor.unwatch('conv-cancel');
    expect(await a.monitor.current('conv-cancel')).toMatchObject({ status: 'done', ending: { reason: 'CANCELLED' } });

    const first = await watchTicket(a.monitor, 'conv-rewatch', ticketId);
    const second = await watchTicket(a.monitor, 'conv-rewatch', ticketId);
    expect(second.watchId).not.toBe(first.watchId);
    simulator.activate(BLOCKED);
    await waitFor('the active message', () => a.notifier.sent.length > 0);
    await sleep(INTERVAL * 4);
    expect(a.notifier.sent.map((s) => s.conversationId)).toEqual(['conv-rewatch']);
  });
});

describe('after an unconfirmed network refresh', () => {
  it('follows up once, after one interval, with no note', async () => {
    const a = await started();
    const before = Date.now();
    await a.monitor.watch({ conversationId: 'conv-refresh', msisdn: REFRESHED, ticketId: null, recipient: recipient('conv-refresh', 'en-US'), kind: 'REFRESH_FOLLOW_UP' });
    await waitFor('the follow-up', () => a.notifier.sent.length > 0);
    expect(Date.now() - before).toBeGreaterThanOrEqual(INTERVAL);
    await sleep(INTERVAL * 4);
    expect(a.notifier.sent).toEqual([{ kind: 'refreshFollowUp', conversationId: 'conv-refresh', locale: 'en-US' }]);
    expect(a.noteCalls()).toBe(0);
    expect(await status(a.monitor, 'conv-refresh')).toBe('done');
  });
});

describe('exactly once, whoever runs the job', () => {
  it('two instances sharing one store and lock service: one message, one note', async () => {
    const store = new MemoryStore();
    const locks = new LocalLockService();
    const sent: Sent[] = [];
    const a = await started({ store, locks, sent });
    const b = await started({ store, locks, sent });
    const ticketId = await createTicket(makeClient(simulator));
    await watchTicket(a.monitor, 'conv-two', ticketId);
    await waitFor('a check on some instance', () => a.dscCalls() + b.dscCalls() >= 2);
    simulator.activate(BLOCKED);
    await waitFor('the active message', () => sent.length > 0);
    await sleep(INTERVAL * 5);
    expect(sent.map((s) => s.kind)).toEqual(['numberActive']);
    expect(simulator.notes(ticketId)).toHaveLength(1);
    expect(a.noteCalls() + b.noteCalls()).toBe(1);
  });

  it('two instances whose locks do not protect them (both run every job): the eTag claim still lets one send', async () => {
    const store = new MemoryStore();
    const sent: Sent[] = [];
    const ticketId = await createTicket(makeClient(simulator));
    simulator.activate(BLOCKED);
    const instances = await Promise.all([1, 2, 3].map(() => started({ store, locks: new LocalLockService(), sent })));
    for (let i = 0; i < 5; i++) await watchTicket(instances[0]!.monitor, `conv-race-${i}`, ticketId);
    await waitFor('five messages', () => sent.length >= 5);
    await sleep(INTERVAL * 4);
    expect(sent.map((s) => s.conversationId).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `conv-race-${i}`));
    expect(instances.reduce((n, i) => n + i.noteCalls(), 0)).toBe(5);
  });

  it('an end claimed by an instance that died is taken over once the claim is stale: the message is not lost', async () => {
    const store = new MemoryStore();
    const a = await started({ store, monitor: { claimTtlMs: 500 } });
    const ticketId = await createTicket(makeClient(simulator));
    const w = await watchTicket(a.monitor, 'conv-crash', ticketId);
    // What a process leaves when it dies right after winning the claim, before any effect.
    const stored = (await store.read(['monitor/conv-crash']))['monitor/conv-crash'] as WatchState;
    const crashed: WatchState = { ...stored, status: 'ending', ending: { reason: 'ACTIVE', at: Date.now(), tell: true, claim: 'dead', claimedAt: Date.now(), attempts: 0, facts: null } };
    await store.write({ 'monitor/conv-crash': { ...crashed, eTag: '*' } });
    await sleep(INTERVAL * 2);
    expect(a.notifier.sent).toEqual([]); // the claim is still fresh: its holder may be alive
    await waitFor('the taken-over message', () => a.notifier.sent.length > 0);
    await sleep(INTERVAL * 4);
    expect(a.notifier.sent.map((s) => s.kind)).toEqual(['numberActive']);
    expect(simulator.notes(ticketId)).toHaveLength(1);
    expect(await a.monitor.current('conv-crash')).toMatchObject({ watchId: w.watchId, status: 'done', ending: { attempts: 1 } });
  });

  it('a message the channel refuses is retried at the next interval, then sent once', async () => {
    const a = await started();
    let refusals = 2;
    const send = a.notifier.numberActive.bind(a.notifier);
    a.notifier.numberActive = async (r, info) => {
      if (refusals-- > 0) throw new Error('connector 502');
      return send(r, info);
    };
    const ticketId = await createTicket(makeClient(simulator));
    simulator.activate(BLOCKED);
    await watchTicket(a.monitor, 'conv-refused', ticketId);
    await waitFor('the message', () => a.notifier.sent.length > 0);
    await sleep(INTERVAL * 4);
    expect(a.notifier.sent.map((s) => s.kind)).toEqual(['numberActive']);
    expect(simulator.notes(ticketId)).toHaveLength(1); // re-submitted with its key: replayed, not added
    expect(await a.monitor.current('conv-refused')).toMatchObject({ status: 'done', ending: { attempts: 2 } });
  });
});
