/**
 * Whole SOP-007 conversations over real HTTP, as the Bot Framework Emulator drives them,
 * against the app's built-in simulator: the ticket the simulator received and the
 * `handoff.initiate` event are asserted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TicketRequest } from '../../src/contracts/backend.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { captureLog } from '../support/logs.js';
import { texts, type BotActivity } from '../support/emulator.js';
import { ecareChannelData, TEST_ECARE_SECRET } from '../support/ecare.js';

const slots = (activities: BotActivity[]) =>
  activities.filter((a) => a.type === 'trace' && a.name === 'SlotPrompt').map((a) => (a.value as { slot: string }).slot);
const outcome = (activities: BotActivity[]) =>
  (activities.find((a) => a.type === 'trace' && a.name === 'Diagnosis')?.value as { outcome: string } | undefined)?.outcome;
const handoff = (activities: BotActivity[]) => activities.find((a) => a.type === 'event' && a.name === 'handoff.initiate');

function expectCompleteTicket(request: unknown) {
  const ticket = TicketRequest.parse(request);
  // The six mandatory groups of the SOP (DECISION-TABLE.md §4).
  expect(ticket.customer.msisdn).toMatch(/^62\d+$/);
  expect(ticket.customer.name && ticket.customer.cardType && ticket.customer.customerClass).toBeTruthy();
  expect(ticket.payment.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(ticket.payment.channel).not.toBe('');
  expect(ticket.systemStatus.collectionStatus && ticket.systemStatus.dscStatus && ticket.systemStatus.hlrState).toBeTruthy();
  expect(ticket.affectedServices.length).toBeGreaterThan(0);
  expect(ticket.summary).toMatch(/layanan yang dikeluhkan: /);
  expect(ticket.location).not.toBe('');
  expect('alternateContact' in ticket).toBe(true);
  expect(ticket.kip.path).toMatch(/^Consumer - tagihan & pembayaran - pembayaran tagihan - k44/);
  expect(ticket.sopReference).toBe('SOP-007/CCM-AC/CHM/VI/2017 (KM1100455)');
  expect(ticket.transcript?.length).toBeGreaterThan(0);
  return ticket;
}

describe('whole conversations over HTTP', () => {
  let bot: TestBot;
  const captured = captureLog();
  beforeAll(async () => {
    bot = await startTestBot({ ECARE_IDENTITY_SECRET: TEST_ECARE_SECRET }, captured.log);
  });
  afterAll(async () => bot.stop());
  beforeEach(() => bot.app.simulator!.reset());

  it('blocked number: five questions, ticket, hand-off', async () => {
    const c = bot.conversation();
    expect(slots((await c.join()).replies)).toEqual([]);
    expect(slots(await c.say('halo'))).toEqual(['msisdn']);
    expect(slots(await c.say('0811-0000-0007'))).toEqual(['paymentDate']);
    expect(slots(await c.say('kmrn'))).toEqual(['paymentChannel']);
    expect(slots(await c.say('atm bca'))).toEqual(['affectedServices']);
    expect(slots(await c.say('internet'))).toEqual(['notificationReceived']);
    const diagnosed = await c.say('udah');
    expect(outcome(diagnosed)).toBe('TICKET_BLOCKED');
    expect(slots(diagnosed)).toEqual(['location']);
    expect(slots(await c.say('Bekasi'))).toEqual(['alternateContact']);
    const end = await c.say('0813 2222 3333');
    const [stored] = bot.app.simulator!.tickets();
    const ticket = expectCompleteTicket(stored!.request);
    expect(ticket).toMatchObject({ outcome: 'TICKET_BLOCKED', complaintChannel: 'EMULATOR', conversationId: c.id, alternateContact: '6281322223333' });
    expect(texts(end).join(' ')).toContain(stored!.ticket.ticketId);
    expect(handoff(end)?.value).toMatchObject({ outcome: 'TICKET_BLOCKED', ticket: { ticketId: stored!.ticket.ticketId } });
  });

  it('a forged plain channelData.ecare.msisdn is not believed: the number is asked', async () => {
    const c = bot.conversation({ channelId: 'webchat', channelData: { ecare: { msisdn: '6281100000008', accountName: 'sari.w' } } });
    await c.join();
    const first = await c.say('sdh bayar tgl kemarin pake brimo tp telpon dan sms ga bisa');
    expect(texts(first).join(' ')).not.toMatch(/SMS atau e-mail/);
    expect(texts(first).join(' ')).toMatch(/nomor/i);
    // The operator learns why, once per message, and the log holds neither the number nor the name.
    const rejected = captured.lines.filter((l) => l.event === 'ecare.identity_rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ reason: 'no_token' });
    const all = JSON.stringify(captured.lines);
    expect(all).not.toContain('6281100000008');
    expect(all).not.toContain('sari.w');
  });

  it('E-Care customer with the ledger not posted: no number asked, ECARE ticket', async () => {
    const c = bot.conversation({ channelId: 'webchat', channelData: await ecareChannelData('6281100000008', 'sari.w') });
    await c.join();
    const first = await c.say('sdh bayar tgl kemarin pake brimo tp telpon dan sms ga bisa');
    expect(texts(first).join(' ')).toMatch(/SMS atau e-mail/);
    await c.say('ya');
    await c.say('Yogyakarta');
    const end = await c.say('ga ada');
    const ticket = expectCompleteTicket(bot.app.simulator!.tickets()[0]!.request);
    expect(ticket).toMatchObject({ complaintChannel: 'ECARE', customer: { accountName: 'sari.w' }, kip: { ledgerPosted: false } });
    expect(handoff(end)).toBeDefined();
  });

  it('network refresh that fails becomes a ticket with the refresh tried', async () => {
    const c = bot.conversation();
    await c.join();
    await c.say('nomor 081100000010 udh bayar kemarin lwt dana tp internet blm bs');
    await c.say('sudah dapat sms');
    expect(outcome(await c.say('Surabaya'))).toBe('NETWORK_REFRESH');
    await c.say('belum');
    const end = await c.say('tidak ada');
    const ticket = expectCompleteTicket(bot.app.simulator!.tickets()[0]!.request);
    expect(ticket).toMatchObject({ outcome: 'TICKET_BLOCKED', networkRefreshTried: true });
    expect(handoff(end)).toBeDefined();
  });

  it('reactivation in English', async () => {
    const c = bot.conversation({ locale: 'en-US' });
    await c.join();
    await c.say('number 081100000004, paid yesterday at alfamart, nothing works');
    const diagnosed = await c.say('yes');
    expect(outcome(diagnosed)).toBe('REACTIVATION');
    await c.say('Semarang');
    const end = await c.say('none');
    const ticket = expectCompleteTicket(bot.app.simulator!.tickets()[0]!.request);
    expect(ticket).toMatchObject({ outcome: 'REACTIVATION', route: 'REACTIVATION', affectedServices: ['DATA', 'SMS', 'VOICE'] });
    expect(ticket.summary).toMatch(/layanan yang dikeluhkan: SEMUANYA/);
    expect(handoff(end)).toBeDefined();
  });

  it('a message after the hand-off creates no second ticket', async () => {
    const c = bot.conversation();
    await c.join();
    await c.say('081100000006 bayar kemarin via ovo, internet mati');
    await c.say('iya');
    await c.say('Malang');
    await c.say('tidak ada');
    await c.say('tidak ada');
    expect(bot.app.simulator!.tickets()).toHaveLength(1);
  });
});
