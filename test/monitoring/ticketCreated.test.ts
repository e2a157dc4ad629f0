/**
 * A delayed ticket joins its conversation's watch (`Monitor.ticketCreated`): the watch began
 * when the customer was told "your ticket will follow", and its notes belong on that ticket.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { LocalLockService } from '../../src/storage/localLock.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';
import { BLOCKED, REFRESHED, createTicket, makeClient, makeInstance, recipient, waitFor, type Instance } from './harness.js';

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

async function started(intervalMs = 60) {
  const instance = makeInstance({ simulator, store: new MemoryStore(), locks: new LocalLockService(), intervalMs });
  await instance.monitor.start();
  running.push(instance);
  return instance;
}

describe('a delayed ticket joins its existing watch', () => {
  it('a ticket watch begun without a ticket is watched again with it: the note and the message name it', async () => {
    const a = await started();
    const before = await a.monitor.watch({
      conversationId: 'conv-delayed',
      msisdn: BLOCKED,
      ticketId: null,
      recipient: recipient('conv-delayed', 'en-US'),
      kind: 'TICKET',
      affectedServices: ['DATA', 'SMS'],
    });
    const ticketId = await createTicket(makeClient(simulator));

    const joined = await a.monitor.ticketCreated('conv-delayed', ticketId);
    expect(joined).toMatchObject({
      conversationId: 'conv-delayed',
      msisdn: BLOCKED,
      ticketId,
      recipient: recipient('conv-delayed', 'en-US'),
      kind: 'TICKET',
      affectedServices: ['DATA', 'SMS'],
      status: 'watching',
    });
    expect(joined!.watchId).not.toBe(before.watchId);
    expect(await a.monitor.current('conv-delayed')).toEqual(joined);

    simulator.activate(BLOCKED);
    await waitFor('the active message', () => a.notifier.sent.length > 0);
    expect(a.notifier.sent).toEqual([{ kind: 'numberActive', conversationId: 'conv-delayed', ticketId, locale: 'en-US' }]);
    await waitFor('the note on the delayed ticket', () => simulator.notes(ticketId).length > 0);
    expect(simulator.notes(ticketId)).toHaveLength(1);
  });

  it('leaves alone a watch that has its ticket, a refresh follow-up, a finished watch, and no watch', async () => {
    // Long intervals: nothing ends by itself while the test looks.
    const a = await started(3_600_000);
    const ticketId = await createTicket(makeClient(simulator));
    const ticketed = await a.monitor.watch({ conversationId: 'conv-ticketed', msisdn: BLOCKED, ticketId, recipient: recipient('conv-ticketed'), kind: 'TICKET' });
    const refresh = await a.monitor.watch({ conversationId: 'conv-refresh', msisdn: REFRESHED, ticketId: null, recipient: recipient('conv-refresh'), kind: 'REFRESH_FOLLOW_UP' });
    await a.monitor.watch({ conversationId: 'conv-done', msisdn: BLOCKED, ticketId: null, recipient: recipient('conv-done'), kind: 'TICKET' });
    await a.monitor.unwatch('conv-done');
    const done = await a.monitor.current('conv-done');

    expect(await a.monitor.ticketCreated('conv-ticketed', 'TT-OTHER')).toBeNull();
    expect(await a.monitor.ticketCreated('conv-refresh', 'TT-OTHER')).toBeNull();
    expect(await a.monitor.ticketCreated('conv-done', 'TT-OTHER')).toBeNull();
    expect(await a.monitor.ticketCreated('conv-none', 'TT-OTHER')).toBeNull();

    expect(await a.monitor.current('conv-ticketed')).toEqual(ticketed);
    expect(await a.monitor.current('conv-refresh')).toEqual(refresh);
    expect(await a.monitor.current('conv-done')).toEqual(done);
    expect(await a.monitor.current('conv-none')).toBeNull();
  });
});
