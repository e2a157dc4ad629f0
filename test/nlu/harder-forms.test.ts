/**
 * Sibling phrasings of the fresh sets' harder forms (docs/understand.md, "Harder forms"): each
 * family a rule was written for, in several wordings a customer would use, so that a rule
 * holds beyond the sentence that prompted it. The fresh sets themselves stay untouched.
 */
import { describe, expect, it } from 'vitest';
import { u, D, S, V, ch, check, type Case } from './forms.js';

describe('only one service works: the others fail', () => {
  it.each<Case>([
    ['yang masih hidup cuma sms', { services: [D, V] }],
    ['yg masih nyala cuma sms', { services: [D, V] }],
    ['yang idup cuma telpon doang', { services: [D, S] }],
    ['cuma sms yg masih hidup kak', { services: [D, V] }],
    ['yg bisa dipake cuma wa', { services: [S, V] }],
    ['semua mati, cuma sms yg bisa', { services: [D, V] }],
    ['semua ga bisa, cuma telpon yg bisa', { services: [D, S] }],
  ])('%s', (...c) => check(c));
});

describe('"selain/kecuali X semua mati": all but X', () => {
  it.each<Case>([
    ['selain sms semua mati', { services: [D, V] }],
    ['selain telpon semuanya mati', { services: [D, S] }],
    ['kecuali sms semua ga bisa', { services: [D, V] }],
    ['semua mati selain internet', { services: [S, V] }],
    ['ga ada yg jalan selain sms', { services: [D, V] }],
    ['tgl 19 ralat tgl 20, lewat va bri, selain sms semua mati', { paymentDate: '2026-11-20', services: [D, V] }],
    // "semua normal" after the exception still means X is the one that fails.
    ['selain wa semua lancar', { services: [D] }],
    ['selain nelpon gak ada yang bisa', { services: [D, S] }],
    // "yang lain", "sisanya": the services not said to work or excepted, when a problem follows.
    ['kecuali telpon, yang lain mati', { services: [D, S] }],
    ['sms bisa, yg lain ga', { services: [D, V] }],
    ['yg lain aman, cuma wa yg ga bisa', { services: [D] }],
    ['nomor yang lain ga ada', { services: null }],
    ['telpon sm internet bisa, kecuali sms', { services: [S] }],
  ])('%s', (...c) => check(c));
});

describe('a service said to work beside one singled out by "cuma"', () => {
  it.each<Case>([
    ['sms aman cuma internet mati', { services: [D] }],
    ['telpon aman, cuma internet yg mati', { services: [D] }],
    ['sms lancar cuma internet ga bisa', { services: [D] }],
    ['sms masuk tp telpon ga bisa', { services: [V] }],
    ['sms masuk tp ga bisa bales', { services: [S] }],
    // "juga" after a service: as the one before it.
    ['internetan lancar, nelpon juga, cuma sms yg error', { services: [S] }],
    ['internet mati, telpon juga', { services: [D, V] }],
    ['ga ada masalah sama telpon, internet yg ga bisa', { services: [D] }],
  ])('%s', (...c) => check(c));
});

describe('the phone cannot be used at all, nothing works', () => {
  it.each<Case>([
    ['hp ga bisa dipake sama sekali', { services: [D, S, V] }],
    ['hp sama sekali ga bisa dipake', { services: [D, S, V] }],
    ['hape sy ga bisa dipake apa2', { services: [D, S, V] }],
    ['ga ada yang jalan sama sekali', { services: [D, S, V] }],
    ['ga ada yg jalan kak, semua mati', { services: [D, S, V], confirmation: null }],
  ])('%s', (...c) => check(c));
});

