/** Tickets and notes through the real client: idempotency, validation, and what a person sees in /_admin. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TicketRequest } from '../../src/contracts/backend.js';
import { HttpBackendClient } from '../../src/services/backend/client.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { MSISDN, ticketRequest } from '../services/samples.js';

let sim: Simulator;
let client: HttpBackendClient;

beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 0 });
  client = new HttpBackendClient({ baseUrl: sim.url, retryDelayMs: 1 });
});
beforeEach(() => sim.reset());
afterAll(() => sim.close());

describe('POST /crm/v1/tickets', () => {
  it('creates a ticket (201), and answers the same key with the same ticket (200)', async () => {
    const first = await client.createTicket(ticketRequest(), 'conv-1:ticket');
    expect(first).toMatchObject({ status: 'created', ticket: { ticketId: expect.stringMatching(/^TT-\d{4}-\d{6}$/), status: 'OPEN', kip: 'K44', msisdn: MSISDN } });
    const again = await client.createTicket(ticketRequest(), 'conv-1:ticket');
    expect(again).toEqual({ ...first, status: 'replayed' });
    expect(sim.tickets()).toHaveLength(1);
  });

  it('creates a new ticket for a new key', async () => {
    const a = await client.createTicket(ticketRequest(), 'conv-1:ticket');
    const b = await client.createTicket(ticketRequest(), 'conv-2:ticket');
    expect(a.status === 'created' && b.status === 'created' && a.ticket.ticketId !== b.ticket.ticketId).toBe(true);
  });

  it('lists a created ticket in the subscriber interactions, OPEN with KIP K44', async () => {
    const created = await client.createTicket(ticketRequest(), 'conv-1:ticket');
    const history = await client.getInteractionHistory(MSISDN);
    expect(history.status === 'ok' && history.value.tickets).toContainEqual(created.status === 'created' && created.ticket);
  });

  it('rejects an invalid body with 422 problem+json', async () => {
    const invalid = { ...ticketRequest(), affectedServices: [] } as TicketRequest;
    const result = await client.createTicket(invalid, 'conv-1:ticket');
    expect(result).toMatchObject({ status: 'rejected', problem: { status: 422, title: 'Unprocessable Content', detail: expect.stringContaining('affectedServices') } });
    expect(sim.tickets()).toEqual([]);
  });

  it('requires an Idempotency-Key of 8 to 128 characters (400)', async () => {
    expect(await client.createTicket(ticketRequest(), 'short')).toMatchObject({ status: 'rejected', problem: { status: 400 } });
    const response = await fetch(`${sim.url}/crm/v1/tickets`, { method: 'POST', body: JSON.stringify(ticketRequest()) });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers a body that is not JSON with 400, and keeps serving', async () => {
    const response = await fetch(`${sim.url}/crm/v1/tickets`, { method: 'POST', headers: { 'idempotency-key': 'conv-1:ticket' }, body: '{"kip":' });
    expect(response.status).toBe(400);
    expect(await client.createTicket(ticketRequest(), 'conv-1:ticket')).toMatchObject({ status: 'created' });
  });
});

describe('GET /crm/v1/tickets/{id}', () => {
  it('finds created tickets and the fixtures\' tickets; 404 otherwise', async () => {
    const created = await client.createTicket(ticketRequest(), 'conv-1:ticket');
    if (created.status !== 'created') throw new Error('no ticket');
    expect(await client.getTicket(created.ticket.ticketId)).toEqual({ status: 'ok', value: created.ticket });
    expect(await client.getTicket('TT-2026-000042')).toMatchObject({ status: 'ok', value: { status: 'OPEN', msisdn: '6281100000001' } });
    expect(await client.getTicket('TT-1999-000000')).toEqual({ status: 'not_found' });
  });
});

describe('POST /crm/v1/tickets/{id}/notes', () => {
  it('adds a note (201), replays the same key (200), and lists it', async () => {
    const first = await client.addTicketNote('TT-2026-000042', { text: 'Cek ulang: masih terblokir', author: 'bot' }, 'conv-1:note:1');
    expect(first).toEqual({ status: 'created', noteId: expect.stringMatching(/^NT-\d{6}$/) });
    const again = await client.addTicketNote('TT-2026-000042', { text: 'Cek ulang: masih terblokir' }, 'conv-1:note:1');
    expect(again).toEqual({ ...first, status: 'replayed' });
    expect(sim.notes('TT-2026-000042')).toEqual([expect.objectContaining({ text: 'Cek ulang: masih terblokir', author: 'bot' })]);
  });

  it('answers 404 for an unknown ticket and 422 for an invalid note', async () => {
    expect(await client.addTicketNote('TT-1999-000000', { text: 'x' }, 'conv-1:note:1')).toEqual({ status: 'not_found' });
    const tooLong = await client.addTicketNote('TT-2026-000042', { text: 'x'.repeat(4001) }, 'conv-1:note:2');
    expect(tooLong).toMatchObject({ status: 'rejected', problem: { status: 422 } });
  });
});

describe('failure injection', () => {
  it('fails the ticket endpoint N times, then recovers', async () => {
    sim.failNext('/crm/v1/tickets', 2, 503);
    expect(await client.createTicket(ticketRequest(), 'conv-1:ticket')).toEqual({ status: 'unavailable', reason: 'HTTP 503' });
    expect(sim.tickets()).toEqual([]);
    expect(await client.createTicket(ticketRequest(), 'conv-1:ticket')).toMatchObject({ status: 'created' });
  });

  it('loses the answer after creating the ticket: the retry with the same key gets that ticket, not a second one', async () => {
    sim.failNext('CRM', 1, 502, { afterHandling: true });
    const result = await client.createTicket(ticketRequest(), 'conv-1:ticket');
    expect(result).toMatchObject({ status: 'replayed' });
    expect(sim.tickets()).toHaveLength(1);
  });

  it('fails a system by name', async () => {
    sim.failNext('HLR', 2, 500);
    expect(await client.getHlrStatus('6281100000007')).toEqual({ status: 'unavailable', reason: 'HTTP 500' });
    expect(await client.getHlrStatus('6281100000007')).toMatchObject({ status: 'ok' });
    expect(await client.getSubscriberProfile('6281100000007')).toMatchObject({ status: 'ok' });
  });

  it('can be driven over HTTP', async () => {
    const response = await fetch(`${sim.url}/_admin/fail`, { method: 'POST', body: JSON.stringify({ target: 'DSC', count: 1, status: 504 }) });
    expect(response.status).toBe(200);
    expect(await new HttpBackendClient({ baseUrl: sim.url, retryGets: false }).getSubscriberProfile('6281100000007')).toEqual({
      status: 'unavailable',
      reason: 'HTTP 504',
    });
  });
});

describe('admin', () => {
  it('lists tickets with their request and notes as JSON', async () => {
    const created = await client.createTicket(ticketRequest(), 'conv-1:ticket');
    if (created.status !== 'created') throw new Error('no ticket');
    await client.addTicketNote(created.ticket.ticketId, { text: 'nomor sudah aktif' }, 'conv-1:note:1');
    const body = (await (await fetch(`${sim.url}/_admin/tickets`)).json()) as { tickets: unknown[] };
    expect(body.tickets).toEqual([
      expect.objectContaining({
        ticket: created.ticket,
        request: ticketRequest(),
        idempotencyKey: 'conv-1:ticket',
        notes: [expect.objectContaining({ text: 'nomor sudah aktif' })],
      }),
    ]);
  });

  it('shows tickets on a small HTML page, escaped', async () => {
    await client.createTicket(ticketRequest({ summary: '<script>alert(1)</script> layanan yang dikeluhkan: DATA INTERNET' }), 'conv-1:ticket');
    const response = await fetch(`${sim.url}/_admin`);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('TT-');
    expect(html).not.toContain('<script>');
  });

  it('resets the demo from the page: a plain form post, answered with the emptied page', async () => {
    await client.createTicket(ticketRequest(), 'conv-1:ticket');
    sim.failNext('HLR', 5, 500);
    expect(await (await fetch(`${sim.url}/_admin`)).text()).toContain('<form method="post" action="/_admin/reset">');
    const response = await fetch(`${sim.url}/_admin/reset`, {
      method: 'POST',
      headers: { accept: 'text/html,application/xhtml+xml', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Demo reset');
    expect(html).toContain('none yet');
    expect(sim.tickets()).toHaveLength(0);
    expect(await client.getHlrStatus('6281100000007')).toMatchObject({ status: 'ok' });
  });
});
