import { describe, expect, it } from 'vitest';
import { understand } from '../../src/nlu/understand.js';

/** Wednesday 2026-11-25, 10:00 in Jakarta. */
const WEDNESDAY = new Date('2026-11-25T10:00:00+07:00');
const MONDAY = new Date('2026-11-23T10:00:00+07:00');
const NEW_YEAR = new Date('2027-01-05T09:00:00+07:00');

function date(text: string, now = WEDNESDAY, locale = 'id'): string | null {
  return understand(text, { now, locale }).paymentDate;
}

describe('relative days', () => {
  it.each([
    ['hari ini', '2026-11-25'], ['tadi pagi', '2026-11-25'], ['barusan', '2026-11-25'],
    ['kemarin', '2026-11-24'], ['kmrn', '2026-11-24'], ['kemaren', '2026-11-24'], ['kmaren', '2026-11-24'], ['KEMARINNN', '2026-11-24'],
    ['kemarin lusa', '2026-11-23'], ['lusa kemarin', '2026-11-23'],
    ['2 hari yang lalu', '2026-11-23'], ['3 hr lalu', '2026-11-22'], ['dua hari lalu', '2026-11-23'], ['2 hr yg lalu', '2026-11-23'],
    ['seminggu yang lalu', '2026-11-18'], ['2 minggu lalu', '2026-11-11'], ['sebulan yang lalu', '2026-10-25'],
  ])('%s → %s', (text, expected) => expect(date(text)).toBe(expected));

  it('"semalam" is yesterday; "tadi malam" is yesterday in the morning and today in the evening', () => {
    expect(date('semalam')).toBe('2026-11-24');
    expect(date('tadi malam')).toBe('2026-11-24');
    expect(date('tadi malam', new Date('2026-11-25T21:00:00+07:00'))).toBe('2026-11-25');
  });
});

describe('"minggu": Sunday or week', () => {
  it('"minggu lalu" and "minggu kemarin" are 7 days ago', () => {
    expect(date('minggu lalu')).toBe('2026-11-18');
    expect(date('minggu kemarin')).toBe('2026-11-18');
    expect(date('pekan lalu')).toBe('2026-11-18');
  });
  it('"hari minggu" and a bare "minggu" are the most recent Sunday', () => {
    expect(date('hari minggu')).toBe('2026-11-22');
    expect(date('bayar minggu')).toBe('2026-11-22');
    expect(date('hari minggu kemarin')).toBe('2026-11-22');
  });
  it('a number of weeks is a duration, not Sunday', () => {
    expect(date('udah 2 minggu ga bisa')).toBeNull();
  });
});

describe('weekdays: the most recent such day not after today', () => {
  it.each([
    ['senin', '2026-11-23'], ['selasa', '2026-11-24'], ['kamis', '2026-11-19'], ['jumat', '2026-11-20'], ["jum'at", '2026-11-20'],
    ['sabtu', '2026-11-21'], ['senin kemarin', '2026-11-23'], ['hari senin kmrn', '2026-11-23'],
  ])('%s → %s', (text, expected) => expect(date(text)).toBe(expected));

  it('the same weekday as today is today; with "lalu/kemarin" it is a week ago', () => {
    expect(date('rabu')).toBe('2026-11-25');
    expect(date('rabu lalu')).toBe('2026-11-18');
    expect(date('bayar senin', MONDAY)).toBe('2026-11-23');
    expect(date('senin lalu', MONDAY)).toBe('2026-11-16');
  });

  it('"<day> minggu lalu" is that day of last week (weeks start on Monday)', () => {
    expect(date('senin minggu lalu')).toBe('2026-11-16');
    expect(date('jumat minggu lalu')).toBe('2026-11-20');
  });

  it('a weekday in the coming week is not a payment date', () => {
    expect(date('senin depan')).toBeNull();
    expect(date('jumat ini')).toBeNull();
  });
});

