/**
 * Forms customers use mid-conversation (issue: SOP-007 conversation review): corrections,
 * over-reading, off-topic questions, "tadi" about saying, short yes/no answers and regional
 * forms, the notification SMS. Each rule has its example and two variants.
 */
import { describe, expect, it } from 'vitest';
import { understand } from '../../src/nlu/understand.js';

const NOW = { now: new Date('2026-11-25T10:00:00+07:00') };
const u = (text: string) => understand(text, NOW);

describe('ordinary yes/no answers and regional forms', () => {
  it.each([
    'ud', 'udh', 'uda', 'sdh kok', 'oh udh dpt kok dr bca', 'notif udh masuk kok', 'udah dapet', 'iya udah', 'dah',
    // variants
    'udah kak', 'sdh dpt kok', 'udh dpt dari mandiri',
    // Javanese, Sundanese, Betawi
    'wis', 'uwis', 'wes', 'wis kok', 'tos', 'atos', 'tos kak', 'udeh', 'udeh dapet',
  ])('%j → YES', (text) => {
    expect(u(text).confirmation).toBe('YES');
  });

  it.each([
    'blm', 'belum dpt', 'ga ada notif', 'nggak ada sms apa2',
    // variants
    'blm kak', 'belum dapet sms nya', 'gak ada notifikasi',
    'durung', 'durung kok', 'acan', 'teu acan', 'teu acan kak', 'belon', 'kagak', 'kagak ada',
  ])('%j → NO', (text) => {
    expect(u(text).confirmation).toBe('NO');
  });
});

describe('intent stays in the contract', () => {
  it.each(['mau batal', 'ga jadi deh', 'skip aja', 'batal aja kak', 'gak jadi', 'skip'])('%j → CANCEL', (text) => {
    expect(u(text).intent).toBe('CANCEL');
  });
});
