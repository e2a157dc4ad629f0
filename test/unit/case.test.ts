import { describe, expect, it } from 'vitest';
import { absorb, newCase, nextDiagnosisSlot, type CaseState } from '../../src/conversation/case.js';
import type { Understanding } from '../../src/nlu/understand.js';

const nothing: Understanding = { msisdn: null, paymentDate: null, paymentChannel: null, services: null, confirmation: null, intent: null };
const u = (found: Partial<Understanding>): Understanding => ({ ...nothing, ...found });

describe('absorb: what one message adds to the case', () => {
  it('takes every slot a message carries, whatever was asked', () => {
    const { state, absorbed } = absorb(newCase(), u({ paymentDate: '2026-11-24', paymentChannel: { provider: 'BCA', method: null }, services: ['VOICE', 'DATA'] }), { asking: 'msisdn', text: 'x' });
    expect(state).toMatchObject({ paymentDate: '2026-11-24', paymentChannel: { provider: 'BCA' }, affectedServices: ['DATA', 'VOICE'] });
    expect(absorbed.filled).toEqual(['paymentDate', 'paymentChannel', 'affectedServices']);
    expect(nextDiagnosisSlot(state)).toBe('msisdn');
  });

  it('reports a changed answer as a correction', () => {
    const before: CaseState = { ...newCase(), paymentDate: '2026-11-20' };
    const { state, absorbed } = absorb(before, u({ paymentDate: '2026-11-21', confirmation: 'NO' }), { asking: 'notificationReceived', text: 'eh bukan, tgl 21', corrects: ['paymentDate'] });
    expect(state.paymentDate).toBe('2026-11-21');
    expect(absorbed.corrected).toEqual(['paymentDate']);
    // "bukan" corrected the date; it is not the answer to the yes/no question.
    expect(state.notificationReceived).toBeUndefined();
  });

  it('merges a method into a channel named before', () => {
    const before: CaseState = { ...newCase(), paymentChannel: { provider: 'BCA', method: null } };
    expect(absorb(before, u({ paymentChannel: { provider: null, method: 'ATM' } }), { asking: null, text: 'atm' }).state.paymentChannel).toEqual({ provider: 'BCA', method: 'ATM' });
  });

  it('takes yes/no only for the question that asked it', () => {
    expect(absorb(newCase(), u({ confirmation: 'YES' }), { asking: 'paymentDate', text: 'iya' }).state.notificationReceived).toBeUndefined();
    expect(absorb(newCase(), u({ confirmation: 'YES' }), { asking: 'notificationReceived', text: 'iya' }).state.notificationReceived).toBe(true);
    expect(absorb(newCase(), u({ confirmation: 'NO' }), { asking: 'refreshWorked', text: 'belum' }).state.refreshWorked).toBe(false);
  });

  it('reads a number as the other contact when that is the question, and "tidak ada" as none', () => {
    const known: CaseState = { ...newCase(), msisdn: '6281100000007' };
    const other = absorb(known, u({ msisdn: '6281311112222' }), { asking: 'alternateContact', text: '0813 1111 2222' }).state;
    expect(other).toMatchObject({ msisdn: '6281100000007', alternateContact: '6281311112222' });
    expect(absorb(known, u({ confirmation: 'NO' }), { asking: 'alternateContact', text: 'tidak ada' }).state.alternateContact).toBeNull();
  });

  it('never overrides the number the E-Care portal vouched for', () => {
    const ecare = newCase({ msisdn: '6281100000008', accountName: 'sari' });
    expect(absorb(ecare, u({ msisdn: '6281234567890' }), { asking: null, text: '0812 3456 7890' }).state.msisdn).toBe('6281100000008');
  });

  it('takes a place as the location, but not a yes/no, a number or an empty line', () => {
    expect(absorb(newCase(), nothing, { asking: 'location', text: '  Kota  Bandung ' }).state.location).toBe('Kota Bandung');
    expect(absorb(newCase(), u({ confirmation: 'YES' }), { asking: 'location', text: 'iya' }).state.location).toBeUndefined();
    expect(absorb(newCase(), u({ msisdn: '6281234567890' }), { asking: 'location', text: '081234567890' }).state.location).toBeUndefined();
    expect(absorb(newCase(), nothing, { asking: 'location', text: '???' }).state.location).toBeUndefined();
    expect(absorb(newCase(), u({ intent: 'HELP' }), { asking: 'location', text: 'bingung' }).state.location).toBeUndefined();
  });

  it('an answer to one question does not rewrite another slot without a clear correction', () => {
    const before: CaseState = { ...newCase(), affectedServices: ['VOICE'], paymentChannel: { provider: 'ALFAMART', method: 'CASH' } };
    // "sms sih blm ada, tp struk dr alfa ada", to the notification question.
    const { state, absorbed } = absorb(before, u({ services: ['SMS'], confirmation: 'NO' }), { asking: 'notificationReceived', text: 'sms sih blm ada, tp struk dr alfa ada', proofOfPayment: true });
    expect(state.affectedServices).toEqual(['VOICE']);
    expect(absorbed.corrected).toEqual([]);
    // SOP Notes 7: the receipt is the confirmation.
    expect(state).toMatchObject({ notificationReceived: true, proofOfPayment: true });
    // "eh bukan sms kak, yg mati internet": a correction of that slot, whatever was asked.
    const fixed = absorb({ ...newCase(), affectedServices: ['SMS'] }, u({ services: ['DATA'] }), { asking: 'location', text: 'eh bukan sms kak, yg mati internet. sy di depok', corrects: ['affectedServices'], location: 'Depok' });
    expect(fixed.state).toMatchObject({ affectedServices: ['DATA'], location: 'Depok' });
    expect(fixed.absorbed.corrected).toEqual(['affectedServices']);
  });

  it('takes a place named in passing, and the cleaned place to the location question', () => {
    expect(absorb(newCase(), nothing, { asking: 'paymentDate', text: 'sy di depok', location: 'Depok' }).state.location).toBe('Depok');
    expect(absorb(newCase(), nothing, { asking: 'location', text: 'kan td udh sy bilang, BANDUNG COBLONG!!', location: 'Bandung Coblong' }).state.location).toBe('Bandung Coblong');
    expect(absorb(newCase(), nothing, { asking: 'location', text: 'knp sih hrs nanya lokasi segala?', location: null }).state.location).toBeUndefined();
  });
});
