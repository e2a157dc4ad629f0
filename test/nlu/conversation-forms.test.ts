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

describe('services: a corrected or working service is not listed', () => {
  it.each([
    ['eh bukan sms kak, yg mati internet. sy di depok', ['DATA']], ['bukan telpon kak, yg ga bisa sms', ['SMS']],
    ['eh bukan internet, tapi telpon yg mati', ['VOICE']],
    ['bukan sms, tapi data yg mati', ['DATA']], ['bukan wa, sms yg ga bisa', ['SMS']],
    ['yg masih jalan cuma sms', ['DATA', 'VOICE']], ['yg bisa cuma telpon', ['DATA', 'SMS']], ['yang masih normal cuma internet', ['SMS', 'VOICE']],
    ['selain internet semua normal', ['DATA']], ['selain sms semua lancar', ['SMS']], ['selain telpon semua bisa', ['VOICE']],
    ['semua bisa kecuali sms', ['SMS']], ['semua lancar kecuali internet', ['DATA']], ['semua mati kecuali sms', ['DATA', 'VOICE']],
    ['telpon masuk bisa, keluar ga bisa', ['VOICE']], ['sms masuk bisa, keluar ga bisa', ['SMS']], ['telpon keluar bisa, masuk ga bisa', ['VOICE']],
    ['kuota ada tapi ga connect', ['DATA']], ['wa ada tapi ga connect', ['DATA']], ['paket data ada tapi ga bisa connect', ['DATA']],
  ] as const)('%j → %j', (text, services) => {
    expect(u(text).services).toEqual(services);
  });
});

describe('services: "mati total" after a service is about that service', () => {
  it.each([
    ['internet mati total', ['DATA']], ['telpon mati total', ['VOICE']], ['sms mati total', ['SMS']],
    ['mati total', ['DATA', 'SMS', 'VOICE']], ['hp mati total', ['DATA', 'SMS', 'VOICE']], ['semua mati', ['DATA', 'SMS', 'VOICE']],
    ['semuanya mati', ['DATA', 'SMS', 'VOICE']], ['mati semua kak', ['DATA', 'SMS', 'VOICE']],
  ] as const)('%j → %j', (text, services) => {
    expect(u(text).services).toEqual(services);
  });
});

describe('services: a product/promo question or a question about the question is not a complaint', () => {
  it.each([
    'eh kak btw promo kuota bulan ini apa aja ya?', 'harga paket internet berapa?', 'promo telpon apa aja?',
    'maaf bisa diulang pertanyaannya? maksudnya sms dr siapa?', 'maksudnya sms yg mana?', 'sms dari siapa maksudnya?',
  ])('%j → null', (text) => {
    expect(u(text).services).toBeNull();
  });
});

describe('"tadi" about saying something is not the payment date', () => {
  it.each(['kan td udh sy bilang, BANDUNG COBLONG!!', 'td sy udh ngomong, depok', 'tadi sudah sy sebut, jakarta', 'tadi sudah saya jelasin kak'])('%j → null', (text) => {
    expect(u(text).paymentDate).toBeNull();
  });
  it.each(['td udh bayar', 'tadi siang bayar', 'td pagi transfer via bca', 'tadi saya bayar, udah saya bilang'])('%j → today', (text) => {
    expect(u(text).paymentDate).toBe('2026-11-25');
  });
});

describe('the notification SMS next to a receipt', () => {
  it.each(['sms sih blm ada, tp struk dr alfa ada', 'sms blm masuk sih, struk ada', 'notifnya blm ada, tp bukti transfer ada'])('%j → NO, no service', (text) => {
    const got = u(text);
    expect(got.confirmation).toBe('NO');
    expect(got.services).toBeNull();
  });
  it('a service that fails is still a complaint', () => {
    expect(u('sms ga bisa').services).toEqual(['SMS']);
    expect(u('sms belum bisa').services).toEqual(['SMS']);
  });
});

describe('a correction replaces the channel or date named before it', () => {
  it.each([
    ['lewat mandiri, eh maksudnya bni', 'BNI'], ['udah bayar kmrn lwt bca eh salah lwt bni', 'BNI'], ['pake gopay, ralat, ovo', 'OVO'],
  ] as const)('%j → %s', (text, provider) => {
    expect(u(text).paymentChannel?.provider).toBe(provider);
  });
  it.each([
    ['bayar tgl 12 ralat tgl 13', '2026-11-13'], ['bayar kemarin, eh maksudnya 2 hari lalu', '2026-11-23'], ['bayar wingi', '2026-11-24'], ['udh bayar kamari', '2026-11-24'],
  ] as const)('%j → %s', (text, date) => {
    expect(u(text).paymentDate).toBe(date);
  });
});
