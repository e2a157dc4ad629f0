/**
 * Every outcome row of DECISION-TABLE.md §3, through the real dialogs, the real HTTP client
 * and the built-in simulator (one demo number per row, docs/simulator.md).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TicketRequest } from '../../src/contracts/backend.js';
import type { MessageKey } from '../../src/messageKeys.js';
import { KIP_LEDGER_NOT_POSTED, KIP_LEDGER_POSTED } from '../../src/domain/ticket.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { DialogHarness, diagnosisTrace, handoffEvent, slotPrompts, tId, texts } from '../support/dialogs.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());

/** Answers the five diagnosis questions in one go, the way many customers open. */
async function reachDiagnosis(bot: DialogHarness, msisdn: string, notification: 'iya' | 'belum', services = 'internet') {
  await bot.say(`nomor ${msisdn} udh bayar kemarin lewat m-banking bca tp ${services} blm bisa`);
  return bot.say(notification);
}

describe('outcome rows in Indonesian', () => {
  it('row 7 TICKET_BLOCKED: ticket with every mandatory field, then hand-off', async () => {
    const bot = await DialogHarness.start({}, simulator);
    const turn = await reachDiagnosis(bot, '081100000007', 'iya');
    expect(diagnosisTrace(turn)?.outcome).toBe('TICKET_BLOCKED');
    // Why a ticket is made, and its first question, in one message.
    expect(texts(turn)).toContain(`${tId('outcome.blocked')}\n\n${tId('slots.ask.location')}`);
    expect(slotPrompts(turn)).toEqual(['location']);
    expect(slotPrompts(await bot.say('Bandung, Coblong'))).toEqual(['alternateContact']);
    const end = await bot.say('0813-1111-2222');
    const [stored] = simulator.tickets();
    expect(simulator.tickets()).toHaveLength(1);
    const ticket = TicketRequest.parse(stored!.request);
    expect(ticket).toMatchObject({
      outcome: 'TICKET_BLOCKED',
      route: 'BACKOFFICE',
      kip: { code: 'K44', ledgerPosted: true, path: KIP_LEDGER_POSTED },
      customer: { msisdn: '6281100000007' },
      complaintChannel: 'EMULATOR',
      payment: { notificationReceived: true },
      affectedServices: ['DATA'],
      location: 'Bandung, Coblong',
      alternateContact: '6281311112222',
      networkRefreshTried: false,
    });
    expect(ticket.customer.name).toBeTruthy();
    expect(ticket.customer.cardType).toBeTruthy();
    expect(ticket.systemStatus.dscStatus).toBeTruthy();
    expect(ticket.summary).toMatch(/layanan yang dikeluhkan: DATA INTERNET/);
    expect(ticket.payment.channel).toMatch(/BCA/);
    expect(ticket.transcript?.some((e) => e.from === 'customer' && /bca/i.test(e.text))).toBe(true);
    expect(texts(end).join('\n')).toContain(tId('ticket.created', { ticketId: stored!.ticket.ticketId }));
    const handoff = handoffEvent(end);
    expect(handoff?.value).toMatchObject({ outcome: 'TICKET_BLOCKED', ticket: { ticketId: stored!.ticket.ticketId } });
    expect((handoff?.attachments?.[0]?.content as { activities: unknown[] }).activities.length).toBeGreaterThan(5);
  });

  it('row 7 with device advice: why the ticket is made, then the advice, then the question', async () => {
    simulator.setSubscriber('6281100000007', { device: { imeiRegistered: false } });
    const bot = await DialogHarness.start({}, simulator);
    const turn = await reachDiagnosis(bot, '081100000007', 'iya');
    const said = texts(turn);
    const at = (text: string) => said.indexOf(text);
    expect(at(tId('outcome.blocked'))).toBeGreaterThan(-1);
    expect(at(tId('outcome.device.IMEI_UNREGISTERED'))).toBeGreaterThan(at(tId('outcome.blocked')));
    expect(at(tId('slots.ask.location'))).toBeGreaterThan(at(tId('outcome.device.IMEI_UNREGISTERED')));
  });

  it('row 7 with the ledger not posted carries the "belum masuk ledger" KIP', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await reachDiagnosis(bot, '081100000008', 'iya', 'telpon sama sms');
    await bot.say('Depok');
    await bot.say('tidak ada');
    const ticket = TicketRequest.parse(simulator.tickets()[0]!.request);
    expect(ticket.kip).toMatchObject({ ledgerPosted: false, path: KIP_LEDGER_NOT_POSTED });
    expect(ticket.alternateContact).toBeNull();
    expect(ticket.summary).toMatch(/layanan yang dikeluhkan: VOICE \/ SMS/);
  });

  it('row 2 CONFIRM_WITH_PAYMENT_CHANNEL: names the channel, no ticket, no hand-off', async () => {
    const bot = await DialogHarness.start({}, simulator);
    const turn = await reachDiagnosis(bot, '081100000002', 'belum');
    expect(diagnosisTrace(turn)?.outcome).toBe('CONFIRM_WITH_PAYMENT_CHANNEL');
    expect(texts(turn).join(' ')).toMatch(/BCA/);
    expect(handoffEvent(turn)).toBeUndefined();
    expect(simulator.tickets()).toHaveLength(0);
  });

  it('row 3 TICKET_PAYMENT_NOT_POSTED: ticket and hand-off', async () => {
    const bot = await DialogHarness.start({}, simulator);
    const turn = await reachDiagnosis(bot, '081100000003', 'iya');
    expect(diagnosisTrace(turn)?.outcome).toBe('TICKET_PAYMENT_NOT_POSTED');
    await bot.say('Medan');
    const end = await bot.say('tidak ada');
    expect(simulator.tickets()[0]!.request).toMatchObject({ outcome: 'TICKET_PAYMENT_NOT_POSTED', kip: { path: KIP_LEDGER_NOT_POSTED } });
    expect(handoffEvent(end)).toBeDefined();
  });

  it.each([
    ['081100000004', 'REACTIVATION', 'REACTIVATION', 'outcome.reactivation'],
    ['081100000005', 'BILLCO_ACTIVATION', 'BILLCO', 'outcome.billco'],
    ['081100000006', 'TICKET_VOLUNTARY_BLOCK', 'BACKOFFICE', 'outcome.voluntaryBlock'],
  ])('%s → %s: explained, routed to %s, handed off', async (msisdn, outcome, route, key) => {
    const bot = await DialogHarness.start({}, simulator);
    const turn = await reachDiagnosis(bot, msisdn, 'iya');
    expect(diagnosisTrace(turn)?.outcome).toBe(outcome);
    expect(texts(turn)).toContain(`${tId(key as MessageKey)}\n\n${tId('slots.ask.location')}`);
    await bot.say('Jakarta Selatan');
    const end = await bot.say('gak ada');
    expect(simulator.tickets()[0]!.request).toMatchObject({ outcome, route });
    expect(handoffEvent(end)).toBeDefined();
  });

  it('row 8 OUTAGE_INFO: asks the location, gives the outage message and recovery, no ticket', async () => {
    const bot = await DialogHarness.start({}, simulator);
    const turn = await reachDiagnosis(bot, '081100000009', 'iya');
    expect(diagnosisTrace(turn)).toBeUndefined();
    expect(slotPrompts(turn)).toEqual(['location']);
    const end = await bot.say('kota bandung');
    expect(diagnosisTrace(end)?.outcome).toBe('OUTAGE_INFO');
    expect(texts(end).join(' ')).toMatch(/gangguan/);
    expect(handoffEvent(end)).toBeUndefined();
    expect(simulator.tickets()).toHaveLength(0);
  });

  it('row 9 NETWORK_REFRESH that works: Android and iPhone steps, no ticket', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await reachDiagnosis(bot, '081100000010', 'iya');
    const steps = await bot.say('Surabaya');
    expect(diagnosisTrace(steps)?.outcome).toBe('NETWORK_REFRESH');
    expect(texts(steps)).toEqual(expect.arrayContaining([tId('refresh.android'), tId('refresh.iphone'), tId('outcome.device.NO_4G_FOR_DATA')]));
    expect(slotPrompts(steps)).toEqual(['refreshWorked']);
    const end = await bot.say('sudah bisa, makasih');
    expect(texts(end)).toContain(tId('refresh.worked'));
    expect(handoffEvent(end)).toBeUndefined();
    expect(simulator.tickets()).toHaveLength(0);
  });

  it('row 9 NETWORK_REFRESH that fails: TICKET_BLOCKED with the refresh recorded as tried', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await reachDiagnosis(bot, '081100000010', 'iya');
    await bot.say('Surabaya');
    const asked = await bot.say('belum');
    expect(slotPrompts(asked)).toEqual(['alternateContact']);
    const end = await bot.say('tidak ada');
    expect(simulator.tickets()[0]!.request).toMatchObject({ outcome: 'TICKET_BLOCKED', networkRefreshTried: true, location: 'Surabaya' });
    expect(handoffEvent(end)).toBeDefined();
  });

  it('row 1 EXISTING_TICKET: tells the ticket, adds a note, hands off, never opens a second ticket', async () => {
    const bot = await DialogHarness.start({}, simulator);
    const turn = await reachDiagnosis(bot, '081100000001', 'iya');
    expect(diagnosisTrace(turn)?.outcome).toBe('EXISTING_TICKET');
    expect(texts(turn).join(' ')).toMatch(/TT-2026-000042/);
    expect(simulator.notes('TT-2026-000042')).toHaveLength(1);
    expect(handoffEvent(turn)?.value).toMatchObject({ outcome: 'EXISTING_TICKET', ticket: { ticketId: 'TT-2026-000042' } });
    expect(simulator.tickets()).toHaveLength(0);
  });

  it('row 10 AGENT_REVIEW: hands off with everything known, no ticket', async () => {
    const bot = await DialogHarness.start({}, simulator);
    const turn = await reachDiagnosis(bot, '081100000011', 'iya');
    expect(diagnosisTrace(turn)?.outcome).toBe('AGENT_REVIEW');
    expect(handoffEvent(turn)?.value).toMatchObject({ outcome: 'AGENT_REVIEW', answers: { paymentChannel: { provider: 'BCA' } } });
    expect(simulator.tickets()).toHaveLength(0);
  });

  it('SYSTEM_UNAVAILABLE: apologises, still files a ticket naming the failed system, hands off', async () => {
    const bot = await DialogHarness.start({}, simulator);
    const turn = await reachDiagnosis(bot, '081100000013', 'iya');
    expect(diagnosisTrace(turn)?.outcome).toBe('SYSTEM_UNAVAILABLE');
    expect(texts(turn)).toContain(`${tId('outcome.systemUnavailable')}\n\n${tId('slots.ask.location')}`);
    await bot.say('Bogor');
    const end = await bot.say('tidak ada');
    const ticket = TicketRequest.parse(simulator.tickets()[0]!.request);
    expect(ticket.systemStatus.unavailableSystems).toContain('DSC');
    expect(ticket.customer.name).toBeNull();
    expect(handoffEvent(end)?.value).toMatchObject({ unavailableSystems: ['DSC'] });
  });

  it('a number unknown to the systems is asked again once', async () => {
    const bot = await DialogHarness.start({}, simulator);
    const turn = await reachDiagnosis(bot, '081100000016', 'iya');
    expect(slotPrompts(turn)).toEqual(['msisdn']);
    const next = await bot.say('0811-0000-0007');
    expect(diagnosisTrace(next)?.outcome).toBe('TICKET_BLOCKED');
  });
});
