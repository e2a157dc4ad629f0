import { describe, expect, it } from 'vitest';
import { findMobileNumbers } from '../../src/nlu/phone.js';
import { understand } from '../../src/nlu/understand.js';

const msisdn = (text: string) => understand(text).msisdn;

describe('Indonesian mobile numbers in free text', () => {
  it.each([
    '081234567890', '0812-3456-7890', '0812 3456 7890', '0812.3456.7890', '+6281234567890', '+62 812-3456-7890',
    '+62 812 3456 7890', '62 812 3456 7890', '6281234567890', '(0812) 3456 7890', '+62 (812) 3456-7890', '0812 34 56 78 90',
    'nomor saya 0812-3456-7890 kak', 'hp:081234567890', 'no hp 0812 3456 7890, udah bayar kemarin',
  ])('%s → 6281234567890', (text) => expect(msisdn(text)).toBe('6281234567890'));

  it('accepts every national length from 10 to 13 digits', () => {
    expect(msisdn('0812345678')).toBe('62812345678');
    expect(msisdn('08123456789')).toBe('628123456789');
    expect(msisdn('081234567890')).toBe('6281234567890');
    expect(msisdn('0812345678901')).toBe('62812345678901');
  });

  it('accepts other operators\' mobile prefixes', () => {
    expect(msisdn('0857 1234 5678')).toBe('6285712345678');
    expect(msisdn('0878-1234-5678')).toBe('6287812345678');
    expect(msisdn('0896 1234 5678')).toBe('6289612345678');
  });

  it.each([
    ['a Jakarta fixed line', '021-5551234'],
    ['a fixed line in brackets', '(021) 555 1234'],
    ['a Surabaya fixed line', '031-8765432'],
    ['a fixed line with the country code', '+62 21 5551234'],
    ['a toll-free number', '0800 1234 567'],
    ['too short', '0812345'],
    ['too short (9 digits)', '081234567'],
    ['too long', '08123456789012345'],
    ['a number glued inside a longer one', 'kode va 8808081234567890'],
    ['a bare 8… without 0 or 62', '81234567890'],
  ])('rejects %s', (_what, text) => expect(msisdn(text)).toBeNull());

  it('does not swallow a following small number', () => {
    expect(msisdn('0812 3456 7890 5 hari')).toBe('6281234567890');
  });

  it('takes the first mobile number and skips fixed lines before it', () => {
    expect(msisdn('no telp 021 7654321, hp 0813 9999 0000')).toBe('6281399990000');
    expect(msisdn('hp 0812 3456 7890 / 0813 1111 2222')).toBe('6281234567890');
    expect(findMobileNumbers('0812 3456 7890 / 0813 1111 2222').map((m) => m.msisdn)).toEqual(['6281234567890', '6281311112222']);
  });

  it('leaves the number\'s digits out of the other slots', () => {
    const u = understand('0812-3456-7890', { now: new Date('2026-11-25T10:00:00+07:00') });
    expect(u).toEqual({ msisdn: '6281234567890', paymentDate: null, paymentChannel: null, services: null, confirmation: null, intent: null });
  });
});
