/** DECISION-TABLE.md §3, rows 1–10 in order, with their boundaries. */
import { describe, expect, it } from 'vitest';
import type { Decision, OutcomeDecision } from '../../src/domain/decide.js';
import { afterRefreshFailed, decide } from '../../src/domain/decide.js';
import type { Answers, Facts } from '../../src/domain/types.js';
import {
  billing, history, hlr, makeAnswers, makeFacts, notFound, ok, outage, outages, payment, profile, ticket, unavailable,
} from './factories.js';

function outcome(facts: Facts, answers: Answers = makeAnswers()): OutcomeDecision {
  const d: Decision = decide(facts, answers);
  if (d.kind !== 'outcome') throw new Error(`expected an outcome, got needs ${d.need}`);
  return d;
}

/** Not blocked, row-7 status, outage check made with no outage: row 9 unless a test changes it. */
const checked = (over: Partial<Facts> = {}): Facts => makeFacts({ outages: outages(), ...over });
const paidOn = (paidAt: string, ledgerPosted = true) => ok(billing({ payments: [payment({ paidAt, ledgerPosted })] }));

describe('payment found (FA payment on or after the stated date minus one day, Jakarta dates)', () => {
  it.each([
    ['exactly on the stated date', '2026-11-20T00:00:00+07:00'],
    ['one day before the stated date', '2026-11-19T08:00:00+07:00'],
    ['late evening UTC that is already the allowed day in Jakarta', '2026-11-18T18:30:00Z'],
    ['after the stated date', '2026-11-22T12:00:00+07:00'],
  ])('counts a payment %s', (_label, paidAt) => {
    const d = outcome(checked({ billing: paidOn(paidAt) }));
    expect(d.row).toBe(9);
    expect(d.evidence.paymentFound).toBe(true);
    expect(d.evidence.payment?.paidAt).toBe(paidAt);
  });

  it.each([
    ['two days before the stated date', '2026-11-18T12:00:00+07:00'],
    ['late evening UTC that is still two days before in Jakarta', '2026-11-18T16:59:59Z'],
    ['an unparseable time', 'kemarin sore'],
  ])('does not count a payment %s', (_label, paidAt) => {
    const d = outcome(checked({ billing: paidOn(paidAt) }), makeAnswers({ notificationReceived: false }));
    expect(d.row).toBe(2);
    expect(d.evidence.paymentFound).toBe(false);
    expect(d.evidence.payment).toBeNull();
    expect(d.evidence.paymentSearchFrom).toBe('2026-11-19');
  });

  it('counts a payment not yet posted to the ledger, and reports ledgerPosted false', () => {
    const d = outcome(checked({ billing: paidOn('2026-11-20T09:00:00+07:00', false) }));
    expect(d.row).toBe(9);
    expect(d.ledgerPosted).toBe(false);
  });

  it('takes ledgerPosted from the latest payment found, whatever the list order', () => {
    const payments = [
      payment({ paymentId: 'LATE', paidAt: '2026-11-21T08:00:00+07:00', ledgerPosted: false }),
      payment({ paymentId: 'EARLY', paidAt: '2026-11-20T08:00:00+07:00', ledgerPosted: true }),
      payment({ paymentId: 'TOO-OLD', paidAt: '2026-11-01T08:00:00+07:00', ledgerPosted: true }),
    ];
    const d = outcome(checked({ billing: ok(billing({ payments })) }));
    expect(d.evidence.payment).toMatchObject({ id: 'LATE', ledgerPosted: false, paidOnJakarta: '2026-11-21', channel: 'BCA VA', amount: 150000 });
    expect(d.ledgerPosted).toBe(false);
    expect(outcome(checked({ billing: ok(billing({ payments: [...payments].reverse() })) })).ledgerPosted).toBe(false);
  });
});

