/**
 * The outbox against the simulator's real ticket endpoint: stored before sent, retried with
 * back-off, created exactly once whoever retries, never dropped.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBackendClient } from '../../src/services/backend/client.js';
import { Outbox, type Recipient } from '../../src/services/outbox.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { LocalLockService } from '../../src/storage/localLock.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';
import { silentLogger } from '../../src/log.js';
import { MSISDN, ticketRequest } from './samples.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());

const recipient: Recipient = { conversationId: 'conv-1', reference: { conversation: { id: 'conv-1' } }, locale: 'id' };
const built = (key = 'sop007-ticket-outbox-test-0001') => ({ idempotencyKey: key, request: ticketRequest() });

function makeOutbox(store = new MemoryStore(), locks = new LocalLockService(), clock = { t: 1_000_000 }) {
  const notified: string[] = [];
  const client = createBackendClient({ baseUrl: simulator.url, timeoutMs: 500, retryDelayMs: 5 });
  const log = { ...silentLogger, error: vi.fn(), warn: vi.fn(), info: vi.fn() } as unknown as typeof silentLogger;
  const outbox = new Outbox({
    store,
    locks,
    client,
    log,
    now: () => clock.t,
    retry: { baseMs: 1000, maxMs: 10_000, maxAttempts: 3 },
    onDelayedTicketCreated: async (_r, ticket) => {
      notified.push(ticket.ticketId);
    },
  });
  return { outbox, store, notified, clock, log };
}

describe('outbox', () => {
  it('creates the ticket at once when the endpoint answers, and keeps nothing', async () => {
    const { outbox } = makeOutbox();
    const result = await outbox.submitTicket(built(), recipient, 2000);
    expect(result).toMatchObject({ status: 'created' });
    expect(simulator.tickets()).toHaveLength(1);
    expect((await outbox.summary()).entries).toEqual([]);
  });

  it('keeps a ticket the endpoint refused for now, retries it after the back-off, and tells the customer once', async () => {
    const { outbox, notified, clock } = makeOutbox();
    simulator.failNext('/crm/v1/tickets', 2, 503); // the first try and its one retry
    expect(await outbox.submitTicket(built(), recipient, 2000)).toEqual({ status: 'pending' });
    expect(await outbox.summary()).toMatchObject({ pending: 1, failed: 0 });

    await outbox.runDue(); // not due yet
    expect(simulator.tickets()).toHaveLength(0);
    clock.t += 2000;
    await outbox.runDue();
    expect(simulator.tickets()).toHaveLength(1);
    expect(notified).toEqual([simulator.tickets()[0]!.ticket.ticketId]);
    await outbox.runDue();
    expect(simulator.tickets()).toHaveLength(1);
    expect(notified).toHaveLength(1);
  });

  it('after the last try keeps the ticket as failed and raises an operator alert', async () => {
    const { outbox, clock, log } = makeOutbox();
    simulator.failNext('/crm/v1/tickets', 100, 503);
    await outbox.submitTicket(built(), recipient, 2000);
    for (let i = 0; i < 5; i++) {
      clock.t += 60_000;
      await outbox.runDue();
    }
    const summary = await outbox.summary();
    expect(summary).toMatchObject({ pending: 0, failed: 1 });
    expect(summary.entries[0]).toMatchObject({ status: 'failed', attempts: 3, kind: 'ticket' });
    // The listing shows no personal data (the number, in any form; an eTag may hold any digits).
    expect(JSON.stringify(summary)).not.toMatch(/\b(?:62|0)8\d{8,11}\b/);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ alert: 'OUTBOX_ENTRY_FAILED' }), expect.any(String));
  });

  it('does not retry a ticket the backend rejects as invalid; keeps it for an operator', async () => {
    const { outbox } = makeOutbox();
    const invalid = { idempotencyKey: 'sop007-ticket-invalid-0001', request: { ...ticketRequest(), affectedServices: [] } };
    expect(await outbox.submitTicket(invalid, recipient, 2000)).toEqual({ status: 'pending' });
    expect(await outbox.summary()).toMatchObject({ failed: 1 });
  });

  it('two instances retrying the same store create one ticket and send one notification', async () => {
    const store = new MemoryStore();
    const locks = new LocalLockService();
    const clock = { t: 1_000_000 };
    const a = makeOutbox(store, locks, clock);
    const b = makeOutbox(store, locks, clock);
    simulator.failNext('/crm/v1/tickets', 2, 503);
    await a.outbox.submitTicket(built(), recipient, 2000);
    clock.t += 5000;
    await Promise.all([a.outbox.runDue(), b.outbox.runDue(), a.outbox.runDue(), b.outbox.runDue()]);
    expect(simulator.tickets()).toHaveLength(1);
    expect([...a.notified, ...b.notified]).toHaveLength(1);
  });

  it('the same ticket submitted twice (a retried turn) is created once', async () => {
    const { outbox } = makeOutbox();
    const first = await outbox.submitTicket(built(), recipient, 2000);
    const second = await outbox.submitTicket(built(), recipient, 2000);
    expect(simulator.tickets()).toHaveLength(1);
    expect(first).toMatchObject({ status: 'created' });
    expect(second).toMatchObject({ status: 'created' });
  });
});

describe('outbox: never a second K44 (SOP Notes 1)', () => {
  const openK44 = { ticketId: 'TT-CC-000777', status: 'IN_PROGRESS' as const, kip: 'K44', createdAt: '2026-03-02T09:00:00+07:00', msisdn: MSISDN };

  it('a retried ticket whose customer got an open K44 ticket meanwhile becomes a note on it; no new ticket', async () => {
    const { outbox, notified, clock } = makeOutbox();
    const told: Array<{ ticketId: string; existing: boolean }> = [];
    const o = outbox as unknown as { options: { onDelayedTicketCreated: (r: Recipient, t: { ticketId: string }, how: { existing: boolean }) => Promise<void> } };
    o.options.onDelayedTicketCreated = async (_r, ticket, how) => void told.push({ ticketId: ticket.ticketId, existing: how.existing });
    simulator.setSubscriber(MSISDN, { history: { interactions: [], tickets: [] } });
    simulator.failNext('/crm/v1/tickets', 2, 503); // the ticket API is down for the turn's try
    expect(await outbox.submitTicket(built(), recipient, 2000)).toEqual({ status: 'pending' });

    // Meanwhile the customer called the contact centre, which opened a K44 ticket.
    simulator.setSubscriber(MSISDN, { history: { interactions: [], tickets: [openK44] } });
    clock.t += 5000;
    await outbox.runDue();

    expect(simulator.tickets()).toHaveLength(0);
    const notes = simulator.notes(openK44.ticketId);
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes[0])).toMatch(/Notes 1/);
    expect(JSON.stringify(notes[0])).toContain('conv-'); // this conversation's facts
    expect(told).toEqual([{ ticketId: openK44.ticketId, existing: true }]);
    expect(notified).toEqual([]);
    expect((await outbox.summary()).entries).toEqual([]);

    clock.t += 60_000;
    await outbox.runDue(); // nothing left: no second note, no ticket
    expect(simulator.notes(openK44.ticketId)).toHaveLength(1);
    expect(simulator.tickets()).toHaveLength(0);
  });

  it('once joined, the entry stays a note even if the note endpoint fails and the ticket then leaves the history', async () => {
    const { outbox, notified, clock } = makeOutbox();
    simulator.setSubscriber(MSISDN, { history: { interactions: [], tickets: [] } });
    simulator.failNext('/crm/v1/tickets', 100, 503); // tickets and notes both down
    await outbox.submitTicket(built(), recipient, 2000);
    simulator.setSubscriber(MSISDN, { history: { interactions: [], tickets: [openK44] } });
    clock.t += 5000;
    await outbox.runDue();
    expect((await outbox.summary()).entries[0]).toMatchObject({ status: 'pending', joined: { ticketId: openK44.ticketId } });
    expect(JSON.stringify(await outbox.summary())).not.toMatch(/\b(?:62|0)8\d{8,11}\b/);

    simulator.reset();
    simulator.setSubscriber(MSISDN, { history: { interactions: [], tickets: [openK44] } });
    clock.t += 60_000;
    await outbox.runDue();
    expect(simulator.tickets()).toHaveLength(0);
    expect(simulator.notes(openK44.ticketId)).toHaveLength(1);
    expect(notified).toEqual([openK44.ticketId]);
  });

  it('a retried ticket with no open K44 ticket in the history is created as before', async () => {
    const { outbox, notified, clock } = makeOutbox();
    const closed = { ...openK44, ticketId: 'TT-CC-000778', status: 'CLOSED' as const, createdAt: new Date().toISOString() };
    const other = { ...openK44, ticketId: 'TT-CC-000779', kip: 'K12' };
    simulator.setSubscriber(MSISDN, { history: { interactions: [], tickets: [closed, other] } });
    simulator.failNext('/crm/v1/tickets', 2, 503);
    await outbox.submitTicket(built(), recipient, 2000);
    clock.t += 5000;
    await outbox.runDue();
    expect(simulator.tickets()).toHaveLength(1);
    expect(simulator.notes()).toHaveLength(0);
    expect(notified).toEqual([simulator.tickets()[0]!.ticket.ticketId]);
  });

  it('the first, immediate try does not read the history again (diagnose just did)', async () => {
    const { outbox } = makeOutbox();
    simulator.setSubscriber(MSISDN, { history: { interactions: [], tickets: [openK44] } });
    expect(await outbox.submitTicket(built(), recipient, 2000)).toMatchObject({ status: 'created' });
    expect(simulator.notes()).toHaveLength(0);
  });
});
