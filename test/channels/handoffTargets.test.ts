/**
 * HANDOFF_TARGET: every target gets the same case; Omnichannel's and LivePerson's documented
 * shapes (escalation, bridged delivery, end on cancel); each `handoff.status` state.
 */
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffTarget } from '../../src/channels/handoff/target.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { DialogHarness, handoffEvent, tEn, tId, texts } from '../support/dialogs.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());

const tagsOf = (a: Partial<Activity>) => {
  const tags = (a.channelData as { tags?: unknown } | undefined)?.tags;
  return typeof tags === 'string' ? (JSON.parse(tags) as { type: string; context?: Record<string, string> }) : undefined;
};

/** A whole case that ends in a ticket and a hand-off (demo number 7: blocked, ledger posted). */
async function handOffWithTicket(bot: DialogHarness): Promise<Partial<Activity>[]> {
  await bot.say('0811 0000 0007');
  await bot.say('kemarin');
  await bot.say('transfer bca');
  await bot.say('telepon dan internet');
  await bot.say('sudah');
  let turn = await bot.say('Jakarta Selatan');
  for (let i = 0; i < 3 && !turn.some((a) => a.type === 'message' && tagsOf(a)?.type === 'Escalate') && !handoffEvent(turn) && !turn.some((a) => (a.channelData as { action?: unknown } | undefined)?.action); i++) {
    turn = await bot.say('tidak ada');
  }
  return bot.all;
}

describe('HANDOFF_TARGET=omnichannel', () => {
  it('escalates with the Escalate tags and the context variables, the summary as text, and no handoff.initiate', async () => {
    const bot = await DialogHarness.start({ handoff: { handoffTarget: handoffTarget('omnichannel') } }, simulator);
    const all = await handOffWithTicket(bot);
    const escalation = all.find((a) => tagsOf(a)?.type === 'Escalate');
    expect(escalation).toBeDefined();
    const context = tagsOf(escalation!)!.context!;
    expect(context).toMatchObject({ outcome: 'TICKET_BLOCKED', msisdn: '6281100000007', sopReference: 'SOP-007' });
    expect(context.ticketId).toMatch(/\S/);
    expect(context.paymentChannel).toMatch(/BCA/);
    expect(context.affectedServices).toMatch(/VOICE/);
    expect(context.location).toBe('Jakarta Selatan');
    expect(Object.values(context).every((v) => typeof v === 'string')).toBe(true);
    expect(escalation!.text).toContain(context.ticketId);
    expect(handoffEvent(all)).toBeUndefined();
    // Every message for the customer is bridged; the escalation command itself is not.
    const customerMessages = all.filter((a) => a.type === 'message' && a.text && !tagsOf(a));
    expect(customerMessages.length).toBeGreaterThan(3);
    for (const m of customerMessages) expect((m.channelData as { deliveryMode?: string }).deliveryMode).toBe('bridged');
    expect((escalation!.channelData as { deliveryMode?: string }).deliveryMode).toBeUndefined();
    // The customer cancels: EndConversation.
    const cancel = await bot.say('batal');
    expect(cancel.some((a) => tagsOf(a)?.type === 'EndConversation')).toBe(true);
    expect(texts(cancel)).toContain(tId('control.cancelled'));
  });
});

describe('HANDOFF_TARGET=liveperson', () => {
  it('transfers to the configured skill with the summary, and closes the conversation on cancel', async () => {
    const bot = await DialogHarness.start({ handoff: { handoffTarget: handoffTarget('liveperson', { livePersonSkill: 'sop007-billing' }) } }, simulator);
    await bot.say('0811 0000 0007 bayar kemarin via ovo');
    const end = await bot.say('mau ngomong sama cs aja');
    const transfer = end.find((a) => (a.channelData as { action?: { name?: string } } | undefined)?.action?.name === 'TRANSFER');
    expect((transfer!.channelData as { action: unknown }).action).toEqual({ name: 'TRANSFER', parameters: { skill: 'sop007-billing' } });
    expect(transfer!.text).toContain('6281100000007');
    expect(handoffEvent(end)).toBeUndefined();
    const cancel = await bot.say('batal');
    expect(cancel.find((a) => (a.channelData as { action?: unknown } | undefined)?.action)?.channelData).toEqual({ action: { name: 'CLOSE_CONVERSATION' } });
  });
});

describe('HANDOFF_TARGET=event and desk', () => {
  it.each(['event', 'desk'] as const)('%s sends the handoff.initiate event and no platform command', async (name) => {
    const bot = await DialogHarness.start({ handoff: { handoffTarget: handoffTarget(name) } }, simulator);
    await bot.say('0811 0000 0007 bayar kemarin via ovo');
    const end = await bot.say('agen');
    expect(handoffEvent(end)?.value).toMatchObject({ reason: 'CUSTOMER_REQUEST', customer: { msisdn: '6281100000007' } });
    expect(end.some((a) => tagsOf(a) || (a.channelData as { action?: unknown } | undefined)?.action)).toBe(false);
    expect(handoffEvent(await bot.say('batal'))).toBeUndefined();
  });
});

describe('handoff.status from a hub', () => {
  async function handedOff(locale = 'id-ID') {
    const bot = await DialogHarness.start({ locale }, simulator);
    await bot.say('0811 0000 0007 bayar kemarin via ovo');
    await bot.say('agen');
    return bot;
  }

  it('accepted: the customer hears once that an agent joined', async () => {
    const bot = await handedOff();
    expect(texts(await bot.event('handoff.status', { state: 'accepted' }))).toEqual([tId('deskCustomer.agentJoined')]);
    expect(texts(await bot.event('handoff.status', { state: 'accepted' }))).toEqual([]);
  });

  it('failed: an apology and what happens next, then the bot answers again', async () => {
    const bot = await handedOff('en-US');
    expect(texts(await bot.event('handoff.status', { state: 'failed', message: 'no agents' }))).toEqual([tEn('deskCustomer.handoffFailed')]);
    const next = texts(await bot.say('hello'));
    expect(next).not.toContain(tEn('handoff.alreadyHandedOff'));
    expect(next.length).toBeGreaterThan(0);
  });

  it('completed: the bot takes the conversation back; a later status is ignored', async () => {
    const bot = await handedOff();
    await bot.event('handoff.status', { state: 'accepted' });
    expect(texts(await bot.event('handoff.status', { state: 'completed' }))).toEqual([tId('deskCustomer.backWithBot')]);
    expect(texts(await bot.say('halo'))).not.toContain(tId('handoff.alreadyHandedOff'));
    expect(texts(await bot.event('handoff.status', { state: 'completed' }))).toEqual([]);
  });

  it('an unknown or malformed state is ignored', async () => {
    const bot = await handedOff();
    expect(await bot.event('handoff.status', { state: 'weird' })).toEqual([]);
    expect(await bot.event('handoff.status', 'accepted')).toEqual([]);
    expect(texts(await bot.say('halo?'))).toContain(tId('handoff.alreadyHandedOff'));
  });
});
