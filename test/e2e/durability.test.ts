/**
 * Nothing lost, nothing twice (issue 6): several instances sharing Redis, concurrent and
 * duplicate deliveries, a SIGKILL between storing a ticket and sending it, and a ticket
 * endpoint that fails for a while — all over real HTTP against a shared simulator.
 */
import { randomUUID } from 'node:crypto';
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
const slots = (activities: BotActivity[]) =>
  activities.filter((a) => a.type === 'trace' && a.name === 'SlotPrompt').map((a) => (a.value as { slot: string }).slot);

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());

/** The same activity, posted as a channel would (so a retry can reuse its id). */
function message(_conversation: EmulatedConversation, text: string, id = randomUUID()) {
  return { type: 'message', text, id };
}

describe.skipIf(skipWithoutRedis('several instances sharing Redis'))('several instances sharing Redis', () => {
  let a: TestBot;
  let b: TestBot;
  let pair: Awaited<ReturnType<typeof startRedisPair>> | undefined;
  beforeAll(async () => {
    pair = await startRedisPair('durability', { BACKEND_BASE_URL: simulator.url });
    ({ a, b } = pair);
  });
  afterAll(async () => pair?.stop());

  it("one conversation's turns alternating between two instances reach one ticket", async () => {
    const lines = ['halo', '0811 0000 0007', 'kemarin', 'bca', 'internet', 'iya', 'Bandung', 'tidak ada'];
    const onA = a.conversation();
    const onB = new EmulatedConversation(b.app.url, a.channel, { id: onA.id });
    let last: BotActivity[] = [];
    for (const [i, line] of lines.entries()) last = await (i % 2 === 0 ? onA : onB).say(line);
    expect(simulator.tickets()).toHaveLength(1);
    expect(last.some((x) => x.type === 'event' && x.name === 'handoff.initiate')).toBe(true);
  });

  it('two messages of one conversation at the same moment are both taken, one after the other', async () => {
    const onA = a.conversation();
    const onB = new EmulatedConversation(b.app.url, a.channel, { id: onA.id });
    await onA.say('halo');
    const [first, second] = await Promise.all([onA.post(message(onA, '0811 0000 0007')), onB.post(message(onB, 'bayar kemarin'))]);
    expect([first.status, second.status]).toEqual([200, 200]);
    // Both answers are in the state: the next question is the channel, whichever ran first.
    expect(slots(await onA.say('halo?'))).toEqual(['paymentChannel']);
  });

  it('the same activity delivered twice (to either instance) is processed once', async () => {
    const onA = a.conversation();
    const onB = new EmulatedConversation(b.app.url, a.channel, { id: onA.id });
    await onA.say('nomor 081100000006 bayar kemarin via ovo, internet mati');
    await onA.say('iya');
    await onA.say('Malang');
    const last = message(onA, 'tidak ada');
    const [x, y] = await Promise.all([onA.post(last), onB.post(last)]);
    const again = await onA.post(last);
    expect([x.status, y.status, again.status]).toEqual([200, 200, 200]);
    expect(simulator.tickets()).toHaveLength(1);
    const created = onA.activities.filter((m) => m.text?.includes(t('ticket.created', { ticketId: simulator.tickets()[0]!.ticket.ticketId })));
    expect(created).toHaveLength(1);
    expect(again.replies).toEqual([]);
  });
});

describe('one instance, the same activity delivered twice', () => {
  it('answers the first and only acknowledges the second', async () => {
    const bot = await startTestBot({ BACKEND_BASE_URL: simulator.url });
    try {
      const c = bot.conversation();
      await c.say('halo');
      const retried = message(c, '0811 0000 0007');
      const [x, y] = await Promise.all([c.post(retried), c.post(retried)]);
      expect([x.status, y.status]).toEqual([200, 200]);
      // Processed once: the next question was asked once.
      expect(slots(c.activities.filter((a) => a.replyToId === retried.id))).toEqual(['paymentDate']);
      expect(slots(await c.say('kemarin'))).toEqual(['paymentChannel']);
    } finally {
      await bot.stop();
    }
  });
});

describe('the ticket endpoint fails for a while, then recovers', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ BACKEND_BASE_URL: simulator.url, OUTBOX_RETRY_BASE_MS: '200' });
  });
  afterAll(async () => bot.stop());

  it('the customer is told the ticket will follow, then told its number, and it exists once', async () => {
    const c = bot.conversation();
    await c.say('nomor 081100000007 udh bayar kemarin lwt bca tp internet blm bs');
    await c.say('iya');
    await c.say('Bandung');
    simulator.failNext('/crm/v1/tickets', 4, 503);
    const end = await c.say('tidak ada');
    expect(texts(end).join('\n')).toContain(t('ticket.pending'));
    expect(end.some((x) => x.type === 'event' && x.name === 'handoff.initiate')).toBe(true);
    const later = await bot.channel.waitFor((x) => x.conversation?.id === c.id && /Kabar terbaru/.test(x.text ?? ''), 15_000);
    expect(simulator.tickets()).toHaveLength(1);
    expect(later.text).toBe(t('ticket.createdLater', { ticketId: simulator.tickets()[0]!.ticket.ticketId }));
  });
});

describe('a process killed after storing a ticket and before sending it', () => {
  it('creates the ticket exactly once after the restart, and tells the customer', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sop007-crash-'));
    const env = { BACKEND_BASE_URL: simulator.url, STORAGE: 'file', DATA_DIR: dataDir, OUTBOX_RETRY_BASE_MS: '600000', HANDOFF_TARGET: 'event' };
    const channel = await new ChannelServer().start();
    const first = await startBotProcess(env);
    const c = new EmulatedConversation(first.url, channel);
    await c.say('nomor 081100000007 udh bayar kemarin lwt bca tp internet blm bs');
    await c.say('iya');
    await c.say('Bandung');
    simulator.failNext('/crm/v1/tickets', 2, 503);
    expect(texts(await c.say('tidak ada')).join('\n')).toContain(t('ticket.pending'));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(simulator.tickets()).toHaveLength(0);

    const second = await startBotProcess({ ...env, PORT: '0' });
    try {
      const told = await channel.waitFor((x) => x.conversation?.id === c.id && /Kabar terbaru/.test(x.text ?? ''), 15_000);
      expect(simulator.tickets()).toHaveLength(1);
      expect(told.text).toContain(simulator.tickets()[0]!.ticket.ticketId);
      // the conversation goes on on the new process, with its state
      const again = new EmulatedConversation(second.url, channel, { id: c.id });
      // still blocked, and watched since the ticket: the customer hears where things stand
      const status = texts(await again.say('sudah aktif belum?'));
      expect(status).toContain(t('monitor.statusBlocked', { ticketId: simulator.tickets()[0]!.ticket.ticketId }));
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
      await channel.stop();
    }
  });
});
