/**
 * A correction of an earlier slot in a later message (issue 15): understand()'s correction
 * clauses ("eh salah ketik, harusnya …", "ralat", "bukan X tapi Y") let the later value
 * replace the stored one, the bot says so once (summary.corrected), and the ticket carries it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TicketRequest } from '../../src/contracts/backend.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { jakartaDate } from '../../src/domain/evidence.js';
import { DialogHarness, tEn, tId, texts } from '../support/dialogs.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());

const ticketOf = () => TicketRequest.parse(simulator.tickets()[0]!.request);
const daysAgo = (n: number) => jakartaDate(new Date(Date.now() - n * 86_400_000).toISOString());
const CORRECTED = tId('summary.corrected', { changes: '' }).slice(0, 12);

describe('a later message corrects an earlier slot', () => {
  it.each([
    ['date', 'eh salah ketik, bayarnya harusnya 2 hari lalu. sy di depok', (t: TicketRequest) => expect(jakartaDate(t.payment.date) ?? t.payment.date).toBe(daysAgo(2))],
    ['date (a marker only understand() knows)', 'eh yg bener 2 hari lalu kak bayarnya. sy di depok', (t: TicketRequest) => expect(jakartaDate(t.payment.date) ?? t.payment.date).toBe(daysAgo(2))],
    ['channel', 'ralat kak, bukan bca tapi lewat bni. sy di depok', (t: TicketRequest) => expect(t.payment.channel).toMatch(/BNI/)],
    ['services', 'eh maksudnya bukan sms, internet yg mati. sy di depok', (t: TicketRequest) => expect(t.affectedServices).toEqual(['DATA'])],
  ])('%s: taken, acknowledged once, in the ticket', async (_slot, correction, check) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 081100000007 udh bayar kemarin lewat bca tp sms ga bisa');
    await bot.say('iya');
    const turn = await bot.say(correction);
    const acknowledgements = texts(turn).filter((line) => line.includes(CORRECTED));
    expect(acknowledgements).toHaveLength(1);
    await bot.say('ga ada');
    await bot.say('ga ada');
    expect(simulator.tickets().length).toBeGreaterThan(0);
    check(ticketOf());
  });
});

describe('a later message corrects the phone number', () => {
  const ACK_ID = tId('summary.corrected', { changes: tId('format.slot.msisdn', { value: '0811-0000-0007' }) });
  const DATE_QUESTION = tId('slots.ask.paymentDate').slice(0, 20);

  it.each([
    'eh nomor saya salah, harusnya 081100000007',
    'maaf nomor yg tadi salah, ini yang benar 0811-0000-0007',
    'bukan 081100000008 tapi 081100000007',
    'ralat kak, nomornya 081100000007',
  ])('at the date question, "%s": taken, acknowledged in one sentence, the date still asked, in the ticket', async (correction) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 081100000008, sms sama telpon ga bisa');
    const turn = await bot.say(correction);
    const lines = texts(turn);
    expect(lines.filter((line) => line.includes(CORRECTED))).toEqual([ACK_ID]);
    // "yg tadi" is the number said before, not "today": the date is asked again.
    expect(lines.some((line) => line.includes(DATE_QUESTION))).toBe(true);
    await bot.say('kemarin lewat bca');
    await bot.say('iya');
    await bot.say('sy di depok');
    await bot.say('ga ada');
    expect(ticketOf().customer.msisdn).toBe('6281100000007');
  });

  it('after the check, at the location question: taken, acknowledged once, checked again, the number is no place', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 081100000008, sms sama telpon ga bisa');
    await bot.say('kemarin lewat bca');
    await bot.say('iya');
    const turn = await bot.say('eh nomor saya salah, harusnya 081100000007');
    const lines = texts(turn);
    expect(lines.filter((line) => line.includes(CORRECTED))).toEqual([ACK_ID]);
    expect(lines.some((line) => line.includes(tId('summary.checkingAgain')))).toBe(true);
    await bot.say('sy di depok');
    await bot.say('ga ada');
    const ticket = ticketOf();
    expect(ticket.customer.msisdn).toBe('6281100000007');
    expect(ticket.location).toBe('Depok');
  });

  it('in English: "sorry my number was wrong, it should be …" is taken and acknowledged in one sentence', async () => {
    const bot = await DialogHarness.start({ locale: 'en' }, simulator);
    await bot.say('my number is 081100000008, sms and calls do not work');
    const turn = await bot.say('sorry my number was wrong, it should be 081100000007');
    const ack = tEn('summary.corrected', { changes: tEn('format.slot.msisdn', { value: '0811-0000-0007' }) });
    expect(texts(turn).filter((line) => line === ack)).toHaveLength(1);
  });
});