describe('row 1: an OPEN or IN_PROGRESS K44 ticket exists → EXISTING_TICKET', () => {
  it.each(['OPEN', 'IN_PROGRESS'] as const)('matches a %s K44 ticket, however old', (status) => {
    const tickets = [ticket({ ticketId: 'TCK-OLD', status, createdAt: '2024-01-02T09:00:00+07:00' })];
    const d = outcome(makeFacts({ history: ok(history({ tickets })) }));
    expect(d).toMatchObject({ outcome: 'EXISTING_TICKET', row: 1, createsTicket: false });
    expect(d.evidence.existingTicket).toEqual({ id: 'TCK-OLD', status });
  });

  it.each([
    ['a RESOLVED K44 ticket', ticket({ status: 'RESOLVED' })],
    ['a CLOSED K44 ticket', ticket({ status: 'CLOSED' })],
    ['an OPEN ticket with another KIP', ticket({ kip: 'K12' })],
  ])('does not match %s', (_label, t) => {
    const d = outcome(checked({ history: ok(history({ tickets: [t] })) }));
    expect(d.outcome).toBe('NETWORK_REFRESH');
    expect(d.evidence.existingTicket).toBeNull();
  });

  it('names the most recent ticket when several are open', () => {
    const tickets = [
      ticket({ ticketId: 'A', createdAt: '2026-10-01T09:00:00+07:00' }),
      ticket({ ticketId: 'B', status: 'IN_PROGRESS', createdAt: '2026-11-10T09:00:00+07:00' }),
      ticket({ ticketId: 'C', createdAt: '2026-09-01T09:00:00+07:00' }),
    ];
    expect(outcome(makeFacts({ history: ok(history({ tickets })) })).evidence.existingTicket).toEqual({ id: 'B', status: 'IN_PROGRESS' });
  });

  it('hands off only when the re-run checks do not show the number active and unblocked', () => {
    const history_ = ok(history({ tickets: [ticket()] }));
    expect(outcome(makeFacts({ history: history_ })).handoff).toBe(false);
    expect(outcome(makeFacts({ history: history_, hlr: ok(hlr({ state: 'BARRED' })) })).handoff).toBe(true);
  });

  it('comes before every other row (here row 2 would match)', () => {
    const d = outcome(makeFacts({ history: ok(history({ tickets: [ticket()] })), billing: ok(billing({ payments: [] })) }),
      makeAnswers({ notificationReceived: false }));
    expect(d.outcome).toBe('EXISTING_TICKET');
  });

  it('wins while the FA is down, and the evidence names the FA', () => {
    const d = outcome(makeFacts({ history: ok(history({ tickets: [ticket()] })), billing: unavailable(), hlr: ok(hlr({ state: 'BARRED' })) }));
    expect(d).toMatchObject({ outcome: 'EXISTING_TICKET', row: 1, handoff: true, createsTicket: false, ledgerPosted: null });
    expect(d.evidence.unavailableSystems).toEqual(['FA']);
  });
});

describe('rows 2–3: no payment found', () => {
  const noPayment = { billing: ok(billing({ payments: [] })) };

  it('row 2: no notification → CONFIRM_WITH_PAYMENT_CHANNEL, no ticket, no hand-off', () => {
    const d = outcome(makeFacts(noPayment), makeAnswers({ notificationReceived: false }));
    expect(d).toMatchObject({ outcome: 'CONFIRM_WITH_PAYMENT_CHANNEL', row: 2, createsTicket: false, handoff: false });
  });

  it('row 3: a notification → TICKET_PAYMENT_NOT_POSTED with ticket and hand-off, ledger unknown', () => {
    const d = outcome(makeFacts(noPayment), makeAnswers({ notificationReceived: true }));
    expect(d).toMatchObject({ outcome: 'TICKET_PAYMENT_NOT_POSTED', row: 3, createsTicket: true, handoff: true, route: 'BACKOFFICE', ledgerPosted: null });
  });

  it('come before AGING (row 4)', () => {
    const d = outcome(makeFacts({ ...noPayment, profile: ok(profile({ status: 'AGING' })) }), makeAnswers({ notificationReceived: false }));
    expect(d.row).toBe(2);
  });

  it('treat an FA 404 (no financial account) as no payment found', () => {
    const yes = outcome(makeFacts({ billing: notFound() }), makeAnswers({ notificationReceived: true }));
    expect(yes).toMatchObject({ row: 3, ledgerPosted: null });
    expect(yes.evidence).toMatchObject({ paymentFound: false, financialAccountNotFound: true, collectionStatus: null, unavailableSystems: [] });
    expect(outcome(makeFacts({ billing: notFound() }), makeAnswers({ notificationReceived: false })).row).toBe(2);
  });
});

