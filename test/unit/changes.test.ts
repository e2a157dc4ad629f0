import { describe, expect, it } from 'vitest';
import { newCase, type CaseState } from '../../src/conversation/case.js';
import {
  answered, asking, countFailure, dropFacts, gaveUpOn, hasGivenUp, markHandedOff, MAX_TRIES, mayRetryNumber, nextCase,
  noAlternateContact, readyForDiagnosis, mustDecideAgain, forDiagnosisAgain, readyForTicket, restart, retryNumber, ticketCreated, ticketQueued, verifiedByEcare,
} from '../../src/conversation/changes.js';
import type { Facts } from '../../src/domain/types.js';

const facts = { profile: { status: 'unavailable', reason: 'x' } } as unknown as Facts;
const full: CaseState = {
  ...newCase(),
  msisdn: '6281100000007',
  paymentDate: '2026-11-24',
  paymentChannel: { provider: 'BCA', method: 'MOBILE_BANKING' },
  affectedServices: ['DATA'],
  notificationReceived: true,
  facts,
};

describe('case changes', () => {
  it('three unusable answers to a question, then the customer has given up on it', () => {
    let state = asking(newCase(), 'paymentDate');
    for (let i = 1; i < MAX_TRIES; i++) state = countFailure(state, 'paymentDate');
    expect(hasGivenUp(state, 'paymentDate')).toBe(false);
    state = countFailure(state, 'paymentDate');
    expect(gaveUpOn(state, 'paymentDate')).toBe(true);
    expect(gaveUpOn({ ...state, paymentDate: '2026-11-24' }, 'paymentDate')).toBe(false);
    expect(answered(state).asking).toBeUndefined();
    expect(answered(state).failures).toEqual({ paymentDate: 3 });
  });

  it('readyForDiagnosis gives the fields the diagnosis needs, or null while one is missing', () => {
    expect(readyForDiagnosis(full)).toEqual({
      msisdn: '6281100000007', paymentDate: '2026-11-24', paymentChannel: { provider: 'BCA', method: 'MOBILE_BANKING' },
      affectedServices: ['DATA'], notificationReceived: true, location: null,
    });
    const { notificationReceived: _n, ...without } = full;
    expect(readyForDiagnosis(without)).toBeNull();
    expect(readyForDiagnosis({ ...full, notificationReceived: false })?.notificationReceived).toBe(false);
  });

  it('readyForTicket needs the location too; no other number is null, not missing', () => {
    expect(readyForTicket(full)).toBeNull();
    expect(readyForTicket({ ...full, location: 'Depok' })).toMatchObject({ location: 'Depok', alternateContact: null, networkRefreshTried: false });
    expect(noAlternateContact(full).alternateContact).toBeNull();
    expect(noAlternateContact({ ...full, alternateContact: '6281311112222' }).alternateContact).toBe('6281311112222');
  });

  it('a hand-off keeps the answers, drops the facts and the waiting question', () => {
    const after = markHandedOff(asking(full, 'location'));
    expect(after).toMatchObject({ handedOff: true, msisdn: full.msisdn, paymentDate: full.paymentDate });
    expect('facts' in after || 'asking' in after).toBe(false);
    expect('facts' in dropFacts(full)).toBe(false);
  });

  it('an unknown number is asked once more, keeping the other answers', () => {
    expect(mayRetryNumber(full)).toBe(true);
    const retried = retryNumber({ ...full, outcome: 'AGENT_REVIEW' });
    expect(retried.msisdn).toBeUndefined();
    expect(retried.outcome).toBeUndefined();
    expect(retried.facts).toBeUndefined();
    expect(retried.paymentDate).toBe(full.paymentDate);
    expect(mayRetryNumber({ ...retried, msisdn: '6281100000008' })).toBe(false);
    const ecare = verifiedByEcare(newCase(), { msisdn: '6281100000008', accountName: 'sari' });
    expect(ecare.msisdn).toBe('6281100000008');
    expect(mayRetryNumber(ecare)).toBe(false);
  });

  it('"batal" and a new case keep the number; "ulang" keeps only the E-Care identity', () => {
    expect(nextCase(full)).toEqual({ failures: {}, msisdn: full.msisdn });
    expect(restart(full)).toEqual({ failures: {} });
    const ecare = verifiedByEcare(full, { msisdn: '6281100000008', accountName: 'sari' });
    expect(restart(ecare)).toEqual({ failures: {}, ecare: { msisdn: '6281100000008', accountName: 'sari' }, msisdn: '6281100000008' });
  });

  it('a queued ticket, then the created one', () => {
    const queued = ticketQueued(full);
    expect(queued.ticketPending).toBe(true);
    expect(ticketCreated(queued, { ticketId: 'TCK-1', status: 'OPEN' })).toMatchObject({ ticket: { ticketId: 'TCK-1', status: 'OPEN' }, ticketPending: false });
  });

  it('a corrected decision input before anything went out means deciding again; the answers stay', () => {
    const decided = { ...full, decision: { kind: 'needs', need: 'location', row: 8 } as unknown as CaseState['decision'], outcome: 'TICKET_BLOCKED' as const };
    expect(mustDecideAgain(decided, ['affectedServices'])).toBe(true);
    expect(mustDecideAgain(decided, ['paymentChannel'])).toBe(false);
    expect(mustDecideAgain(full, ['paymentDate'])).toBe(false);
    expect(mustDecideAgain({ ...decided, ticketPending: true }, ['paymentDate'])).toBe(false);
    const again = forDiagnosisAgain(decided);
    expect(again.decision ?? again.outcome ?? again.facts).toBeUndefined();
    expect(readyForDiagnosis(again)).not.toBeNull();
  });
});
