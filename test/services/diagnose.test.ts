/** diagnose(), recheck() and checkOutages(): all reads at once, and always back by the budget. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpBackendClient, type BackendClient } from '../../src/services/backend/client.js';
import { checkOutages, daysBefore, diagnose, recheck } from '../../src/services/diagnose.js';
import { billingBody, deviceBody, historyBody, hlrBody, MSISDN, outagesBody, profileBody } from './samples.js';

const BODIES: [RegExp, unknown][] = [
  [/^\/dsc\//, profileBody],
  [/^\/billing\//, billingBody],
  [/^\/hlr\//, hlrBody],
  [/^\/device\//, deviceBody],
  [/^\/crm\/v1\/subscribers\//, historyBody],
  [/^\/network\//, outagesBody],
];

function bodyFor(url: URL): unknown {
  return BODIES.find(([pattern]) => pattern.test(url.pathname))?.[1];
}

/**
 * A fetch that holds every request until `expected` are in flight together (or a fallback
 * timer passes, so a sequential implementation still ends — and fails the assertion).
 */
function gatedFetch(expected: number) {
  const seen: URL[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const fallback = setTimeout(release, 500);
  const fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    seen.push(url);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (inFlight === expected) release();
    await gate;
    inFlight -= 1;
    return new Response(JSON.stringify(bodyFor(url)), { status: 200 });
  };
  return { fetch, seen, maxInFlight: () => maxInFlight, done: () => clearTimeout(fallback) };
}

/** Answers at once, except that paths matching `hang` never answer until aborted. */
function hangingFetch(hang: RegExp): typeof globalThis.fetch {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (!hang.test(url.pathname)) return new Response(JSON.stringify(bodyFor(url)), { status: 200 });
    return new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  };
}

const answers = { msisdn: MSISDN, paymentDate: '2026-03-01', location: 'Kota Bandung' };

afterEach(() => vi.useRealTimers());

describe('diagnose', () => {
  it('starts every read before any answers', async () => {
    const gated = gatedFetch(6);
    const client = new HttpBackendClient({ baseUrl: 'http://gw.test', fetch: gated.fetch });
    const diagnosis = await diagnose(client, answers);
    gated.done();
    expect(gated.maxInFlight()).toBe(6);
    expect(diagnosis.unavailable).toEqual([]);
    expect(diagnosis.facts).toEqual({
      profile: { status: 'ok', value: profileBody },
      billing: { status: 'ok', value: billingBody },
      hlr: { status: 'ok', value: hlrBody },
      device: { status: 'ok', value: deviceBody },
      history: { status: 'ok', value: historyBody },
      outages: { status: 'ok', value: outagesBody },
    });
    expect(Object.keys(diagnosis.timings).sort()).toEqual(['CRM', 'DEVICE', 'DSC', 'FA', 'HLR', 'NETWORK']);
  });

  it('asks billing from one day before the stated payment date, and CRM for 30 days', async () => {
    const gated = gatedFetch(6);
    await diagnose(new HttpBackendClient({ baseUrl: 'http://gw.test', fetch: gated.fetch }), answers);
    gated.done();
    const query = (prefix: string) => gated.seen.find((u) => u.pathname.startsWith(prefix))?.searchParams;
    expect(query('/billing/')?.get('since')).toBe('2026-02-28');
    expect(query('/crm/')?.get('days')).toBe('30');
    expect(query('/network/')?.get('location')).toBe('Kota Bandung');
  });

  it('makes no outage check without a location, and leaves facts.outages absent', async () => {
    const gated = gatedFetch(5);
    const diagnosis = await diagnose(new HttpBackendClient({ baseUrl: 'http://gw.test', fetch: gated.fetch }), { ...answers, location: null });
    gated.done();
    expect(gated.maxInFlight()).toBe(5);
    expect(gated.seen.some((u) => u.pathname.startsWith('/network/'))).toBe(false);
    expect('outages' in diagnosis.facts).toBe(false);
    expect(diagnosis.timings.NETWORK).toBeUndefined();
  });

  it('returns by the budget with a hanging system unavailable (the client aborts it)', async () => {
    vi.useFakeTimers();
    const client = new HttpBackendClient({ baseUrl: 'http://gw.test', fetch: hangingFetch(/^\/hlr\//), timeoutMs: 2000 });
    let settled = false;
    const pending = diagnose(client, answers, { budgetMs: 300 }).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(299);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    const diagnosis = await pending;
    expect(diagnosis.unavailable).toEqual(['HLR']);
    expect(diagnosis.facts.hlr).toMatchObject({ status: 'unavailable' });
    expect(diagnosis.facts.profile).toMatchObject({ status: 'ok' });
  });

  it('returns by the budget even when a client ignores the abort', async () => {
    vi.useFakeTimers();
    const real = new HttpBackendClient({ baseUrl: 'http://gw.test', fetch: hangingFetch(/^$/) });
    const client: BackendClient = Object.assign(Object.create(real) as BackendClient, {
      getDevice: () => new Promise<never>(() => {}),
    });
    let settled = false;
    const pending = diagnose(client, answers, { budgetMs: 1000 }).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(settled).toBe(true);
    const diagnosis = await pending;
    expect(diagnosis.unavailable).toEqual(['DEVICE']);
    expect(diagnosis.facts.device).toEqual({ status: 'unavailable', reason: 'no answer within the diagnosis budget' });
  });

  it('turns a client that throws into an unavailable system', async () => {
    const real = new HttpBackendClient({ baseUrl: 'http://gw.test', fetch: hangingFetch(/^$/) });
    const client: BackendClient = Object.assign(Object.create(real) as BackendClient, {
      getPayments: () => Promise.reject(new Error('bug')),
    });
    const diagnosis = await diagnose(client, answers);
    expect(diagnosis.unavailable).toEqual(['FA']);
  });
});

describe('recheck', () => {
  it('reads DSC and HLR only, together', async () => {
    const gated = gatedFetch(2);
    const result = await recheck(new HttpBackendClient({ baseUrl: 'http://gw.test', fetch: gated.fetch }), MSISDN);
    gated.done();
    expect(gated.maxInFlight()).toBe(2);
    expect(gated.seen.map((u) => u.pathname.split('/')[1]).sort()).toEqual(['dsc', 'hlr']);
    expect(result).toEqual({ profile: { status: 'ok', value: profileBody }, hlr: { status: 'ok', value: hlrBody } });
  });
});

describe('checkOutages', () => {
  it('reads only the outage list', async () => {
    const gated = gatedFetch(1);
    const result = await checkOutages(new HttpBackendClient({ baseUrl: 'http://gw.test', fetch: gated.fetch }), ' Bandung ');
    gated.done();
    expect(result).toEqual({ status: 'ok', value: outagesBody });
    expect(gated.seen.map((u) => `${u.pathname}?${u.searchParams.toString()}`)).toEqual(['/network/v1/outages?location=Bandung']);
  });

  it('is unavailable when the network system hangs past the budget', async () => {
    vi.useFakeTimers();
    const client = new HttpBackendClient({ baseUrl: 'http://gw.test', fetch: hangingFetch(/^\/network\//) });
    const pending = checkOutages(client, 'Bandung', { budgetMs: 500 });
    await vi.advanceTimersByTimeAsync(500);
    expect(await pending).toMatchObject({ status: 'unavailable' });
  });
});

describe('daysBefore', () => {
  it('steps back across months and leap days', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(daysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(daysBefore('2026-01-01', 1)).toBe('2025-12-31');
  });

  it('passes an unreadable date on unchanged', () => {
    expect(daysBefore('kemarin', 1)).toBe('kemarin');
  });
});
