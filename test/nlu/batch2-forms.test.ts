/**
 * Sibling phrasings of the families behind fresh-batch2.json's misses (docs/understand.md,
 * "Harder forms"): each rule in several wordings a customer would use, so that it holds beyond
 * the sentence that prompted it. fresh-batch2.json itself stays untouched.
 */
import { describe, it } from 'vitest';
import { D, S, V, ch, check, type Case } from './forms.js';

describe('a number after a sentence with a negated channel is still the number', () => {
  it.each<Case>([
    // "kak." ends the sentence: a short word with a vowel is no abbreviation.
    ['bayar pake ovo, bukan pake gopay ya kak. nomor 0812-3456-7890', { msisdn: '6281234567890', paymentChannel: ch('OVO') }],
    ['udh tf lwt bca bukan mandiri ya. no hp 0813-2222-3333 internet mati', { msisdn: '6281322223333', paymentChannel: ch('BCA'), services: [D] }],
    // Without the dot: the phone label ends the negated clause.
    ['bayar via dana bukan lewat ovo kak nomor 0857-1111-2222', { msisdn: '6285711112222', paymentChannel: ch('DANA') }],
    ['bayar lwt bni, bukan bri ya kak no hp 0821-4444-5555', { msisdn: '6282144445555', paymentChannel: ch('BNI') }],
    ['bukan pake shopeepay ya kak. 081299998888 nomor sy', { msisdn: '6281299998888', paymentChannel: null }],
    // Nor label nor dot: a mobile number starts another key.
    ['bayar pake shopeepay, bukan pake dana ya kak 0838-1234-5678 internet mati', { msisdn: '6283812345678', paymentChannel: ch('SHOPEEPAY'), services: [D] }],
    ['bukan lewat bca ya 0812 3456 7890', { msisdn: '6281234567890', paymentChannel: null }],
    // A number the negation names first is still denied.
    ['bukan nomor 0812-1111-2222 tapi 0813-1111-2222', { msisdn: '6281311112222' }],
    ['bukan 0812-1111-2222 tapi 0813-1111-2222', { msisdn: '6281311112222' }],
  ])('%s', (...c) => check(c));
});

describe('"tadi" next to a mistake word is the earlier message, not today', () => {
  it.each<Case>([
    ['nomornya 0812-3456-7890, td sy typo', { msisdn: '6281234567890', paymentDate: null }],
    ['tgl 20 ya kak, salah tulis tadi', { paymentDate: '2026-11-20' }],
    ['maaf yg tadi aku keliru, lewat bni', { paymentDate: null, paymentChannel: ch('BNI') }],
    ['tadi aku salah ketik nomornya, yg bener 0812-3456-7891', { msisdn: '6281234567891', paymentDate: null }],
    ['ulang dari awal aja, tadi saya salah masukin', { paymentDate: null, intent: 'RESTART' }],
    // Still a day: paid "tadi"; a corrected day after a comma.
    ['udah bayar tadi, tp internet blm bs', { paymentDate: '2026-11-25', services: [D] }],
    ['kemarin, eh salah, tadi', { paymentDate: '2026-11-25' }],
  ])('%s', (...c) => check(c));
});

describe('"eh bukan X tapi Y": Y is meant, in every slot', () => {
  it.each<Case>([
    ['lewat bca eh bukan bca tapi mandiri', { paymentChannel: ch('MANDIRI') }],
    ['tgl 5 eh bukan tgl 5 tapi tgl 6', { paymentDate: '2026-11-06' }],
    ['udh bayar tgl 20, eh bukan tgl 20 tp tgl 21', { paymentDate: '2026-11-21' }],
    ['internet mati, eh bukan internet tp sms', { services: [S] }],
    ['no 0812-1111-2222 eh bukan yg itu tp 0812-1111-3333', { msisdn: '6281211113333' }],
  ])('%s', (...c) => check(c));
});

describe('"bisa nerima/terima X": X works', () => {
  it.each<Case>([
    ['bisa terima sms tp internet mati', { services: [D] }],
    ['bisa nerima sms tp ga bisa nelpon', { services: [V] }],
    ['hp cuma bisa terima sms, internet sama telpon mati', { services: [D, V] }],
    ['cuma bisa nerima telpon', { services: [D, S] }],
    ['hanya bisa terima sms aja', { services: [D, V] }],
    ['sms doang yg masuk kak', { services: [D, V] }],
    ['cuma telpon aja yg nyambung', { services: [D, S] }],
    // Negated, it is the complaint.
    ['ga bisa nerima sms', { services: [S] }],
  ])('%s', (...c) => check(c));
});

describe('Javanese: "wis tak bayar" (I paid), place words neng/ning/nang/ing, "nanging"', () => {
  it.each<Case>([
    ['wis tak bayar ning alfamart wingi, nanging internet durung iso', { paymentDate: '2026-11-24', paymentChannel: ch('ALFAMART', 'CASH'), services: [D] }],
    ['wes tak tf nang bca tadi', { paymentDate: '2026-11-25', paymentChannel: ch('BCA') }],
    ['wingi tak bayar ing indomaret', { paymentDate: '2026-11-24', paymentChannel: ch('INDOMARET', 'CASH') }],
    ['uwis tak bayar neng grapari, nanging sms ora iso', { paymentChannel: ch('GRAPARI', 'CASH'), services: [S] }],
    ['bayar nang dana', { paymentChannel: ch('DANA') }],
    // "neng" as an address word is still no channel context.
    ['makasih neng, dana sudah kepotong', { paymentChannel: null }],
  ])('%s', (...c) => check(c));
});

describe('money moved first, then paid: the channel after "lalu bayar" is the payment', () => {
  it.each<Case>([
    ['transfer dari bca ke ovo lalu bayar pake ovo', { paymentChannel: ch('OVO') }],
    ['isi saldo dana dr bri, abis itu bayar lwt dana', { paymentChannel: ch('DANA') }],
    ['tf dr bni ke gopay trus bayar pake gopay', { paymentChannel: ch('GOPAY') }],
    ['transfer dari mandiri ke shopeepay, baru bayar pakai shopeepay', { paymentChannel: ch('SHOPEEPAY') }],
    // No channel after the later step: the one named stays.
    ['bayar lwt bca lalu kirim bukti', { paymentChannel: ch('BCA') }],
  ])('%s', (...c) => check(c));
});
