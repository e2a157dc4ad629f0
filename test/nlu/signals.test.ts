/** signals(): what the conversation needs beyond understand()'s six keys (src/nlu/signals.ts). */
import { describe, expect, it, vi } from 'vitest';
import { signals } from '../../src/nlu/understand.js';

describe('proofOfPayment', () => {
  it.each([
    'struk ada kak', 'sms sih blm ada, tp struk dr alfa ada', 'ada bukti transfer', 'bukti bayar udh sy simpan', 'resi ada',
    'no ref 123456789', 'no ref nya 88123', 'kode transaksi 991 kak', 'sudah saya ss bukti bayar berhasil', 'ada screenshot nya',
    'I have the receipt', 'here is the reference number',
  ])('%j → true', (text) => {
    expect(signals(text).proofOfPayment).toBe(true);
  });
  it.each(['struk ga ada', 'ga punya bukti', 'struknya hilang', 'belum ada bukti', "I don't have the receipt", 'sudah bayar kemarin'])('%j → false', (text) => {
    expect(signals(text).proofOfPayment).toBe(false);
  });
});

describe('question', () => {
  it.each([
    ['kenapa harus refresh?', 'WHY_REFRESH'], ['knp hrs restart hp?', 'WHY_REFRESH'], ['buat apa restart sih', 'WHY_REFRESH'],
    ['why do I need to restart', 'WHY_REFRESH'],
    ['knp sih hrs nanya lokasi segala?', 'WHY_LOCATION'], ['kenapa perlu alamat saya?', 'WHY_LOCATION'], ['why do you need my location?', 'WHY_LOCATION'],
    ['berapa lama tiketnya kak?', 'TICKET_DURATION'], ['kapan selesai kak?', 'TICKET_DURATION'], ['brp lama prosesnya', 'TICKET_DURATION'],
    ['how long does the ticket take', 'TICKET_DURATION'],
    ['trs gmn?', 'WHAT_NEXT'], ['selanjutnya apa?', 'WHAT_NEXT'], ['terus gimana kak', 'WHAT_NEXT'], ['lalu apa?', 'WHAT_NEXT'],
    ['data sy aman ga?', 'DATA_SAFETY'], ['data pribadi saya aman kan?', 'DATA_SAFETY'], ['is my data safe?', 'DATA_SAFETY'],
    ['halo?? kok diem', 'ARE_YOU_THERE'], ['halo?', 'ARE_YOU_THERE'], ['kak kok diam aja', 'ARE_YOU_THERE'], ['are you there?', 'ARE_YOU_THERE'],
    ['bisa diulang pertanyaannya?', 'REPEAT_QUESTION'], ['maksudnya?', 'REPEAT_QUESTION'], ['maaf bisa diulang pertanyaannya? maksudnya sms dr siapa?', 'REPEAT_QUESTION'],
    ['maksudnya apa kak', 'REPEAT_QUESTION'], ['what do you mean?', 'REPEAT_QUESTION'],
    ['eh kak btw promo kuota bulan ini apa aja ya?', 'OFF_TOPIC'], ['cara beli paket', 'OFF_TOPIC'], ['berapa harga kartu halo', 'OFF_TOPIC'],
    ['ada promo apa kak?', 'OFF_TOPIC'], ['harga paket internet berapa?', 'OFF_TOPIC'], ['how much is the package?', 'OFF_TOPIC'],
  ] as const)('%j → %s', (text, question) => {
    expect(signals(text, { locale: /[a-z]+ (do|is|are|much|long)/.test(text) ? 'en' : 'id' }).question).toBe(question);
  });
  it.each(['udh bayar kmrn lwt bca', 'iya', 'internet mati', 'sy di depok', 'dapat promo dari bank'])('%j → null', (text) => {
    expect(signals(text).question).toBeNull();
  });
});

describe('corrects', () => {
  it.each([
    ['eh bukan sms kak, yg mati internet', ['affectedServices']], ['bukan sms, tapi data yg mati', ['affectedServices']],
    ['eh salah, yg mati telpon', ['affectedServices']],
    ['tgl 12 ralat tgl 13', ['paymentDate']], ['salah ketik, maksudnya tgl 21', ['paymentDate']], ['kemarin, eh koreksi, 2 hari lalu', ['paymentDate']],
    ['lewat mandiri, eh maksudnya bni', ['paymentChannel']], ['bukan bca tapi bri', ['paymentChannel']], ['harusnya lewat gopay', ['paymentChannel']],
    ['ralat nomornya 081234567890', ['msisdn']],
  ] as const)('%j → %j', (text, slots) => {
    expect(signals(text).corrects).toEqual(slots);
  });
  it.each(['internet tidak bisa', 'maksudnya?', 'maaf bisa diulang pertanyaannya? maksudnya sms dr siapa?', 'bukan kak', 'sy di bekasi kak, eh maksudnya bekasi timur'])('%j → []', (text) => {
    expect(signals(text).corrects).toEqual([]);
  });
});

