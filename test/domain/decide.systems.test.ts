/** SYSTEM_UNAVAILABLE, not_found handling, precedence, and the pure helpers beside decide(). */
import { describe, expect, it } from 'vitest';
import type { OutcomeDecision } from '../../src/domain/decide.js';
import { decide, deviceAdvice, isActiveAndUnblocked } from '../../src/domain/decide.js';
import { jakartaDate } from '../../src/domain/evidence.js';
import type { Answers, Facts } from '../../src/domain/types.js';
import {
  billing, device, history, hlr, makeAnswers, makeFacts, notFound, ok, outage, outages, payment, profile, ticket, unavailable,
} from './factories.js';

function outcome(facts: Facts, answers: Answers = makeAnswers()): OutcomeDecision {
  const d = decide(facts, answers);
  if (d.kind !== 'outcome') throw new Error('expected an outcome');
  return d;
}

describe('SYSTEM_UNAVAILABLE: a system needed for the decision failed', () => {
  it.each([
    ['DSC', { profile: unavailable<never>() }],
    ['FA', { billing: unavailable<never>() }],
    ['HLR', { hlr: unavailable<never>() }],
    ['CRM', { history: unavailable<never>() }],
    ['CRM', { history: notFound<never>() }], // no 404 in the contract: outside it, so unavailable
  ] as const)('%s', (system, over) => {
    const d = outcome(makeFacts({ outages: outages(), ...over }));
    expect(d).toMatchObject({ outcome: 'SYSTEM_UNAVAILABLE', row: 'unavailable', createsTicket: true, handoff: true, route: 'BACKOFFICE' });
    expect(d.evidence.unavailableSystems).toEqual([system]);
  });

  it('lists every failed system, in the order of SYSTEMS', () => {
    const d = outcome(makeFacts({ history: unavailable(), device: unavailable(), hlr: unavailable(), billing: unavailable() }));
    expect(d.evidence.unavailableSystems).toEqual(['FA', 'HLR', 'DEVICE', 'CRM']);
  });

  it('knows the ledger when only the FA answered, and not when the FA failed', () => {
    expect(outcome(makeFacts({ hlr: unavailable() })).ledgerPosted).toBe(true);
    const faDown = outcome(makeFacts({ billing: unavailable() }));
    expect(faDown.ledgerPosted).toBeNull();
    expect(faDown.evidence.paymentFound).toBeNull();
  });

  it('is not caused by the device system', () => {
    const d = outcome(makeFacts({ device: unavailable(), outages: outages() }));
    expect(d.outcome).toBe('NETWORK_REFRESH');
    expect(d.evidence.unavailableSystems).toEqual(['DEVICE']);
  });

  it('is not caused by the outage system when rows 8–9 are not reached', () => {
    expect(outcome(makeFacts({ profile: ok(profile({ status: 'TERMINATED' })), outages: unavailable() })).outcome).toBe('AGENT_REVIEW');
  });

  it('cannot be overruled by row 1 when the CRM itself failed', () => {
    expect(outcome(makeFacts({ history: unavailable() })).outcome).toBe('SYSTEM_UNAVAILABLE');
  });
});

describe('not_found (contract 404)', () => {
  it.each([
    ['DSC', { profile: notFound<never>() }],
    ['HLR', { hlr: notFound<never>() }],
  ] as const)('%s 404: no known subscriber → AGENT_REVIEW with subscriberNotFound', (_system, over) => {
    const d = outcome(makeFacts(over));
    expect(d).toMatchObject({ outcome: 'AGENT_REVIEW', row: 10, createsTicket: false, handoff: true });
    expect(d.evidence.subscriberNotFound).toBe(true);
  });

  it('an unknown subscriber wins over other failures, which stay in the evidence', () => {
    const d = outcome(makeFacts({ profile: notFound(), billing: unavailable(), history: unavailable() }));
    expect(d.outcome).toBe('AGENT_REVIEW');
    expect(d.evidence.unavailableSystems).toEqual(['FA', 'CRM']);
  });

  it('an open K44 ticket still comes first', () => {
    expect(outcome(makeFacts({ profile: notFound(), history: ok(history({ tickets: [ticket()] })) })).outcome).toBe('EXISTING_TICKET');
  });

  it('device 404: no advice, not a failure', () => {
    const facts = makeFacts({ device: notFound(), outages: outages() });
    expect(outcome(facts).evidence.unavailableSystems).toEqual([]);
    expect(deviceAdvice(facts, makeAnswers())).toEqual([]);
  });
});