describe('day of month and day + month', () => {
  it.each([
    ['tgl 20', '2026-11-20'], ['tanggal 3', '2026-11-03'], ['tgl20', '2026-11-20'], ['tgl. 21', '2026-11-21'], ['tggl 20', '2026-11-20'],
    ['tgl 25', '2026-11-25'], ['20 nov', '2026-11-20'], ['20 November', '2026-11-20'], ['20nov', '2026-11-20'],
    ['20/11', '2026-11-20'], ['20-11', '2026-11-20'], ['20/11/2026', '2026-11-20'], ['2026-11-20', '2026-11-20'],
    ['20.11.2026', '2026-11-20'], ['21/11/26', '2026-11-21'], ['2026/11/24', '2026-11-24'], ['tanggal 15 bulan 11', '2026-11-15'],
    ['tanggal 20 bulan lalu', '2026-10-20'], ['tgl 5 bln ini', '2026-11-05'], ['tgl 24 kemarin', '2026-11-24'], ['20 nov kemarin', '2026-11-20'],
  ])('%s → %s', (text, expected) => expect(date(text)).toBe(expected));

  it('understands "Nopember", "Pebruari" and abbreviations', () => {
    expect(date('20 Nopember')).toBe('2026-11-20');
    expect(date('3 nop')).toBe('2026-11-03');
    expect(date('12 agst')).toBe('2026-08-12');
    expect(date('5 okt')).toBe('2026-10-05');
    expect(date('10 pebruari')).toBe('2026-02-10');
  });

  it('a day not yet reached this month is last month ("tgl 28" on the 25th)', () => {
    expect(date('tgl 28')).toBe('2026-10-28');
    expect(date('tgl 31')).toBe('2026-10-31');
    expect(date('tgl 30', new Date('2026-03-01T10:00:00+07:00'))).toBe('2026-01-30');
  });

  it('a day and month without a year is the latest such date not after today (year rollover)', () => {
    expect(date('20 des', NEW_YEAR)).toBe('2026-12-20');
    expect(date('31/12', NEW_YEAR)).toBe('2026-12-31');
    expect(date('tgl 28', NEW_YEAR)).toBe('2026-12-28');
    expect(date('20 des')).toBe('2025-12-20');
    expect(date('30 nov')).toBe('2025-11-30');
  });

  it('a bare number answers "tanggal berapa?"', () => {
    expect(date('20')).toBe('2026-11-20');
    expect(date('20 kak')).toBe('2026-11-20');
    expect(date('45')).toBeNull();
  });
});

describe('never a future date', () => {
  it.each(['besok', 'lusa', 'minggu depan', '30/11/2026', 'tgl 30 bulan ini', '1 januari 2027'])('%s → null', (text) => {
    expect(date(text)).toBeNull();
  });
  it('a past date next to a future one wins', () => {
    expect(date('kemarin bayar, besok mau ke grapari')).toBe('2026-11-24');
  });
});

describe('which date is the payment', () => {
  it('not the end of a span', () => {
    expect(date('bayar tgl 20 tapi sampai hari ini belum bisa')).toBe('2026-11-20');
    expect(date('sampai hari ini belum aktif')).toBeNull();
  });
  it('a "since" day only when the clause is about paying', () => {
    expect(date('udh bayar tp dr kmrn internet ga bisa')).toBeNull();
    expect(date('udah bayar dari kemarin tapi belum aktif')).toBe('2026-11-24');
  });
  it('not the day the customer tried something else', () => {
    expect(date('belum kak, tadi sudah saya coba')).toBeNull();
  });
  it('prefers the date next to the payment verb', () => {
    expect(date('tanggal 23 bayar di alfamart, terus tanggal 24 nomor diblokir')).toBe('2026-11-23');
  });
  it('does not read phone numbers, amounts, times or durations as dates', () => {
    expect(date('0812-3456-7890')).toBeNull();
    expect(date('Rp 150.000')).toBeNull();
    expect(date('jam 10.12')).toBeNull();
    expect(date('nunggu 1-2 hari')).toBeNull();
    expect(date('saya pelanggan sudah 5 tahun')).toBeNull();
    expect(date('selamat pagi')).toBeNull();
    expect(date('sekarang masih belum bisa')).toBeNull();
    expect(date('bulan lalu')).toBeNull(); // no day was said
  });
});

describe('time zone', () => {
  it('"today" is the calendar day in Jakarta, not on the machine or in UTC', () => {
    const lateUtc = new Date('2026-11-24T23:30:00Z'); // 06:30 on the 25th in Jakarta
    expect(date('hari ini', lateUtc)).toBe('2026-11-25');
    expect(date('kemarin', lateUtc)).toBe('2026-11-24');
    expect(understand('hari ini', { now: lateUtc, timeZone: 'UTC' }).paymentDate).toBe('2026-11-24');
  });
  it('an unknown time zone falls back to Jakarta instead of throwing', () => {
    expect(understand('hari ini', { now: WEDNESDAY, timeZone: 'Mars/Olympus' }).paymentDate).toBe('2026-11-25');
  });
});
