import { describe, expect, it } from 'vitest';
import { absorb, newCase, nextDiagnosisSlot, type CaseState } from '../../src/conversation/case.js';
import type { Understanding } from '../../src/nlu/understand.js';

const nothing: Understanding = { msisdn: null, paymentDate: null, paymentChannel: null, services: null, confirmation: null, intent: null };
const u = (found: Partial<Understanding>): Understanding => ({ ...nothing, ...found });

describe('absorb: what one message adds to the case', () => {
  it('takes every slot a message carries, whatever was asked', () => {
    const { state, absorbed } = absorb(newCase(), u({ paymentDate: '2026-11-24', paymentChannel: { provider: 'BCA', method: null }, services: ['VOICE', 'DATA'] }), 'msisdn', 'x');
    expect(state).toMatchObject({ paymentDate: '2026-11-24', paymentChannel: { provider: 'BCA' }, affectedServices: ['DATA', 'VOICE'] });
    expect(absorbed.filled).toEqual(['paymentDate', 'paymentChannel', 'affectedServices']);
    expect(nextDiagnosisSlot(state)).toBe('msisdn');
  });

  it('reports a changed answer as a correction', () => {
    const before: CaseState = { ...newCase(), paymentDate: '2026-11-20' };
    const { state, absorbed } = absorb(before, u({ paymentDate: '2026-11-21', confirmation: 'NO' }), 'notificationReceived', 'eh bukan, tgl 21');
    expect(state.paymentDate).toBe('2026-11-21');
    expect(absorbed.corrected).toEqual(['paymentDate']);
    // "bukan" corrected the date; it is not the answer to the yes/no question.
    expect(state.notificationReceived).toBeUndefined();
  });

  it('merges a method into a channel named before', () => {
    const before: CaseState = { ...newCase(), paymentChannel: { provider: 'BCA', method: null } };
    expect(absorb(before, u({ paymentChannel: { provider: null, method: 'ATM' } }), null, 'atm').state.paymentChannel).toEqual({ provider: 'BCA', method: 'ATM' });
  });

  it('takes yes/no only for the question that asked it', () => {
    expect(absorb(newCase(), u({ confirmation: 'YES' }), 'paymentDate', 'iya').state.notificationReceived).toBeUndefined();
    expect(absorb(newCase(), u({ confirmation: 'YES' }), 'notificationReceived', 'iya').state.notificationReceived).toBe(true);
    expect(absorb(newCase(), u({ confirmation: 'NO' }), 'refreshWorked', 'belum').state.refreshWorked).toBe(false);
  });

  it('reads a number as the other contact when that is the question, and "tidak ada" as none', () => {
    const known: CaseState = { ...newCase(), msisdn: '6281100000007' };
    const other = absorb(known, u({ msisdn: '6281311112222' }), 'alternateContact', '0813 1111 2222').state;
    expect(other).toMatchObject({ msisdn: '6281100000007', alternateContact: '6281311112222' });
    expect(absorb(known, u({ confirmation: 'NO' }), 'alternateContact', 'tidak ada').state.alternateContact).toBeNull();
  });

  it('never overrides the number the E-Care portal vouched for', () => {
    const ecare = newCase({ msisdn: '6281100000008', accountName: 'sari' });
    expect(absorb(ecare, u({ msisdn: '6281234567890' }), null, '0812 3456 7890').state.msisdn).toBe('6281100000008');
  });

  it('takes a place as the location, but not a yes/no, a number or an empty line', () => {
    expect(absorb(newCase(), nothing, 'location', '  Kota  Bandung ').state.location).toBe('Kota Bandung');
    expect(absorb(newCase(), u({ confirmation: 'YES' }), 'location', 'iya').state.location).toBeUndefined();
    expect(absorb(newCase(), u({ msisdn: '6281234567890' }), 'location', '081234567890').state.location).toBeUndefined();
    expect(absorb(newCase(), nothing, 'location', '???').state.location).toBeUndefined();
    expect(absorb(newCase(), u({ intent: 'HELP' }), 'location', 'bingung').state.location).toBeUndefined();
  });
});
