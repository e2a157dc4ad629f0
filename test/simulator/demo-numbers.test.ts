/**
 * Every demo number through the real client and diagnose(): the data parses under the contract
 * and carries what its row of DECISION-TABLE.md §3 turns on. The decision itself is tested
 * with decide(); here the simulator's data is.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Facts } from '../../src/domain/types.js';
import { HttpBackendClient } from '../../src/services/backend/client.js';
import { diagnose } from '../../src/services/diagnose.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';

/** 12:00 in Jakarta; "yesterday" is 2026-03-01. */
const NOW = new Date('2026-03-02T05:00:00Z');
const YESTERDAY = '2026-03-01';

let sim: Simulator;
let client: HttpBackendClient;

beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 0, now: () => NOW });
  client = new HttpBackendClient({ baseUrl: sim.url, retryDelayMs: 1 });
});
afterAll(() => sim.close());

const ok = <T>(lookup: { status: string; value?: T } | undefined): T => {
  expect(lookup?.status).toBe('ok');
  return (lookup as { value: T }).value;
};
const blocked = (facts: Facts) => {
  const hlr = ok(facts.hlr);
  return hlr.state === 'BARRED' || hlr.barrings.length > 0 || ok(facts.profile).profileBlocks.length > 0;
};
const paymentsFound = (facts: Facts) => ok(facts.billing).payments;

/** What each number's row turns on (DECISION-TABLE.md §3). */
const EXPECTATIONS: Record<string, { location?: string; unavailable?: string[]; check: (facts: Facts) => void }> = {
  '6281100000001': {
    check: (f) => {
      expect(ok(f.history).tickets).toContainEqual(expect.objectContaining({ ticketId: 'TT-2026-000042', status: 'OPEN', kip: 'K44' }));
      expect(blocked(f)).toBe(true);
    },
  },
  '6281100000002': { check: (f) => expect(paymentsFound(f)).toEqual([]) },
  '6281100000003': { check: (f) => expect(paymentsFound(f)).toEqual([]) },
  '6281100000004': { check: (f) => expect(ok(f.profile).status).toBe('AGING') },
  '6281100000005': { check: (f) => expect(ok(f.hlr).barrings.map((b) => b.reason)).toContain('HUM') },
  '6281100000006': { check: (f) => expect(ok(f.profile).status).toBe('ACTIVE_VOLUNTARY_BLOCK_1') },
  '6281100000007': {
    check: (f) => {
      expect(paymentsFound(f)).toEqual([expect.objectContaining({ paidAt: `${YESTERDAY}T10:15:00+07:00`, ledgerPosted: true })]);
      expect(blocked(f)).toBe(true);
      expect(ok(f.history).tickets).toEqual([]);
    },
  },
  '6281100000008': {
    check: (f) => {
      expect(paymentsFound(f).at(-1)?.ledgerPosted).toBe(false);
      expect(ok(f.profile).status).toBe('ACTIVE_COLLECTION_BLOCK_1');
      expect(blocked(f)).toBe(true);
    },
  },
  '6281100000009': {
    location: 'kota bandung, jabar',
    check: (f) => {
      expect(blocked(f)).toBe(false);
      expect(ok(f.outages).outages).toEqual([expect.objectContaining({ services: ['DATA'] })]);
    },
  },
  '6281100000010': {
    location: 'Surabaya',
    check: (f) => {
      expect(blocked(f)).toBe(false);
      expect(ok(f.outages).outages).toEqual([]);
      expect(ok(f.device).supports4g).toBe(false);
    },
  },
  '6281100000011': { check: (f) => expect(ok(f.profile).status).toBe('TERMINATED') },
  '6281100000012': { check: (f) => expect(ok(f.profile).status).toBe('ACTIVE_SIM_SWAP_HOLD') },
  '6281100000013': { unavailable: ['DSC'], check: (f) => expect(f.profile).toEqual({ status: 'unavailable', reason: 'HTTP 503' }) },
  // The latency override (0 here) makes the slow HLR fast; its slowness is tested in simulator.test.ts.
  '6281100000014': { check: (f) => expect(ok(f.hlr).state).toBe('BARRED') },
  '6281100000015': {
    unavailable: ['FA'],
    check: (f) => expect(f.billing).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/does not match the contract/) }),
  },
  '6281100000016': {
    check: (f) => {
      for (const lookup of [f.profile, f.billing, f.hlr, f.device]) expect(lookup).toEqual({ status: 'not_found' });
      expect(ok(f.history)).toEqual({ interactions: [], tickets: [] });
    },
  },
  '6281100000017': { unavailable: ['DEVICE'], check: (f) => expect(blocked(f)).toBe(true) },
};

describe('demo numbers', () => {
  it('cover every outcome of DECISION-TABLE.md §3, and the table above covers every number', () => {
    const outcomes = new Set(sim.demoNumbers().map((d) => d.outcome));
    for (const outcome of [
      'EXISTING_TICKET', 'CONFIRM_WITH_PAYMENT_CHANNEL', 'TICKET_PAYMENT_NOT_POSTED', 'REACTIVATION', 'BILLCO_ACTIVATION',
      'TICKET_VOLUNTARY_BLOCK', 'TICKET_BLOCKED', 'OUTAGE_INFO', 'NETWORK_REFRESH', 'AGENT_REVIEW', 'SYSTEM_UNAVAILABLE',
    ]) {
      expect(outcomes).toContain(outcome);
    }
    expect(sim.demoNumbers().map((d) => d.msisdn).sort()).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  it('are all in the table of docs/simulator.md, with their outcome', () => {
    const doc = readFileSync(new URL('../../docs/simulator.md', import.meta.url), 'utf8');
    for (const { msisdn, outcome } of sim.demoNumbers()) {
      const row = doc.split('\n').find((line) => line.startsWith(`| ${msisdn} |`));
      expect(row, msisdn).toBeDefined();
      if (outcome.startsWith('(')) continue;
      expect(row, msisdn).toContain(`\`${outcome}\``);
    }
  });

  it.each(Object.entries(EXPECTATIONS))('%s serves contract data for its row', async (msisdn, expectation) => {
    const diagnosis = await diagnose(client, { msisdn, paymentDate: YESTERDAY, location: expectation.location ?? null });
    expect(diagnosis.unavailable).toEqual(expectation.unavailable ?? []);
    expectation.check(diagnosis.facts);
  });
});