describe('rows 4–7: paid but still blocked', () => {
  it('row 4: AGING → REACTIVATION, routed for reactivation', () => {
    const d = outcome(makeFacts({ profile: ok(profile({ status: 'AGING' })), hlr: ok(hlr({ barrings: [{ service: 'ALL', reason: 'HUM' }] })) }));
    expect(d).toMatchObject({ outcome: 'REACTIVATION', row: 4, route: 'REACTIVATION', createsTicket: true, handoff: true });
  });

  it('row 5: an HLR barring with reason HUM → BILLCO_ACTIVATION, before a voluntary block', () => {
    const d = outcome(makeFacts({
      profile: ok(profile({ status: 'ACTIVE_VOLUNTARY_BLOCK_1' })),
      hlr: ok(hlr({ barrings: [{ service: 'VOICE', reason: 'HUM' }] })),
    }));
    expect(d).toMatchObject({ outcome: 'BILLCO_ACTIVATION', row: 5, route: 'BILLCO', createsTicket: true, handoff: true });
    expect(d.evidence.barrings).toEqual(['VOICE:HUM']);
  });

  it('row 6: ACTIVE_VOLUNTARY_BLOCK_1 → TICKET_VOLUNTARY_BLOCK', () => {
    const d = outcome(makeFacts({ profile: ok(profile({ status: 'ACTIVE_VOLUNTARY_BLOCK_1' })) }));
    expect(d).toMatchObject({ outcome: 'TICKET_VOLUNTARY_BLOCK', row: 6, route: 'BACKOFFICE', createsTicket: true, handoff: true });
  });

  it.each(['ACTIVE', 'ACTIVE_OUT_OF_COLLECTION_TRIAL', 'ACTIVE_COLLECTION_BLOCK_1'])('row 7: %s and blocked → TICKET_BLOCKED', (status) => {
    const d = outcome(makeFacts({ profile: ok(profile({ status })), hlr: ok(hlr({ state: 'BARRED' })) }));
    expect(d).toMatchObject({ outcome: 'TICKET_BLOCKED', row: 7, route: 'BACKOFFICE', createsTicket: true, handoff: true, ledgerPosted: true });
  });

  it.each([
    ['HLR state BARRED with no barrings', { hlr: ok(hlr({ state: 'BARRED', barrings: [] })) }],
    ['HLR state ACTIVE with a barring', { hlr: ok(hlr({ barrings: [{ service: 'DATA', reason: 'COLLECTION' }] })) }],
    ['a DSC profile block only', { profile: ok(profile({ profileBlocks: [{ service: 'VOICE', reason: 'COLLECTION' }] })) }],
  ] as const)('row 7: blocked by %s', (_label, over) => {
    const d = outcome(makeFacts(over));
    expect(d.row).toBe(7);
    expect(d.evidence.blocked).toBe(true);
  });

  it('row 7 does not need the outage check, even when it failed', () => {
    expect(outcome(makeFacts({ hlr: ok(hlr({ state: 'BARRED' })), outages: unavailable() })).row).toBe(7);
  });
});

describe('rows 8–9: as row 7 but not blocked', () => {
  it('asks for the location when the outage check was not made', () => {
    const d = decide(makeFacts(), makeAnswers());
    expect(d).toMatchObject({ kind: 'needs', need: 'location', row: 8 });
    expect(d.evidence.outageCheck).toBe('not_made');
  });

  it('row 8: an outage touching a complained service → OUTAGE_INFO, no ticket, no hand-off', () => {
    const d = outcome(makeFacts({ outages: outages(outage({ id: 'OUT-7', services: ['VOICE', 'DATA'] })) }));
    expect(d).toMatchObject({ outcome: 'OUTAGE_INFO', row: 8, createsTicket: false, handoff: false });
    expect(d.evidence.outage).toMatchObject({ id: 'OUT-7', estimatedRecoveryAt: '2026-11-25T18:00:00+07:00' });
  });

  it('row 9: an outage that touches no complained service does not count', () => {
    const d = outcome(makeFacts({ outages: outages(outage({ services: ['VOICE'] })) }), makeAnswers({ affectedServices: ['DATA', 'SMS'] }));
    expect(d).toMatchObject({ outcome: 'NETWORK_REFRESH', row: 9, createsTicket: false, handoff: false });
    expect(d.evidence.outage).toBeNull();
  });

  it.each([
    ['unavailable', unavailable<never>()],
    ['a 404, which the contract does not define', notFound<never>()],
  ])('outage system %s → SYSTEM_UNAVAILABLE naming NETWORK', (_label, lookup) => {
    const d = outcome(makeFacts({ outages: lookup }));
    expect(d).toMatchObject({ outcome: 'SYSTEM_UNAVAILABLE', row: 'unavailable', createsTicket: true, handoff: true, ledgerPosted: true });
    expect(d.evidence.unavailableSystems).toEqual(['NETWORK']);
  });

  it('row 9 after a failed refresh → TICKET_BLOCKED with ticket and hand-off', () => {
    const refresh = outcome(checked());
    const failed = afterRefreshFailed(refresh);
    expect(failed).toMatchObject({ outcome: 'TICKET_BLOCKED', row: 9, createsTicket: true, handoff: true, route: 'BACKOFFICE' });
    expect(failed.evidence.refreshFailed).toBe(true);
    expect(refresh.evidence.refreshFailed).toBeUndefined();
    expect(() => afterRefreshFailed(outcome(makeFacts({ hlr: ok(hlr({ state: 'BARRED' })) })))).toThrow(/NETWORK_REFRESH/);
  });
});

describe('row 10: anything else → AGENT_REVIEW', () => {
  it.each(['TERMINATED', 'ACTIVE_COLLECTION_BLOCK_2', 'SUSPENDED_FRAUD_CHECK'])('%s', (status) => {
    const d = outcome(checked({ profile: ok(profile({ status })) }));
    expect(d).toMatchObject({ outcome: 'AGENT_REVIEW', row: 10, createsTicket: false, handoff: true });
    expect(d.evidence.dscStatus).toBe(status);
  });

  it('ACTIVE_COLLECTION_BLOCK_2 stays row 10 when blocked too', () => {
    expect(outcome(makeFacts({ profile: ok(profile({ status: 'ACTIVE_COLLECTION_BLOCK_2' })), hlr: ok(hlr({ state: 'BARRED' })) })).row).toBe(10);
  });
});
