/** The pure rules of how a conversation ended, and when one counts as abandoned. */
import { describe, expect, it } from 'vitest';
import { newCase, type CaseState } from '../../src/conversation/case.js';
import { endingOfTurn } from '../../src/conversation/ending.js';
import { isAbandoned } from '../../src/services/abandonment.js';

const open: CaseState = { ...newCase(), msisdn: '6281100000007', asking: 'paymentDate' };
const none = { cancelled: false };

describe('endingOfTurn', () => {
  it('an outcome the bot finishes alone is contained', () => {
    expect(endingOfTurn(open, { ...open, outcome: 'CONFIRM_WITH_PAYMENT_CHANNEL' }, none)).toBe('contained');
    expect(endingOfTurn(open, { ...open, outcome: 'OUTAGE_INFO' }, none)).toBe('contained');
  });

  it('an outcome that hands off ends with the hand-off, not before', () => {
    const decided: CaseState = { ...open, outcome: 'TICKET_BLOCKED', asking: 'location' };
    expect(endingOfTurn(open, decided, none)).toBeNull();
    expect(endingOfTurn(decided, { ...decided, handedOff: true }, none)).toBe('escalated');
  });

  it('network refresh is contained only once the customer says it helped', () => {
    const advised: CaseState = { ...open, outcome: 'NETWORK_REFRESH' };
    expect(endingOfTurn(open, advised, none)).toBeNull();
    expect(endingOfTurn(advised, { ...advised, refreshWorked: true }, none)).toBe('contained');
  });

  it('"agen" at any step is escalated; "batal" is cancelled', () => {
    expect(endingOfTurn(open, { ...open, handedOff: true }, none)).toBe('escalated');
    expect(endingOfTurn(open, newCase(), { cancelled: true })).toBe('cancelled');
  });

  it('an ending is counted once', () => {
    const ended: CaseState = { ...open, outcome: 'OUTAGE_INFO', ending: 'contained' };
    expect(endingOfTurn(ended, ended, none)).toBeNull();
    expect(endingOfTurn(ended, newCase(), { cancelled: true })).toBeNull();
    expect(endingOfTurn(ended, { ...ended, handedOff: true }, none)).toBeNull();
  });
});

describe('isAbandoned', () => {
  const minutes30 = 30 * 60_000;
  it('a case waiting for an answer, idle for the limit', () => {
    expect(isAbandoned({ asking: 'paymentDate' }, 0, minutes30, minutes30)).toBe(true);
    expect(isAbandoned({ asking: 'paymentDate' }, 1, minutes30, minutes30)).toBe(false);
  });
  it('not when the ending is decided, handed off, nothing is asked, or the age is unknown', () => {
    expect(isAbandoned({ asking: 'location', ending: 'contained' }, 0, minutes30, minutes30)).toBe(false);
    expect(isAbandoned({ asking: 'location', handedOff: true }, 0, minutes30, minutes30)).toBe(false);
    expect(isAbandoned({}, 0, minutes30, minutes30)).toBe(false);
    expect(isAbandoned(undefined, 0, minutes30, minutes30)).toBe(false);
    expect(isAbandoned({ asking: 'msisdn' }, undefined, minutes30, minutes30)).toBe(false);
  });
});
