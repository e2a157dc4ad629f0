/** Words with two readings, resolved on purpose (see src/nlu/lexicons/README.md). */
import { describe, expect, it } from 'vitest';
import { understand } from '../../src/nlu/understand.js';

const NOW = new Date('2026-11-25T10:00:00+07:00');
const u = (text: string) => understand(text, { now: NOW });

describe('"dana": the wallet only when it is how the customer paid', () => {
  it.each(['dana', 'dana kak', 'lewat dana', 'pake dana', 'via dana', 'aplikasi dana', 'bayar di dana', 'pakai saldo dana'])('%s → DANA', (text) => {
    expect(u(text).paymentChannel).toEqual({ provider: 'DANA', method: null });
  });
  it.each(['dana sudah terpotong', 'dananya sudah terpotong tapi belum aktif', 'dana saya sudah kepotong 150rb', 'dana nya udah keluar'])('%s → no channel', (text) => {
    expect(u(text).paymentChannel).toBeNull();
  });
});

describe('other words that are channels only in a payment context', () => {
  it('"jago", "pos", "cc"', () => {
    expect(u('lewat jago').paymentChannel).toEqual({ provider: 'JAGO', method: null });
    expect(u('dia jago banget').paymentChannel).toBeNull();
    expect(u('pake cc').paymentChannel).toEqual({ provider: null, method: 'CREDIT_CARD' });
    expect(u('kode pos saya 12345').paymentChannel).toBeNull();
    expect(u('bayar di pos').paymentChannel).toEqual({ provider: 'POS_INDONESIA', method: 'CASH' });
  });
  it('"mandiri" as "by oneself" is not the bank', () => {
    expect(u('sudah saya refresh secara mandiri').paymentChannel).toBeNull();
  });
  it('a channel the customer did not use', () => {
    expect(u('gak jadi bayar lewat bca, pake ovo aja').paymentChannel).toEqual({ provider: 'OVO', method: null });
    expect(u('bukan lewat bca').paymentChannel).toBeNull();
  });
});

describe('"internet": a service, except in "internet banking"', () => {
  it('internet banking is a method and not DATA', () => {
    expect(u('internet banking bca')).toMatchObject({ paymentChannel: { provider: 'BCA', method: 'INTERNET_BANKING' }, services: null });
  });
  it('both in one message', () => {
    expect(u('bayar lewat internet banking, internet ga bisa')).toMatchObject({
      paymentChannel: { provider: null, method: 'INTERNET_BANKING' }, services: ['DATA'],
    });
  });
  it('channel names with bundled methods', () => {
    expect(u('livin').paymentChannel).toEqual({ provider: 'MANDIRI', method: 'MOBILE_BANKING' });
    expect(u('brimo').paymentChannel).toEqual({ provider: 'BRI', method: 'MOBILE_BANKING' });
    expect(u('klik bca').paymentChannel).toEqual({ provider: 'BCA', method: 'INTERNET_BANKING' });
    expect(u('atm bca').paymentChannel).toEqual({ provider: 'BCA', method: 'ATM' });
    expect(u('va bni').paymentChannel).toEqual({ provider: 'BNI', method: 'VIRTUAL_ACCOUNT' });
    expect(u('indomart').paymentChannel).toEqual({ provider: 'INDOMARET', method: 'CASH' });
    expect(u('aplikasi bri').paymentChannel).toEqual({ provider: 'BRI', method: 'MOBILE_BANKING' });
  });
});

describe('"sms": the service, or the payment notification', () => {
  it('notification', () => {
    expect(u('sudah dapat sms dari bank')).toMatchObject({ services: null, confirmation: 'YES' });
    expect(u('belum dapat sms konfirmasi')).toMatchObject({ services: null, confirmation: 'NO' });
    expect(u('smsnya belum masuk')).toMatchObject({ services: null, confirmation: 'NO' });
    expect(u('ga ada sms masuk')).toMatchObject({ services: null, confirmation: 'NO' });
  });
  it('service', () => {
    expect(u('sms ga bisa')).toMatchObject({ services: ['SMS'], confirmation: null });
    expect(u('ga bisa terima sms')).toMatchObject({ services: ['SMS'] });
    expect(u('sms bisa masuk tapi ga bisa ngirim')).toMatchObject({ services: ['SMS'] });
  });
});

