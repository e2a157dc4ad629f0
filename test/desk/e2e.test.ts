/**
 * A whole desk hand-off over real HTTP: a customer on the emulator channel, two agents on the
 * desk API: queue → claim (the second agent gets 409) → messages both ways → close (note on
 * the ticket, the bot answers again). On one instance, and on two sharing Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n.js';
import { startRedisPair, startTestBot, type TestBot } from '../support/app.js';
import { skipWithoutRedis } from '../support/redis.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { AgentClient, customerToDesk, DEMO, until } from './support.js';

const tId = createTranslator().forLocale('id');

async function wholeHandoff(customerBot: TestBot, agentBot: TestBot, otherAgentBot: TestBot, simulator: Simulator) {
  const c = customerBot.conversation();
  const sari = await new AgentClient(agentBot.app.url).login(DEMO.sari);
  const budi = await new AgentClient(otherAgentBot.app.url).login(DEMO.budi);
  const stream = sari.events();
  await customerToDesk(c);
  expect(c.activities.some((a) => a.text === tId('deskCustomer.placeInQueue', { place: 1 }))).toBe(true);

  const queue = await sari.request('GET', '/desk/api/queue');
  const item = (queue.json.items as Array<Record<string, unknown>>).find((i) => i.conversationId === c.id);
  expect(item).toMatchObject({ state: 'waiting', outcome: 'TICKET_BLOCKED', channel: 'emulator', agent: null });
  expect(item!.ticketId).toMatch(/\S/);

  const view = await sari.request('GET', `/desk/api/conversations/${c.id}`);
  expect(view.json).toMatchObject({ state: 'waiting', customer: { msisdn: '6281100000007' }, answers: { location: 'Bekasi' } });
  expect((view.json.transcript as unknown[]).length).toBeGreaterThan(5);

  // While waiting, the customer's messages go to the desk, with their place in the queue.
  const waiting = await c.say('halo, masih lama?');
  expect(waiting.map((a) => a.text)).toContain(tId('deskCustomer.stillWaiting', { place: 1 }));

  expect((await sari.request('POST', `/desk/api/conversations/${c.id}/claim`)).status).toBe(200);
  expect((await budi.request('POST', `/desk/api/conversations/${c.id}/claim`)).status).toBe(409);
  expect((await budi.request('POST', `/desk/api/conversations/${c.id}/messages`, { text: 'saya juga' })).status).toBe(409);

  expect((await sari.request('POST', `/desk/api/conversations/${c.id}/messages`, { text: 'Halo, saya cek dulu ya.' })).status).toBe(202);
  await customerBot.channel.waitFor((a) => a.conversation?.id === c.id && a.text === tId('deskCustomer.agentMessage', { agent: 'Sari (demo)', text: 'Halo, saya cek dulu ya.' }));

  const quiet = await c.say('baik, terima kasih');
  expect(quiet.filter((a) => a.type === 'message')).toEqual([]);
  const withCustomer = await sari.request('GET', `/desk/api/conversations/${c.id}`);
  expect((withCustomer.json.transcript as Array<{ from: string; text: string }>).slice(-2)).toEqual([
    expect.objectContaining({ from: 'agent', text: 'Halo, saya cek dulu ya.' }),
    expect.objectContaining({ from: 'customer', text: 'baik, terima kasih' }),
  ]);

  expect((await budi.request('POST', `/desk/api/conversations/${c.id}/close`, {})).status).toBe(409);
  expect((await sari.request('POST', `/desk/api/conversations/${c.id}/close`, { note: 'Nomor diaktifkan manual.' })).status).toBe(200);
  await customerBot.channel.waitFor((a) => a.conversation?.id === c.id && a.text === tId('deskCustomer.agentClosed', { agent: 'Sari (demo)' }));
  const note = await until(() => simulator.notes(String(item!.ticketId)).find((n) => n.text.includes('Nomor diaktifkan manual.')));
  expect(note.text).toContain('Sari (demo)');
  expect((await sari.request('POST', `/desk/api/conversations/${c.id}/close`, {})).status).toBe(409);

  // The bot has the conversation again: a new case.
  const again = await c.say('halo');
  expect(again.some((a) => a.type === 'message' && a.text)).toBe(true);
  expect(again.map((a) => a.text)).not.toContain(tId('handoff.alreadyHandedOffWithTicket', { ticketId: String(item!.ticketId) }));
  expect((await sari.request('GET', '/desk/api/queue')).json.items).toEqual([]);

  const types = await until(() => {
    const seen = stream.received.filter((e) => e.conversationId === c.id).map((e) => e.type);
    return seen.includes('closed') ? seen : undefined;
  });
  expect(types).toEqual(expect.arrayContaining(['handoff', 'customerMessage', 'claimed', 'agentMessage', 'closed']));
  stream.stop();
}

describe('desk end to end, one instance', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ HANDOFF_TARGET: 'desk' });
  });
  afterAll(async () => bot.stop());

  it('queue → claim → messages both ways → close', async () => {
    await wholeHandoff(bot, bot, bot, bot.app.simulator!);
  });
});

describe.skipIf(skipWithoutRedis('desk on two instances'))('desk end to end, two instances sharing Redis', () => {
  let pair: Awaited<ReturnType<typeof startRedisPair>>;
  let simulator: Simulator;
  beforeAll(async () => {
    // One backend for both, as in a real deployment: the ticket made via A gets B's note.
    simulator = await startSimulator({ port: 0, host: '127.0.0.1' });
    pair = await startRedisPair('desk', { HANDOFF_TARGET: 'desk', DESK_SESSION_SECRET: 'desk-test-secret-0123456789abcdef0123', BACKEND_BASE_URL: simulator.url });
  });
  afterAll(async () => {
    await pair?.stop();
    await simulator?.close();
  });

  it('a customer on A, the agents on B and A', async () => {
    await wholeHandoff(pair.a, pair.b, pair.a, simulator);
  });
});

describe('desk: nobody claims within DESK_MAX_WAIT_MINUTES', () => {
  let bot: TestBot;
  beforeAll(async () => {
    // 0.01 minutes (600 ms); the sweep runs every 200 ms.
    bot = await startTestBot({ HANDOFF_TARGET: 'desk', DESK_MAX_WAIT_MINUTES: '0.01' });
  });
  afterAll(async () => bot.stop());

  it('the customer is told the ticket number once, and the case stays in the queue for an agent', async () => {
    const c = bot.conversation();
    await customerToDesk(c);
    const sari = await new AgentClient(bot.app.url).login(DEMO.sari);
    const item = ((await sari.request('GET', '/desk/api/queue')).json.items as Array<Record<string, unknown>>).find((i) => i.conversationId === c.id);
    const ticketId = String(item!.ticketId);
    const expired = tId('deskCustomer.waitExpiredWithTicket', { ticketId });
    await bot.channel.waitFor((a) => a.conversation?.id === c.id && a.text === expired);
    // Several sweeps later it was still said once.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(bot.channel.received.filter((a) => a.conversation?.id === c.id && a.text === expired)).toHaveLength(1);
    const after = ((await sari.request('GET', '/desk/api/queue')).json.items as Array<Record<string, unknown>>).find((i) => i.conversationId === c.id);
    expect(after).toMatchObject({ state: 'waiting', ticketId });
    // Writing again: the message reaches the desk, and the answer keeps to "our team will contact you", not a place in the queue.
    const reply = await c.say('halo, masih ada orang?');
    expect(reply.map((a) => a.text)).toEqual([tId('deskCustomer.stillRecordedWithTicket', { ticketId })]);
    const view = await sari.request('GET', `/desk/api/conversations/${encodeURIComponent(c.id)}`);
    expect(JSON.stringify(view.json)).toContain('halo, masih ada orang?');
  });
});
