/**
 * Every client method against every kind of answer the contract warns about: data, 404, 5xx,
 * timeout, invalid JSON, a body off the contract, and a refused connection.
 */
import { createServer } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpBackendClient, type BackendClient } from '../../src/services/backend/client.js';
import {
  billingBody,
  deviceBody,
  historyBody,
  hlrBody,
  MSISDN,
  outagesBody,
  profileBody,
  ticketBody,
  ticketRequest,
} from './samples.js';

const BASE = 'http://gateway.test';

interface MethodCase {
  name: string;
  verb: 'get' | 'post';
  path: string;
  query?: Record<string, string>;
  call: (client: BackendClient) => Promise<unknown>;
  okStatus: number;
  okBody: unknown;
  expectedOk: unknown;
  /** What the method makes of a 404: the contract defines it for some operations only. */
  expected404: unknown;
}

const problem404 = { title: 'Not Found', status: 404 };

const CASES: MethodCase[] = [
  {
    name: 'getSubscriberProfile', verb: 'get', path: `/dsc/v1/subscribers/${MSISDN}`,
    call: (c) => c.getSubscriberProfile(MSISDN),
    okStatus: 200, okBody: profileBody, expectedOk: { status: 'ok', value: profileBody }, expected404: { status: 'not_found' },
  },
  {
    name: 'getPayments', verb: 'get', path: `/billing/v1/subscribers/${MSISDN}/payments`, query: { since: '2026-02-28' },
    call: (c) => c.getPayments(MSISDN, '2026-02-28'),
    okStatus: 200, okBody: billingBody, expectedOk: { status: 'ok', value: billingBody }, expected404: { status: 'not_found' },
  },
  {
    name: 'getHlrStatus', verb: 'get', path: `/hlr/v1/subscribers/${MSISDN}`,
    call: (c) => c.getHlrStatus(MSISDN),
    okStatus: 200, okBody: hlrBody, expectedOk: { status: 'ok', value: hlrBody }, expected404: { status: 'not_found' },
  },
  {
    name: 'getDevice', verb: 'get', path: `/device/v1/subscribers/${MSISDN}`,
    call: (c) => c.getDevice(MSISDN),
    okStatus: 200, okBody: deviceBody, expectedOk: { status: 'ok', value: deviceBody }, expected404: { status: 'not_found' },
  },
  {
    name: 'getInteractionHistory', verb: 'get', path: `/crm/v1/subscribers/${MSISDN}/interactions`, query: { days: '30' },
    call: (c) => c.getInteractionHistory(MSISDN),
    okStatus: 200, okBody: historyBody, expectedOk: { status: 'ok', value: historyBody },
    expected404: { status: 'unavailable', reason: 'unexpected HTTP 404' },
  },
  {
    name: 'listOutages', verb: 'get', path: '/network/v1/outages', query: { location: 'kota Bandung' },
    call: (c) => c.listOutages('kota Bandung'),
    okStatus: 200, okBody: outagesBody, expectedOk: { status: 'ok', value: outagesBody },
    expected404: { status: 'unavailable', reason: 'unexpected HTTP 404' },
  },
  {
    name: 'getTicket', verb: 'get', path: '/crm/v1/tickets/TT-2026-000101',
    call: (c) => c.getTicket('TT-2026-000101'),
    okStatus: 200, okBody: ticketBody, expectedOk: { status: 'ok', value: ticketBody }, expected404: { status: 'not_found' },
  },
  {
    name: 'createTicket', verb: 'post', path: '/crm/v1/tickets',
    call: (c) => c.createTicket(ticketRequest(), 'conv-1:ticket'),
    okStatus: 201, okBody: ticketBody, expectedOk: { status: 'created', ticket: ticketBody },
    expected404: { status: 'rejected', problem: problem404 },
  },
  {
    name: 'addTicketNote', verb: 'post', path: '/crm/v1/tickets/TT-2026-000101/notes',
    call: (c) => c.addTicketNote('TT-2026-000101', { text: 'cek ulang: masih terblokir' }, 'conv-1:note-1'),
    okStatus: 201, okBody: { noteId: 'NT-000001' }, expectedOk: { status: 'created', noteId: 'NT-000001' },
    expected404: { status: 'not_found' },
  },
];

/** Mismatches the schema of every operation above. */
const OFF_CONTRACT = { msisdn: 62811, status: 17, outages: 'none', interactions: null, noteId: 5, ticketId: [] };

let closedPort: number;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  closedPort = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function client(options: Partial<ConstructorParameters<typeof HttpBackendClient>[0]> = {}): BackendClient {
  return new HttpBackendClient({ baseUrl: BASE, retryDelayMs: 1, ...options });
}

function intercept(c: MethodCase, times = 1) {
  const scope = nock(BASE)[c.verb](c.path);
  return (c.query ? scope.query(c.query) : scope).times(times);
}

describe.each(CASES)('$name', (c) => {
  it(`maps ${c.okStatus} with a contract body to data`, async () => {
    intercept(c).reply(c.okStatus, c.okBody as nock.Body);
    expect(await c.call(client())).toEqual(c.expectedOk);
    expect(nock.isDone()).toBe(true);
  });

  it('maps 404 as the contract defines it for this operation', async () => {
    intercept(c).reply(404, problem404, { 'content-type': 'application/problem+json' });
    expect(await c.call(client())).toEqual(c.expected404);
  });

  it('maps a 5xx to unavailable (after its one retry)', async () => {
    intercept(c, 2).reply(503, { title: 'Service Unavailable', status: 503 });
    expect(await c.call(client())).toEqual({ status: 'unavailable', reason: 'HTTP 503' });
    expect(nock.isDone()).toBe(true);
  });

  it('maps a timeout to unavailable', async () => {
    intercept(c, 2).delay(500).reply(c.okStatus, c.okBody as nock.Body);
    expect(await c.call(client({ timeoutMs: 50 }))).toEqual({ status: 'unavailable', reason: 'timed out after 50 ms' });
  });

  it('maps a body that is not JSON to unavailable', async () => {
    intercept(c).reply(c.okStatus, '{"msisdn": "62811', { 'content-type': 'application/json' });
    expect(await c.call(client())).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/not JSON/) });
  });

  it('maps a body off the contract to unavailable, never to data', async () => {
    intercept(c).reply(c.okStatus, OFF_CONTRACT);
    expect(await c.call(client())).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/does not match the contract/) });
  });

  it('maps a refused connection to unavailable', async () => {
    const result = await c.call(client({ baseUrl: `http://127.0.0.1:${closedPort}` }));
    expect(result).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/^connection failed: ECONNREFUSED/) });
  });
});