describe('services that work are not complaints', () => {
  it.each([
    ['telpon bisa, sms bisa, internet yg ga bisa', ['DATA']],
    ['yang ga bisa telpon sama internet, sms aman', ['DATA', 'VOICE']],
    ['cuma sms yg bisa', ['DATA', 'VOICE']],
    ['internet sudah bisa, telpon belum', ['VOICE']],
    ['wa, ig, youtube ga bisa semua', ['DATA']],
    ['semua ga bisa', ['DATA', 'SMS', 'VOICE']],
    ['ga bisa apa2', ['DATA', 'SMS', 'VOICE']],
    ['internet sudah normal', null],
  ])('%s → %j', (text, expected) => expect(u(text).services).toEqual(expected));
});

describe('yes/no: an answer, or part of a statement', () => {
  it.each([
    ['udah', 'YES'], ['sudah kok', 'YES'], ['iya', 'YES'], ['ya sudah dapat sms', 'YES'], ['sudah dapat notif', 'YES'],
    ['belum', 'NO'], ['belummm', 'NO'], ['gak ada', 'NO'], ['ngga ada', 'NO'], ['tidak ada', 'NO'], ['belum dapat notif', 'NO'],
    ['iya belum', 'NO'], ['masih belum bisa', 'NO'], ['ga usah', 'NO'],
  ])('%s → %s', (text, expected) => expect(u(text).confirmation).toBe(expected));

  it.each([
    'udh bayar kmrn lwt bca', 'internet blm bs', 'saya sudah bayar', 'ga tau', 'lupa', 'ga bisa internet', 'gak jadi', 'ga ngerti',
    'tolong dicek ya', 'nomor saya diblokir',
  ])('%s → no answer', (text) => expect(u(text).confirmation).toBeNull());
});

describe('intents', () => {
  it('"cs" asked for vs. mentioned', () => {
    expect(u('mau ngomong sm cs aja').intent).toBe('AGENT');
    expect(u('cs').intent).toBe('AGENT');
    expect(u('kata cs harus tunggu 1x24 jam').intent).toBeNull();
    expect(u('ga usah ke cs').intent).toBeNull();
  });
  it('restart vs. restarting the phone, topping up and birthdays', () => {
    expect(u('ulang').intent).toBe('RESTART');
    expect(u('mulai dari awal aja').intent).toBe('RESTART');
    expect(u('udah restart hp tapi tetap ga bisa').intent).toBeNull();
    expect(u('isi ulang pulsa bisa tapi internet ga bisa').intent).toBeNull();
    expect(u('ulang tahun anak saya').intent).toBeNull();
  });
  it('"ulangi pertanyaannya" asks to hear the question again: HELP', () => {
    expect(u('ulangi pertanyaannya').intent).toBe('HELP');
  });
  it('help asked for vs. a polite opening', () => {
    expect(u('bantuan').intent).toBe('HELP');
    expect(u('mohon bantuannya kak').intent).toBe('HELP');
    expect(u('mohon bantuannya kak, nomor saya diblokir padahal sudah bayar kemarin').intent).toBeNull();
  });
  it('cancel vs. a cancelled transaction', () => {
    expect(u('batal').intent).toBe('CANCEL');
    expect(u('gak jadi').intent).toBe('CANCEL');
    expect(u('transaksi batal').intent).toBeNull();
  });
  it('an agent wins over the rest', () => {
    expect(u('bot nya ga ngerti, mau cs aja').intent).toBe('AGENT');
  });
});