describe('"sms" missing is the awaited notification; one that does not come in is the service', () => {
  it.each<Case>([
    ['pulsa kepotong tp sms ga ada', { services: null, confirmation: 'NO' }],
    ['udah bayar tp sms nya ga ada', { services: null, confirmation: 'NO' }],
    ['smsnya ga ada sampe sekarang', { services: null, confirmation: 'NO' }],
    ['udah dapet email tp sms blm', { services: null, confirmation: 'YES' }],
    ['smsnye kagak masuk', { services: [S], confirmation: null }],
    ['smsnya ga masuk2', { services: [S] }],
    ['smse durung mlebu', { services: null, confirmation: 'NO' }],
    // An answer first makes it the notification question's answer.
    ['blm kak, smsnya ga masuk', { services: null, confirmation: 'NO' }],
  ])('%s', (...c) => check(c));
});

describe('a channel that failed, or was only the plan, gives way to the one used', () => {
  it.each<Case>([
    ['mau bayar pake bca tp error, jadinya pake bni', { paymentChannel: ch('BNI') }],
    ['saldo dana sy kurang makanya pake ovo', { paymentChannel: ch('OVO') }],
    ['rekening mandiri kosong, pinjem atm bni temen', { paymentChannel: ch('BNI', 'ATM') }],
    ['gopay error jadi bayar pake ovo', { paymentChannel: ch('OVO') }],
    ['livin gagal terus, akhirnya lwt brimo', { paymentChannel: ch('BRI', 'MOBILE_BANKING') }],
    ['saldo gopay ga cukup jadi pake shopeepay', { paymentChannel: ch('SHOPEEPAY') }],
    ['coba pake shopeepay ditolak, terus pake gopay', { paymentChannel: ch('GOPAY') }],
    ['atm bri rusak, terus ke atm mandiri', { paymentChannel: ch('MANDIRI', 'ATM') }],
    ['mau lewat indomaret tp tutup, jadinya ke alfamart', { paymentChannel: ch('ALFAMART', 'CASH') }],
    ['tadinya mau pake bca, tp pake bni', { paymentChannel: ch('BNI') }],
    // The half the new channel leaves open keeps the old one's provider.
    ['livin error, jadinya pake atm', { paymentChannel: ch('MANDIRI', 'ATM') }],
    // The channel paid with first, the failed one after it: the first stays.
    ['bayar pake bni, soalnya bca lagi error', { paymentChannel: ch('BNI') }],
    // A failure of a service is no failure of the channel.
    ['udah bayar lewat bca tp internet masih gangguan', { paymentChannel: ch('BCA'), services: [D] }],
    ['bayar pake ovo, tp notif malah dr dana', { paymentChannel: ch('OVO') }],
  ])('%s', (...c) => check(c));
});

describe('"sudah" of a payment verb is no receipt; "no" before a reference label is "nomor"', () => {
  it.each<Case>([
    ['invoice INV-2026-1123 sdh dibayar via va bca', { confirmation: null, paymentChannel: ch('BCA', 'VIRTUAL_ACCOUNT') }],
    ['invoice 1234 udah lunas via ovo', { confirmation: null, paymentChannel: ch('OVO') }],
    ['no ref 0812555566 bayar tgl 21', { confirmation: null, msisdn: null, paymentDate: '2026-11-21' }],
    ['no resi 082155443322 udh bayar lewat pos', { confirmation: null, msisdn: null }],
    ['no transaksi TRX123 bayar kmrn', { confirmation: null, paymentDate: '2026-11-24' }],
  ])('%s', (...c) => check(c));
});

describe('a state before a service clause, or "nothing works", is no answer', () => {
  it.each<Case>([
    ['teu acan aktif, internet teu tiasa', { confirmation: null, services: [D] }],
    ['belum bisa kak', { confirmation: 'NO' }],
    ['udah saya restart berkali2 tetep ga bisa', { confirmation: 'YES' }],
    ['sudah kak, sudah saya restart juga', { confirmation: 'YES', intent: null }],
  ])('%s', (...c) => check(c));
});

