/**
 * A correction of an earlier slot in a later message (issue 15): understand()'s correction
 * clauses ("eh salah ketik, harusnya …", "ralat", "bukan X tapi Y") let the later value
 * replace the stored one, the bot says so once (summary.corrected), and the ticket carries it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TicketRequest } from '../../src/contracts/backend.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { jakartaDate } from '../../src/domain/evidence.js';
import { DialogHarness, tId, texts } from '../support/dialogs.js';

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