describe('location', () => {
  it.each([
    ['sy di depok', 'Depok'], ['saya di bogor kak', 'Bogor'], ['lokasi saya di cibubur', 'Cibubur'],
    ['eh bukan sms kak, yg mati internet. sy di depok', 'Depok'],
    ['sy di bekasi kak, eh maksudnya bekasi timur', 'Bekasi Timur'], ['aku di jakarta, eh maksudnya jakarta barat', 'Jakarta Barat'],
    ['why do u need my location? anyway im in south jakarta', 'South Jakarta'], ['I live in bandung', 'Bandung'],
    ['daerah tebet kak', 'Tebet'], ['tinggal di medan', 'Medan'], ['sy di bekasi, ralat, bekasi timur', 'Bekasi Timur'],
  ] as const)('%j → %j (with a marker)', (text, place) => {
    expect(signals(text).location).toBe(place);
  });
  it.each([
    ['kan td udh sy bilang, BANDUNG COBLONG!!', 'Bandung Coblong'], ['kan tadi udah saya bilang, surabaya', 'Surabaya'],
    ['udh sy kasih tau td, MALANG', 'Malang'],
    ['Jl. Margonda Raya, Depok', 'Jl. Margonda Raya, Depok'], ['Jl. Sudirman No. 5, Jakarta', 'Jl. Sudirman No. 5, Jakarta'],
    ['jl merdeka nomor 10 bandung', 'Jl Merdeka Nomor 10 Bandung'],
    ['depok kak', 'Depok'], ['di cilandak sih', 'Cilandak'], ['sy di bekasi kak, eh maksudnya bekasi timur', 'Bekasi Timur'],
    ['why do u need my location? anyway im in south jakarta', 'South Jakarta'],
  ] as const)('%j → %j (asked for the location)', (text, place) => {
    expect(signals(text, { askedLocation: true }).location).toBe(place);
  });
  it.each(['bayar di indomaret', 'udh bayar kmrn lwt bca', 'internet mati', 'kan td udh sy bilang, BANDUNG COBLONG!!'])('%j → null without a marker', (text) => {
    expect(signals(text).location).toBeNull();
  });
  it.each([
    'knp sih hrs nanya lokasi segala?', 'buat apa lokasi?', 'iya kak', 'internet mati', 'kemarin',
    // A correction of the number, to the location question, names no place.
    'eh nomor saya salah, harusnya 081100000007', '0811-0000-0007', 'nomor saya 081100000007',
  ])('%j → null even when asked', (text) => {
    expect(signals(text, { askedLocation: true }).location).toBeNull();
  });
  it('is at most 100 characters', () => {
    expect(signals(`sy di ${'bekasi '.repeat(40)}`).location!.length).toBeLessThanOrEqual(100);
    const long = signals('depok, '.repeat(285), { askedLocation: true }).location!;
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long.endsWith('Depok')).toBe(true);
  });
});

describe('explicitCancel', () => {
  it.each(['batal', 'batalkan aja', 'cancel', 'stop', 'berhenti dulu', 'ga usah dilanjut', 'please cancel'])('%j → true', (text) => {
    expect(signals(text).explicitCancel).toBe(true);
  });
  it.each(['ga jadi deh', 'skip aja', 'gak jadi', 'udh bayar', 'stop kontak di rumah mati', 'jangan dibatalkan', 'internet nonstop mati'])('%j → false', (text) => {
    expect(signals(text).explicitCancel).toBe(false);
  });
});

describe('upset', () => {
  it.each([
    'kesel bgt', 'parah sih', 'kecewa sama pelayanannya', 'lama banget', 'gimana sih', 'payah', 'ribet amat', 'udah berkali2 restart',
    'halo??', 'kok gini!!', 'KENAPA NOMOR SAYA DIBLOKIR', 'this is ridiculous',
  ])('%j → true', (text) => {
    expect(signals(text).upset).toBe(true);
  });
  it.each(['udh bayar kmrn', 'iya kak', 'BCA', 'halo?'])('%j → false', (text) => {
    expect(signals(text).upset).toBe(false);
  });
});

describe('never throws', () => {
  it('reports a swallowed exception to onError and returns all-false/null', () => {
    const errors: unknown[] = [];
    const spy = vi.spyOn(String.prototype, 'normalize').mockImplementation(() => {
      throw new Error('boom');
    });
    try {
      const got = signals('sy di depok', { onError: (e) => errors.push(e) });
      expect(got).toEqual({ proofOfPayment: false, question: null, corrects: [], location: null, explicitCancel: false, upset: false });
    } finally {
      spy.mockRestore();
    }
    expect(errors).toHaveLength(1);
    expect(() => signals(42 as unknown as string)).not.toThrow();
  });
  it.each(['', '   ', '?!?!', '\u0000', 'a'.repeat(5000)])('%j gives a result', (text) => {
    expect(() => signals(text)).not.toThrow();
  });
});
