/** The simulator's contract behaviour: filters, outage matching, latency, auth, bad input, and its test hooks. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpBackendClient } from '../../src/services/backend/client.js';
import { diagnose } from '../../src/services/diagnose.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { ticketRequest } from '../services/samples.js';

const NOW = new Date('2026-03-02T05:00:00Z');

describe('with a fixed clock and no latency', () => {
  let sim: Simulator;
  let client: HttpBackendClient;
  let clock = NOW;

  beforeAll(async () => {
    sim = await startSimulator({ latencyMs: 0, now: () => clock });
    client = new HttpBackendClient({ baseUrl: sim.url, retryDelayMs: 1 });
  });
  beforeEach(() => {
    clock = NOW;
    sim.reset();
  });
  afterAll(() => sim.close());

  it('resolves relative fixture times against its clock, in Jakarta time', async () => {
    const payments = await client.getPayments('6281100000007', '2026-01-01');
    expect(payments).toMatchObject({ status: 'ok', value: { payments: [{ paidAt: '2026-03-01T10:15:00+07:00' }] } });
  });

  it('honours since: payments on or after that Jakarta date', async () => {
    const all = await client.getPayments('6281100000002', '2026-01-01');
    expect(all.status === 'ok' && all.value.payments).toHaveLength(1);
    const recent = await client.getPayments('6281100000002', '2026-02-28');
    expect(recent.status === 'ok' && recent.value.payments).toEqual([]);
  });

  it('honours days: closed tickets and interactions older than the window drop out, open tickets never do', async () => {
    const month = await client.getInteractionHistory('6281100000007', 30);
    expect(month).toMatchObject({ status: 'ok', value: { tickets: [], interactions: [{ id: 'INT-0007-02' }] } });
    const quarter = await client.getInteractionHistory('6281100000007', 90);
    expect(quarter.status === 'ok' && quarter.value.tickets.map((t) => t.ticketId)).toEqual(['TT-2026-000017']);
    const week = await client.getInteractionHistory('6281100000001', 1);
    expect(week.status === 'ok' && week.value.tickets.map((t) => t.ticketId)).toEqual(['TT-2026-000042']);
  });

  it.each([
    ['kota bandung, jabar', ['GM-2026-BDG-0007']],
    ['CIMAHI', ['GM-2026-BDG-0007']],
    ['Makassar', ['GM-2026-MKS-0003']],
    ['Surabaya', []],
  ])('matches outages to the location "%s"', async (location, ids) => {
    const result = await client.listOutages(location);
    expect(result.status === 'ok' && result.value.outages.map((o) => o.id)).toEqual(ids);
  });

  it('replays an Idempotency-Key for 24 hours only', async () => {
    const first = await client.createTicket(ticketRequest(), 'conv-1:ticket');
    clock = new Date(NOW.getTime() + 23 * 3600_000);
    expect(await client.createTicket(ticketRequest(), 'conv-1:ticket')).toMatchObject({ status: 'replayed' });
    clock = new Date(NOW.getTime() + 25 * 3600_000);
    const later = await client.createTicket(ticketRequest(), 'conv-1:ticket');
    expect(later.status).toBe('created');
    expect(first.status === 'created' && later.status === 'created' && later.ticket.ticketId !== first.ticket.ticketId).toBe(true);
  });

  it('answers 404 for a number it does not know, and empty CRM history', async () => {
    expect(await client.getSubscriberProfile('6281199999999')).toEqual({ status: 'not_found' });
    expect(await client.getInteractionHistory('6281199999999')).toEqual({ status: 'ok', value: { interactions: [], tickets: [] } });
  });

  it.each([
    ['/nowhere', 404],
    ['/dsc/v1/subscribers/12345', 400],
    ['/dsc/v1/subscribers/%E0%A4%A', 400],
    ['/billing/v1/subscribers/6281100000007/payments', 400],
    ['/billing/v1/subscribers/6281100000007/payments?since=yesterday', 400],
    ['/crm/v1/subscribers/6281100000007/interactions?days=0', 400],
    ['/network/v1/outages', 400],
    [`/network/v1/outages?location=${'a'.repeat(201)}`, 400],
  ])('answers GET %s with %i problem+json', async (path, status) => {
    const response = await fetch(`${sim.url}${path}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status, title: expect.any(String) });
  });

  it('answers a wrong method with 405', async () => {
    const response = await fetch(`${sim.url}/crm/v1/tickets`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('activate() makes a number active and unblocked in DSC and HLR', async () => {
    sim.activate('6281100000007');
    expect(await client.getSubscriberProfile('6281100000007')).toMatchObject({ status: 'ok', value: { status: 'ACTIVE', profileBlocks: [] } });
    expect(await client.getHlrStatus('6281100000007')).toMatchObject({ status: 'ok', value: { state: 'ACTIVE', barrings: [] } });
    sim.reset();
    expect(await client.getHlrStatus('6281100000007')).toMatchObject({ status: 'ok', value: { state: 'BARRED' } });
  });

  it('activate() over HTTP does the same', async () => {
    const response = await fetch(`${sim.url}/_admin/subscribers/6281100000008/activate`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await client.getSubscriberProfile('6281100000008')).toMatchObject({ status: 'ok', value: { status: 'ACTIVE' } });
  });

  it('setSubscriber() patches one system, and refuses a patch off the contract', async () => {
    sim.setSubscriber('6281100000007', { hlr: { barrings: [{ service: 'ALL', reason: 'FRAUD' }] }, device: null });
    expect(await client.getHlrStatus('6281100000007')).toMatchObject({ status: 'ok', value: { state: 'BARRED', barrings: [{ reason: 'FRAUD' }] } });
    expect(await client.getDevice('6281100000007')).toEqual({ status: 'not_found' });
    expect(() => sim.setSubscriber('6281100000007', { hlr: { state: 'HALF' as 'ACTIVE' } })).toThrow(/violates the contract/);
    expect(() => sim.setSubscriber('6281199999998', { hlr: { state: 'ACTIVE' } })).toThrow(/violates the contract/);
  });
});

describe('latency', () => {
  let sim: Simulator | undefined;
  afterEach(() => sim?.close());

  it('keeps the slow HLR of its fixture slow by default: the client times out on it', async () => {
    sim = await startSimulator();
    const client = new HttpBackendClient({ baseUrl: sim.url, timeoutMs: 300, retryDelayMs: 1 });
    const diagnosis = await diagnose(client, { msisdn: '6281100000014', paymentDate: '2026-03-01' });
    expect(diagnosis.unavailable).toEqual(['HLR']);
    expect(diagnosis.facts.hlr).toEqual({ status: 'unavailable', reason: 'timed out after 300 ms' });
  });

  it('applies the latencyMs override to every system, slow numbers included', async () => {
    sim = await startSimulator({ latencyMs: 0 });
    const fast = new HttpBackendClient({ baseUrl: sim.url, timeoutMs: 300 });
    expect(await fast.getHlrStatus('6281100000014')).toMatchObject({ status: 'ok' });
    await sim.close();

    sim = await startSimulator({ latencyMs: 150 });
    const started = performance.now();
    expect(await new HttpBackendClient({ baseUrl: sim.url }).getDevice('6281100000007')).toMatchObject({ status: 'ok' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('closes at once even while a slow answer is pending', async () => {
    sim = await startSimulator();
    const pending = new HttpBackendClient({ baseUrl: sim.url, retryGets: false }).getHlrStatus('6281100000014');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sim.close();
    expect(await pending).toMatchObject({ status: 'unavailable' });
  });
});

describe('bearer key', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ latencyMs: 0, apiKey: 'demo-key' });
  });
  afterAll(() => sim.close());

  it('refuses contract calls without the key (401) and serves them with it', async () => {
    expect(await new HttpBackendClient({ baseUrl: sim.url }).getSubscriberProfile('6281100000007')).toEqual({
      status: 'unavailable',
      reason: 'unexpected HTTP 401',
    });
    expect(await new HttpBackendClient({ baseUrl: sim.url, apiKey: 'demo-key' }).getSubscriberProfile('6281100000007')).toMatchObject({
      status: 'ok',
    });
  });
});