describe('the date of a payment that did not happen, or of a receipt, is not the payment', () => {
  it.each<Case>([
    ['kemarin sempet batal bayar, trs bayar lagi', { paymentDate: null }],
    ['kemarin ga jadi bayar, hari ini baru bayar', { paymentDate: '2026-11-25' }],
    ['kemarin gagal bayar, hari ini baru berhasil bayar', { paymentDate: '2026-11-25' }],
    ['smsnya ada, udah masuk tadi', { paymentDate: null, confirmation: 'YES' }],
    ['bayar kemarin, sms udah masuk tadi', { paymentDate: '2026-11-24', confirmation: 'YES' }],
    // "yg tadi" is what was said before, not today.
    ['maaf nomor yg tadi salah, ini yang benar 081100000007', { paymentDate: null, msisdn: '6281100000007' }],
  ])('%s', (...c) => check(c));
});

describe('corrections', () => {
  it.each<Case>([
    // A bare number after a correction replaces the number of the date before it.
    ['tgl 18 ralat 19, via ovo, yg mati cuma telpon', { paymentDate: '2026-11-19', paymentChannel: ch('OVO'), services: [V] }],
    ['tgl 20, eh bukan, 21', { paymentDate: '2026-11-21' }],
    ['3 hari yg lalu, eh 4', { paymentDate: '2026-11-21' }],
    ['tanggal 2 nov, ralat 3', { paymentDate: '2026-11-03' }],
    ['tgl 22, salah ketik, harusnya 23', { paymentDate: '2026-11-23' }],
    // A bare weekday replaces the weekday: "rabu lalu", not today (a Wednesday).
    ['kamis lalu, eh rabu', { paymentDate: '2026-11-18' }],
    ['jumat kemarin, eh bukan, kamis', { paymentDate: '2026-11-19' }],
    // What "eh bukan" names before a break is what was not meant.
    ['lewat atm bca, eh bukan atm, m-banking', { paymentChannel: ch('BCA', 'MOBILE_BANKING') }],
    ['lewat atm bca, eh maksudnya m-banking', { paymentChannel: ch('BCA', 'MOBILE_BANKING') }],
    // "juga" adds a service instead of replacing the ones before.
    ['internet, eh sama telpon juga', { services: [D, V] }],
    ['yg ga bisa internet, eh sms juga', { services: [D, S] }],
    ['sms sama telpon mati, eh cuma sms deng', { services: [S] }],
    // "eh iya salah" opens a correction: its "iya" is no yes.
    ['eh iya salah, nomornya 0812 9999 8888', { msisdn: '6281299998888', confirmation: null }],
  ])('%s', (...c) => check(c));

  it.each<Case>([
    ['no wait, it was bni', { paymentChannel: ch('BNI'), confirmation: null }],
    ['sorry my number was wrong, it should be 081100000007', { msisdn: '6281100000007' }],
  ])('English: %s', (text, want) => expect(u(text, 'en')).toMatchObject(want));
});

describe('regional words', () => {
  it.each<Case>([
    ['nggih sampun', { confirmation: 'YES' }],
    ['sampun mbak', { confirmation: 'YES' }],
    ['muhun atos', { confirmation: 'YES' }],
    ['dereng mas', { confirmation: 'NO' }],
    ['mboten', { confirmation: 'NO' }],
    ['durung, sms e durung mlebu', { confirmation: 'NO', services: null }],
    ['internete ora iso', { services: [D] }],
    ['telpone ora iso', { services: [V] }],
    ['sadayana teu tiasa kang', { services: [D, S, V] }],
    ['atos kang, tadi enjing', { confirmation: 'YES', paymentDate: '2026-11-25' }],
    ['semalem', { paymentDate: '2026-11-24' }],
  ])('%s', (...c) => check(c));
});

describe('colloquial intents', () => {
  it.each<Case>([
    ['ga usah diterusin', { intent: 'CANCEL' }],
    ['ga jadi lapor, makasih', { intent: 'CANCEL' }],
    ['minta disambungin ke agent', { intent: 'AGENT' }],
    ['hubungkan dengan cs', { intent: 'AGENT' }],
    // "ga usah" alone answers no; it asks for nothing.
    ['ga usah deh', { intent: null, confirmation: 'NO' }],
    ['udah ga usah kak, batal aja', { intent: 'CANCEL', confirmation: null }],
  ])('%s', (...c) => check(c));
});