describe('evidence', () => {
  it('is plain JSON and names the facts', () => {
    const d = outcome(makeFacts({
      profile: ok(profile({ profileBlocks: [{ service: 'VOICE', reason: 'COLLECTION' }] })),
      hlr: ok(hlr({ state: 'BARRED', barrings: [{ service: 'DATA', reason: 'COLLECTION' }] })),
      billing: ok(billing({ collectionStatus: 'IN_COLLECTION', payments: [payment({ paymentId: 'P9' })] })),
      device: unavailable(),
    }));
    expect(JSON.parse(JSON.stringify(d.evidence))).toEqual(d.evidence);
    expect(d.evidence).toMatchObject({
      dscStatus: 'ACTIVE',
      profileBlocks: ['VOICE:COLLECTION'],
      hlrState: 'BARRED',
      barrings: ['DATA:COLLECTION'],
      blocked: true,
      collectionStatus: 'IN_COLLECTION',
      paymentFound: true,
      payment: { id: 'P9', paidAt: '2026-11-20T10:15:00+07:00', paidOnJakarta: '2026-11-20', channel: 'BCA VA', amount: 150000, ledgerPosted: true },
      existingTicket: null,
      outageCheck: 'not_made',
      outage: null,
      subscriberNotFound: false,
      unavailableSystems: ['DEVICE'],
    });
  });

  it('reads blocked as unknown only when nothing shows a block and DSC or HLR did not answer', () => {
    expect(outcome(makeFacts({ hlr: unavailable() })).evidence.blocked).toBeNull();
    expect(outcome(makeFacts({ hlr: unavailable(), profile: ok(profile({ profileBlocks: [{ service: 'SMS', reason: 'X' }] })) })).evidence.blocked).toBe(true);
  });

  it('converts paidAt to the Jakarta civil date', () => {
    expect(jakartaDate('2026-11-18T16:59:59Z')).toBe('2026-11-18');
    expect(jakartaDate('2026-11-18T17:00:00Z')).toBe('2026-11-19');
    expect(jakartaDate('not a date')).toBeNull();
  });

  it('takes the first outage that touches a complained service', () => {
    const d = outcome(makeFacts({ outages: outages(outage({ id: 'SMS-ONLY', services: ['SMS'] }), outage({ id: 'VOICE', services: ['VOICE'] })) }),
      makeAnswers({ affectedServices: ['VOICE'] }));
    expect(d.evidence.outage?.id).toBe('VOICE');
  });
});

describe('isActiveAndUnblocked', () => {
  const facts = (p = profile(), h = hlr()) => ({ profile: ok(p), hlr: ok(h) });

  it.each(['ACTIVE', 'ACTIVE_OUT_OF_COLLECTION_TRIAL'])('true for %s with no blocks and HLR ACTIVE', (status) => {
    expect(isActiveAndUnblocked(facts(profile({ status })))).toBe(true);
  });

  it.each([
    ['ACTIVE_COLLECTION_BLOCK_1', facts(profile({ status: 'ACTIVE_COLLECTION_BLOCK_1' }))],
    ['AGING', facts(profile({ status: 'AGING' }))],
    ['a profile block', facts(profile({ profileBlocks: [{ service: 'DATA', reason: 'COLLECTION' }] }))],
    ['HLR BARRED', facts(profile(), hlr({ state: 'BARRED' }))],
    ['an HLR barring', facts(profile(), hlr({ barrings: [{ service: 'SMS', reason: 'COLLECTION' }] }))],
    ['DSC unavailable', { profile: unavailable<never>(), hlr: ok(hlr()) }],
    ['HLR not found', { profile: ok(profile()), hlr: notFound<never>() }],
  ])('false with %s', (_label, f) => {
    expect(isActiveAndUnblocked(f)).toBe(false);
  });
});

describe('deviceAdvice: on top of the outcome, never instead of it', () => {
  it('flags an unregistered IMEI and no 4G when DATA is complained of', () => {
    const facts = makeFacts({ device: ok(device({ imeiRegistered: false, supports4g: false })), hlr: ok(hlr({ state: 'BARRED' })) });
    expect(deviceAdvice(facts, makeAnswers({ affectedServices: ['DATA', 'VOICE'] }))).toEqual(['IMEI_UNREGISTERED', 'NO_4G_FOR_DATA']);
    expect(outcome(facts).outcome).toBe('TICKET_BLOCKED');
  });

  it('does not flag no 4G when DATA is not complained of', () => {
    expect(deviceAdvice(makeFacts({ device: ok(device({ supports4g: false })) }), makeAnswers({ affectedServices: ['VOICE'] }))).toEqual([]);
  });

  it('is empty when the device system is unavailable', () => {
    expect(deviceAdvice(makeFacts({ device: unavailable() }), makeAnswers())).toEqual([]);
  });
});
