/** Headers, the one retry and its budget, Idempotency-Key reuse, and the failure log line. */
import { Writable } from 'node:stream';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { HttpBackendClient, type BackendClientOptions } from '../../src/services/backend/client.js';
import { MSISDN, profileBody, ticketBody, ticketRequest } from './samples.js';

const BASE = 'http://gateway.test';
const PROFILE = `/dsc/v1/subscribers/${MSISDN}`;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

function client(options: Partial<BackendClientOptions> = {}) {
  return new HttpBackendClient({ baseUrl: BASE, retryDelayMs: 1, ...options });
}

/** Replies with `status`/`body` and records the headers each request came with. */
function recording(seen: Record<string, string | string[] | undefined>[], status: number, body: nock.Body) {
  return function (this: nock.ReplyFnContext): [number, nock.Body] {
    seen.push({ ...this.req.headers });
    return [status, body];
  };
}

describe('headers', () => {
  it('sends the bearer key when one is configured', async () => {
    nock(BASE, { reqheaders: { authorization: 'Bearer s3cret' } }).get(PROFILE).reply(200, profileBody);
    expect(await client({ apiKey: 's3cret' }).getSubscriberProfile(MSISDN)).toMatchObject({ status: 'ok' });
  });

  it('sends no Authorization header without a key', async () => {
    nock(BASE, { badheaders: ['authorization'] }).get(PROFILE).reply(200, profileBody);
    expect(await client().getSubscriberProfile(MSISDN)).toMatchObject({ status: 'ok' });
  });

  it('sends an X-Request-Id on every attempt: one UUID per call, the attempt as suffix', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    nock(BASE).get(PROFILE).reply(recording(seen, 502, '')).get(PROFILE).reply(recording(seen, 200, profileBody));
    await client().getSubscriberProfile(MSISDN);
    const [first, second] = seen.map((h) => String(h['x-request-id']));
    expect(first).toMatch(new RegExp(`^${UUID}\\.1$`));
    expect(second).toBe(first?.replace(/\.1$/, '.2'));
  });

  it('prefixes X-Request-Id with the caller correlation id, and a new call gets a new UUID', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    nock(BASE).get(PROFILE).times(2).reply(recording(seen, 200, profileBody));
    await client().getSubscriberProfile(MSISDN, { correlationId: 'conv-42' });
    await client().getSubscriberProfile(MSISDN, { correlationId: 'conv-42' });
    const ids = seen.map((h) => String(h['x-request-id']));
    for (const id of ids) expect(id).toMatch(new RegExp(`^conv-42:${UUID}\\.1$`));
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe('GET retry', () => {
  it('retries a 5xx once and uses the second answer', async () => {
    nock(BASE).get(PROFILE).reply(503).get(PROFILE).reply(200, profileBody);
    expect(await client().getSubscriberProfile(MSISDN)).toEqual({ status: 'ok', value: profileBody });
    expect(nock.isDone()).toBe(true);
  });

  it('retries once only', async () => {
    const scope = nock(BASE).get(PROFILE).times(3).reply(500);
    expect(await client().getSubscriberProfile(MSISDN)).toMatchObject({ status: 'unavailable' });
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('does not retry when the budget left cannot hold another full attempt', async () => {
    const scope = nock(BASE).get(PROFILE).times(2).reply(503);
    const result = await client({ timeoutMs: 2000 }).getSubscriberProfile(MSISDN, { deadline: Date.now() + 1000 });
    expect(result).toEqual({ status: 'unavailable', reason: 'HTTP 503' });
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('retries when the budget left holds another full attempt', async () => {
    nock(BASE).get(PROFILE).reply(503).get(PROFILE).reply(200, profileBody);
    const result = await client({ timeoutMs: 200 }).getSubscriberProfile(MSISDN, { deadline: Date.now() + 1000 });
    expect(result).toMatchObject({ status: 'ok' });
  });

  it('cuts an attempt at the deadline even when the timeout is longer', async () => {
    nock(BASE).get(PROFILE).delay(2000).reply(200, profileBody);
    const result = await client({ timeoutMs: 2000 }).getSubscriberProfile(MSISDN, { deadline: Date.now() + 100 });
    expect(result).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/^timed out after \d+ ms$/) });
  });

  it('does not retry a GET that timed out: a hanging system costs one timeout, not two', async () => {
    const scope = nock(BASE).get(PROFILE).times(2).delay(300).reply(200, profileBody);
    const result = await client({ timeoutMs: 50 }).getSubscriberProfile(MSISDN);
    expect(result).toEqual({ status: 'unavailable', reason: 'timed out after 50 ms' });
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('does not retry with retryGets: false', async () => {
    const scope = nock(BASE).get(PROFILE).times(2).reply(503);
    await client({ retryGets: false }).getSubscriberProfile(MSISDN);
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('does not retry an answer that retrying cannot change (404, a body off the contract)', async () => {
    const notFound = nock(BASE).get(PROFILE).times(2).reply(404);
    await client().getSubscriberProfile(MSISDN);
    expect(notFound.pendingMocks()).toHaveLength(1);
    nock.cleanAll();
    const offContract = nock(BASE).get(PROFILE).times(2).reply(200, { status: 1 });
    await client().getSubscriberProfile(MSISDN);
    expect(offContract.pendingMocks()).toHaveLength(1);
  });

  it('stops at once when the caller aborts', async () => {
    const scope = nock(BASE).get(PROFILE).times(2).delay(1000).reply(200, profileBody);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const result = await client().getSubscriberProfile(MSISDN, { signal: controller.signal });
    expect(result).toEqual({ status: 'unavailable', reason: 'aborted by caller' });
    expect(scope.pendingMocks()).toHaveLength(1);
  });
});

describe('createTicket', () => {
  const KEY = 'conv-1:ticket:TICKET_BLOCKED';

  it('maps 201 to created and 200 to replayed', async () => {
    nock(BASE).post('/crm/v1/tickets').reply(201, ticketBody).post('/crm/v1/tickets').reply(200, ticketBody);
    expect(await client().createTicket(ticketRequest(), KEY)).toEqual({ status: 'created', ticket: ticketBody });
    expect(await client().createTicket(ticketRequest(), KEY)).toEqual({ status: 'replayed', ticket: ticketBody });
  });

  it('sends the request body and the Idempotency-Key', async () => {
    nock(BASE, { reqheaders: { 'idempotency-key': KEY, 'content-type': 'application/json' } })
      .post('/crm/v1/tickets', ticketRequest())
      .reply(201, ticketBody);
    expect(await client().createTicket(ticketRequest(), KEY)).toMatchObject({ status: 'created' });
  });

  it('retries a 5xx once, with the same Idempotency-Key', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    nock(BASE).post('/crm/v1/tickets').reply(recording(seen, 503, '')).post('/crm/v1/tickets').reply(recording(seen, 200, ticketBody));
    expect(await client().createTicket(ticketRequest(), KEY)).toEqual({ status: 'replayed', ticket: ticketBody });
    expect(seen.map((h) => h['idempotency-key'])).toEqual([KEY, KEY]);
  });

  it('retries a timeout once, with the same Idempotency-Key, and no more', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const scope = nock(BASE).post('/crm/v1/tickets').times(3).delay(300).reply(recording(seen, 201, ticketBody));
    expect(await client({ timeoutMs: 50 }).createTicket(ticketRequest(), KEY)).toMatchObject({ status: 'unavailable' });
    expect(scope.pendingMocks()).toHaveLength(1);
    expect(seen.map((h) => h['idempotency-key'])).toEqual([KEY, KEY]);
  });

  it('maps 422 to rejected with the problem, and does not retry it', async () => {
    const problem = { type: 'about:blank', title: 'Unprocessable Content', status: 422, detail: 'affectedServices: too small' };
    const scope = nock(BASE).post('/crm/v1/tickets').times(2).reply(422, problem, { 'content-type': 'application/problem+json' });
    expect(await client().createTicket(ticketRequest(), KEY)).toEqual({ status: 'rejected', problem });
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('maps 429 to unavailable (try later), not rejected', async () => {
    nock(BASE).post('/crm/v1/tickets').reply(429);
    expect(await client().createTicket(ticketRequest(), KEY)).toEqual({ status: 'unavailable', reason: 'unexpected HTTP 429' });
  });
});

describe('addTicketNote', () => {
  it('retries a 5xx once with the same Idempotency-Key and maps the 200 to replayed', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const path = '/crm/v1/tickets/TT-2026-000042/notes';
    nock(BASE).post(path).reply(recording(seen, 500, '')).post(path).reply(recording(seen, 200, { noteId: 'NT-000001' }));
    const result = await client().addTicketNote('TT-2026-000042', { text: 'masih terblokir' }, 'conv-1:note:1');
    expect(result).toEqual({ status: 'replayed', noteId: 'NT-000001' });
    expect(seen.map((h) => h['idempotency-key'])).toEqual(['conv-1:note:1', 'conv-1:note:1']);
  });
});

describe('failure log', () => {
  it('warns with system, path template, status and duration, and never the raw MSISDN', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    nock(BASE).get(PROFILE).times(2).reply(503);
    await client({ log: createLogger({ destination, level: 'warn' }) }).getSubscriberProfile(MSISDN);
    expect(lines).toHaveLength(2);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 40, system: 'DSC', method: 'GET', path: '/dsc/v1/subscribers/{msisdn}', status: 503, attempt: 1 });
    expect(typeof entry.durationMs).toBe('number');
    expect(lines.join('')).not.toContain(MSISDN);
  });
});
