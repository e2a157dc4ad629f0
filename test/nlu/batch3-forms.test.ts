/**
 * Sibling phrasings of the families behind fresh-batch3.json's misses (docs/understand.md,
 * "Harder forms"), and of the weak spots the previous tuning left: each rule in several
 * wordings a customer would use, so that it holds beyond the sentence that prompted it.
 * fresh-batch3.json itself stays untouched.
 */
import { describe, it } from 'vitest';
import { D, S, V, ch, check, type Case } from './forms.js';

describe('a service closed by "juga" after a correction is added, not part of the next list', () => {
  it.each<Case>([
    ['internet doang kak, eh telpon juga deh. sms lancar', { services: [D, V] }],
    ['wa ga bisa, eh sama sms juga ternyata, nelpon normal', { services: [D, S] }],
    ['cuma nelpon yg error, eh sms jg deng, kuota aman', { services: [S, V] }],
    ['kuota ilang min, eh telpon jg ding. sms masih bisa', { services: [D, V] }],
    ['sms juga, telpon aman', { services: [S] }],
    // Without "juga" a comma still continues a list.
    ['sms, telpon aman', { services: null }],
  ])('%s', (...c) => check(c));
});

describe('day numbers in words in a bare correction', () => {
  it.each<Case>([
    ['tanggal sebelas eh dua belas kak', { paymentDate: '2026-11-12' }],
    ['bayar tgl 20, salah ketik, dua puluh satu', { paymentDate: '2026-11-21' }],
    ['tgl lima belas ralat enam belas lewat bca', { paymentDate: '2026-11-16', paymentChannel: ch('BCA') }],
    ['tanggal tujuh, eh salah, delapan', { paymentDate: '2026-11-08' }],
    ['tgl duapuluh, maksudnya sembilan belas. via dana', { paymentDate: '2026-11-19' }],
    // A comma after a marker of several words opens the correction for digits too.
    ['bayar tgl 20, salah ketik, 21', { paymentDate: '2026-11-21' }],
  ])('%s', (...c) => check(c));
});

describe("a paid method that is the earlier counter's own keeps that provider", () => {
  it.each<Case>([
    ['struk dari indomaret, bayarnya cash kemarin', { paymentChannel: ch('INDOMARET', 'CASH'), paymentDate: '2026-11-24' }],
    ['no resi 998877665544 dr kantor pos, bayar tunai', { paymentChannel: ch('POS_INDONESIA', 'CASH'), msisdn: null }],
    ['di alfamart kemarin, bayarnya tunai di kasir', { paymentChannel: ch('ALFAMART', 'CASH'), paymentDate: '2026-11-24' }],
    ['di grapari td, bayar cash', { paymentChannel: ch('GRAPARI', 'CASH') }],
    // A place only gone to is where they paid when the paid method is its own.
    ['kemarin ke alfamart, bayarnya tunai di kasir', { paymentChannel: ch('ALFAMART', 'CASH') }],
    ['td ke grapari, bayar cash', { paymentChannel: ch('GRAPARI', 'CASH') }],
    ['mau ke grapari, bayarnya lewat ovo aja', { paymentChannel: ch('OVO') }],
    ['ke indomaret tp tutup, bayar tunai', { paymentChannel: ch(null, 'CASH') }],
    // Another kind of method after the payment verb still outranks the place.
    ['struk dari indomaret, bayarnya pake m-banking', { paymentChannel: ch(null, 'MOBILE_BANKING') }],
  ])('%s', (...c) => check(c));
});

describe('"semua" right after a mistake word or a request is its object, no services', () => {
  it.each<Case>([
    ['mulai lagi aja kak, tadi sy salah isi semuanya', { services: null, intent: 'RESTART' }],
    ['mau ulang kak, typo semua tadi', { services: null, intent: 'RESTART' }],
    ['batal aja kak, keliru semua jawaban saya', { services: null, intent: 'CANCEL' }],
    ['ulang semua dari awal kak', { services: null, intent: 'RESTART' }],
    ['mulai ulang semuanya ya', { services: null, intent: 'RESTART' }],
    // "semua" that says what fails still is every service.
    ['salah ketik, semua mati kak', { services: [D, S, V] }],
    ['internet doang, eh salah, semuanya mati', { services: [D, S, V] }],
    ['semua', { services: [D, S, V] }],
  ])('%s', (...c) => check(c));
});

describe('a failure said before a channel gives way to the channel of the next clause', () => {
  it.each<Case>([
    ['transaksi pertama error di indomaret, trus sy coba lagi pake dana bisa', { paymentChannel: ch('DANA') }],
    ['tadi gagal terus di atm bca, akhirnya lewat livin', { paymentChannel: ch('MANDIRI', 'MOBILE_BANKING') }],
    ['td ditolak di atm mandiri, trs sy bayar pake ovo', { paymentChannel: ch('OVO') }],
    ['bayar pertama gagal lwt shopeepay, abis itu sy pake gopay', { paymentChannel: ch('GOPAY') }],
    // A failure with nothing paid after it keeps its channel.
    ['pembayaran gagal di atm bni', { paymentChannel: ch('BNI', 'ATM') }],
    ['gagal bayar pake bca, internet mati', { paymentChannel: ch('BCA'), services: [D] }],
  ])('%s', (...c) => check(c));
});

describe('a negation before the notification, with fillers and intensifiers between', () => {
  it.each<Case>([
    ['belum ada sama sekali mas sms konfirmasi', { confirmation: 'NO' }],
    ['blm masuk sama sekali kak pemberitahuan apa pun', { confirmation: 'NO' }],
    ['ngga dapet samsek kak notifnya', { confirmation: 'NO' }],
    ['gak ada kak sama sekali email apapun', { confirmation: 'NO' }],
    ['udah masuk kok kak notifnya', { confirmation: 'YES' }],
  ])('%s', (...c) => check(c));
});

describe('weak spots of the previous tuning', () => {
  it.each<Case>([
    // A service word ends a negated clause without punctuation.
    ['bukan lewat bca internet mati', { paymentChannel: null, services: [D] }],
    ['bukan pake dana sms ga bisa', { paymentChannel: null, services: [S] }],
    ['bukan lwt ovo kak telpon ga bisa dr kemarin', { paymentChannel: null, services: [V] }],
    ['bukan tgl 5 kuota ilang', { paymentDate: null, services: [D] }],
    // ...but not a channel's own word, nor a service after an only-word.
    ['bukan bca internet banking tapi mandiri', { paymentChannel: ch('MANDIRI'), services: null }],
    // "not only X" adds X; it is neither a negated clause nor a "no".
    ['bukan cuma sms, internet juga', { services: [D, S], confirmation: null }],
    ['bukan hanya internet tp telpon jg', { services: [D, V], confirmation: null }],
    ['ga cuma internet kak, telpon juga', { services: [D, V], confirmation: null }],
    ['ngga, cuma sms yg mati', { services: [S], confirmation: 'NO' }],
    // Sending a receipt is no receipt: no yes.
    ['bayar lwt bca lalu kirim bukti', { paymentChannel: ch('BCA'), confirmation: null }],
    ['udah tf ke va terus kirim screenshot struk ya kak', { confirmation: null }],
    ['notifnya udah dikirim', { confirmation: 'YES' }],
  ])('%s', (...c) => check(c));
});
