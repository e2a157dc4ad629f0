/**
 * SOP-007 Notes 5 over real HTTP: after a ticket the bot keeps re-checking the number and
 * tells the customer, once, when it is active; the horizon ends monitoring with a message; an
 * unconfirmed refresh gets one follow-up; schedules survive restarts and run once across
 * instances.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { startRedisPair, startTestBot, type TestBot } from '../support/app.js';
import { ChannelServer, EmulatedConversation, texts, type BotActivity } from '../support/emulator.js';
import { startBotProcess } from '../support/process.js';
import { skipWithoutRedis } from '../support/redis.js';

const t = createTranslator().forLocale('id');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());

const FAST = { MONITOR_INTERVAL_SECONDS: '0.2', MONITOR_HORIZON_HOURS: '1' };

async function fileTicket(c: EmulatedConversation, msisdn = '081100000007'): Promise<string> {
  await c.say(`nomor ${msisdn} udh bayar kemarin lwt bca tp internet blm bs`);
  await c.say('iya');
  await c.say('Bandung');
  await c.say('tidak ada');
  return simulator.tickets().at(-1)!.ticket.ticketId;
}

const sent = (channel: ChannelServer, conversationId: string, text: string) =>
  channel.received.filter((a) => a.conversation?.id === conversationId && a.text === text);

describe('watching a ticketed number', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ BACKEND_BASE_URL: simulator.url, ...FAST });
  });
  afterAll(async () => bot.stop());

  it('tells the customer once when the number is active, and notes it on the ticket once', async () => {
    const c = bot.conversation();
    const ticketId = await fileTicket(c);
    await sleep(700); // a few checks while still blocked: nothing is said
    expect(sent(bot.channel, c.id, t('monitor.numberActive'))).toHaveLength(0);
    simulator.activate('6281100000007');
    await bot.channel.waitFor((a) => a.conversation?.id === c.id && a.text === t('monitor.numberActive'));
    await sleep(800); // more intervals: no second message, no second note
    expect(sent(bot.channel, c.id, t('monitor.numberActive'))).toHaveLength(1);
    expect(simulator.notes(ticketId).filter((n) => /Pemantauan/.test(n.text))).toHaveLength(1);
  });

  it('a customer who comes back is told where things stand', async () => {
    const c = bot.conversation();
    const ticketId = await fileTicket(c);
    expect(texts(await c.say('sudah aktif belum?'))).toEqual([t('monitor.statusBlocked', { ticketId })]);
  });

  it('an unconfirmed network refresh gets one follow-up; "belum" leads to the ticket flow', async () => {
    const c = bot.conversation();
    await c.say('nomor 081100000010 udh bayar kemarin lwt bca tp internet blm bs');
    await c.say('iya');
    await c.say('Surabaya'); // refresh steps and "did it work?" — then the customer goes quiet
    await bot.channel.waitFor((a) => a.conversation?.id === c.id && a.text === t('monitor.refreshFollowUp'));
    await sleep(600);
    expect(sent(bot.channel, c.id, t('monitor.refreshFollowUp'))).toHaveLength(1);
    const next = await c.say('belum');
    expect(texts(next)).toContain(`${t('outcome.refreshFailed')}\n\n${t('slots.ask.alternateContact')}`);
  });
});

describe('the horizon', () => {
  it('ends monitoring with a note and a message', async () => {
    const bot = await startTestBot({ BACKEND_BASE_URL: simulator.url, MONITOR_INTERVAL_SECONDS: '0.2', MONITOR_HORIZON_HOURS: '0.0003' });
    try {
      const c = bot.conversation();
      const ticketId = await fileTicket(c);
      await bot.channel.waitFor((a) => a.conversation?.id === c.id && a.text === t('monitor.ended', { ticketId }), 10_000);
      expect(simulator.notes(ticketId).filter((n) => /berakhir/.test(n.text))).toHaveLength(1);
    } finally {
      await bot.stop();
    }
  });
});

describe('a restart between the ticket and the number becoming active', () => {
  it('loses no schedule', async () => {
    const env = { BACKEND_BASE_URL: simulator.url, STORAGE: 'file', DATA_DIR: mkdtempSync(join(tmpdir(), 'sop007-monitor-')), MONITOR_INTERVAL_SECONDS: '0.3' };
    const channel = await new ChannelServer().start();
    const first = await startBotProcess(env);
    const c = new EmulatedConversation(first.url, channel);
    await fileTicket(c);
    first.child.kill('SIGTERM');
    await first.exited;
    simulator.activate('6281100000007');
    const second = await startBotProcess(env);
    try {
      await channel.waitFor((a: BotActivity) => a.conversation?.id === c.id && a.text === t('monitor.numberActive'), 15_000);
      await sleep(800);
      expect(sent(channel, c.id, t('monitor.numberActive'))).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
      await channel.stop();
    }
  });
});

describe.skipIf(skipWithoutRedis('monitoring across two instances'))('two instances sharing Redis', () => {
  let a: TestBot;
  let pair: Awaited<ReturnType<typeof startRedisPair>> | undefined;
  beforeAll(async () => {
    pair = await startRedisPair('monitor', { BACKEND_BASE_URL: simulator.url, ...FAST });
    a = pair.a; // b shares the state, the locks and the monitoring queue
  });
  afterAll(async () => pair?.stop());

  it('do not both tell the customer', async () => {
    const c = a.conversation();
    const ticketId = await fileTicket(c);
    simulator.activate('6281100000007');
    await a.channel.waitFor((x) => x.conversation?.id === c.id && x.text === t('monitor.numberActive'), 15_000);
    await sleep(1000);
    expect(sent(a.channel, c.id, t('monitor.numberActive'))).toHaveLength(1);
    expect(simulator.notes(ticketId).filter((n) => /Pemantauan/.test(n.text))).toHaveLength(1);
  });
});
