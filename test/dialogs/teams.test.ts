/**
 * The whole SOP on Microsoft Teams: Teams-shaped activities (29:/28: ids, tenant, aadObjectId,
 * clientInfo, personal/groupChat/channel scope, `<at>` mentions) through the real bot unit, and
 * answers given by pressing the Adaptive Cards the bot sent, never by typing what a button says.
 */
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TicketRequest } from '../../src/contracts/backend.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { DialogHarness, tEn, tId, texts } from '../support/dialogs.js';
import { adaptiveCards, cardSlot, submitted, teamsActivity, teamsUser, typed, BOT_ID, type Scope, type TeamsUser } from '../support/teams.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());

const start = (options: { teamsAllowedTenants?: string[] } = {}) => DialogHarness.start({ channelId: 'msteams', ownActivityFields: true, ...options }, simulator);

/** What Teams must never get: suggested actions beside a card or more than three, an event activity. */
function expectTeamsShaped(replies: Partial<Activity>[]) {
  for (const reply of replies) {
    expect(reply.type, 'no event activities to Teams').not.toBe('event');
    expect(reply.suggestedActions?.actions.length ?? 0).toBeLessThanOrEqual(3);
    if (reply.attachments?.length) expect(reply.suggestedActions).toBeUndefined();
    expect((reply.channelData as { choice?: unknown } | undefined)?.choice).toBeUndefined();
  }
}

async function caseOf(bot: DialogHarness): Promise<Record<string, unknown>> {
  return ((await bot.conversationState())?.case ?? {}) as Record<string, unknown>;
}

/** Presses the button of the last card whose submit carries `answer` (by the locale's button title). */
function press(user: TeamsUser, replies: Partial<Activity>[], title: string): Partial<Activity> {
  const card = adaptiveCards(replies).at(-1);
  const button = card?.buttons.find((b) => b.title === title);
  if (!button) throw new Error(`no card button "${title}" in ${JSON.stringify(card?.buttons.map((b) => b.title))}`);
  return submitted(user, button.data);
}

interface Row {
  number: string;
  outcome: string;
  notification?: 'yes' | 'no';
  location?: string;
  scope?: Scope;
}

const ROWS: Row[] = [
  { number: '081100000001', outcome: 'EXISTING_TICKET' },
  { number: '081100000002', outcome: 'CONFIRM_WITH_PAYMENT_CHANNEL', notification: 'no' },
  { number: '081100000003', outcome: 'TICKET_PAYMENT_NOT_POSTED', scope: 'groupChat' },
  { number: '081100000004', outcome: 'REACTIVATION' },
  { number: '081100000005', outcome: 'BILLCO_ACTIVATION', scope: 'channel' },
  { number: '081100000006', outcome: 'TICKET_VOLUNTARY_BLOCK' },
  { number: '081100000007', outcome: 'TICKET_BLOCKED', scope: 'channel' },
  { number: '081100000008', outcome: 'TICKET_BLOCKED' },
  { number: '081100000009', outcome: 'OUTAGE_INFO', location: 'Bandung' },
  { number: '081100000010', outcome: 'NETWORK_REFRESH', location: 'Surabaya' },
  { number: '081100000011', outcome: 'AGENT_REVIEW', scope: 'groupChat' },
  { number: '081100000013', outcome: 'SYSTEM_UNAVAILABLE' },
];

describe('every outcome row on Teams, answered with card presses', () => {
  it.each(ROWS)('$number → $outcome ($scope)', async (row) => {
    const bot = await start();
    const user = teamsUser(row.scope ?? 'personal');
    const all: Partial<Activity>[] = [];
    let replies = await bot.send(typed(user, `nomor ${row.number} udh bayar kemarin lewat m-banking bca tp internet blm bisa`));
    for (let turn = 0; turn < 8; turn++) {
      all.push(...replies);
      const card = adaptiveCards(replies).at(-1);
      const slot = card && cardSlot(card);
      const asked = texts(replies).join('\n');
      if (slot === 'notificationReceived') {
        replies = await bot.send(press(user, replies, tId(row.notification === 'no' ? 'slots.button.no' : 'slots.button.yes')));
      } else if (slot === 'alternateContact') {
        replies = await bot.send(press(user, replies, tId('slots.button.noOtherNumber')));
      } else if (asked.includes(tId('slots.ask.location'))) {
        replies = await bot.send(typed(user, row.location ?? 'Jakarta Selatan, Tebet'));
      } else break;
    }
    expectTeamsShaped(all);
    expect((await caseOf(bot)).outcome).toBe(row.outcome);
    const tickets = simulator.tickets();
    if (row.outcome.startsWith('TICKET_')) {
      expect(tickets).toHaveLength(1);
      const ticket = TicketRequest.parse(tickets[0]!.request);
      expect(ticket.complaintChannel).toBeTruthy();
      expect(ticket.alternateContact).toBeNull();
      // The hand-off text reaches Teams; the event that carries the case does not.
      expect(texts(all).join('\n')).toContain(tId('handoff.connecting'));
    }
  });
});

describe('the services question on a card', () => {
  it('is a multi-select ChoiceSet; several services picked become the case\'s services', async () => {
    const bot = await start();
    const user = teamsUser('personal');
    const first = await bot.send(typed(user, 'nomor 081100000007 udh bayar kemarin lewat m-banking bca'));
    expectTeamsShaped(first);
    const card = adaptiveCards(first).at(-1)!;
    expect(card.card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(card.choiceSet).toMatchObject({ isMultiSelect: true });
    expect(card.choiceSet!.choices.map((c) => c.title)).toEqual(['Internet', 'Telepon', 'SMS', 'Semuanya']);
    expect(card.buttons).toHaveLength(1);
    // Teams posts the chosen values comma-delimited under the ChoiceSet's id, beside the submit's data.
    const value = { ...card.buttons[0]!.data, [card.choiceSet!.id]: `${card.choiceSet!.choices[0]!.value},${card.choiceSet!.choices[2]!.value}` };
    const next = await bot.send(submitted(user, value));
    expectTeamsShaped(next);
    expect((await caseOf(bot)).affectedServices).toEqual(['DATA', 'SMS']);
    // The pressed choices are in the transcript as the customer's words.
    expect(JSON.stringify((await bot.conversationState())?.transcript)).toContain('Internet, SMS');
  });

  it('an empty pick asks again instead of guessing', async () => {
    const bot = await start();
    const user = teamsUser('personal');
    const first = await bot.send(typed(user, 'nomor 081100000007 udh bayar kemarin lewat m-banking bca'));
    const card = adaptiveCards(first).at(-1)!;
    const next = await bot.send(submitted(user, { ...card.buttons[0]!.data }));
    expect((await caseOf(bot)).affectedServices).toBeUndefined();
    expect(adaptiveCards(next).at(-1)?.choiceSet).toBeDefined();
  });

  it('free text still answers a card question', async () => {
    const bot = await start();
    const user = teamsUser('personal');
    await bot.send(typed(user, 'nomor 081100000007 udh bayar kemarin lewat m-banking bca'));
    await bot.send(typed(user, 'telpon sama sms'));
    expect((await caseOf(bot)).affectedServices).toEqual(['SMS', 'VOICE']);
  });
});

describe('Teams input', () => {
  it('a cancel confirmation (two buttons without a slot) is a card too, and its press cancels', async () => {
    const bot = await start();
    const user = teamsUser('personal');
    await bot.send(typed(user, 'nomor 081100000007 udh bayar kemarin'));
    const ask = await bot.send(typed(user, 'ga jadi deh'));
    expectTeamsShaped(ask);
    const yes = tId('control.button.cancelYes');
    expect(adaptiveCards(ask).at(-1)?.buttons.map((b) => b.title)).toContain(yes);
    expect(texts(await bot.send(press(user, ask, yes)))).toContain(tId('control.cancelled'));
  });

  it('removes the bot\'s <at> mention in a channel thread and keeps the thread\'s conversation id', async () => {
    const bot = await start();
    const user = teamsUser('channel');
    const replies = await bot.send(typed(user, 'nomor 081100000007'));
    expect((await caseOf(bot)).msisdn).toBe('6281100000007');
    for (const reply of replies) expect(reply.conversation?.id).toBe(user.conversationId);
    expect(user.conversationId).toContain(';messageid=');
  });

  it('reads the locale from the clientInfo entity when activity.locale is missing, and activity.locale first', async () => {
    const english = await start();
    const en = teamsUser('personal', { clientLocale: 'en-US' });
    expect(texts(await english.send(typed(en, 'hello'))).join('\n')).toContain(tEn('greeting.welcome'));
    const localeFirst = await start();
    const both = teamsUser('personal', { locale: 'id-ID', clientLocale: 'en-US' });
    expect(texts(await localeFirst.send(typed(both, 'halo'))).join('\n')).toContain(tId('greeting.welcome'));
    const neither = await start();
    const none = teamsUser('personal', { clientLocale: undefined });
    expect(texts(await neither.send(typed(none, 'halo'))).join('\n')).toContain(tId('greeting.welcome'));
  });

  it('a card press from another app (unknown value) is not turned into words', async () => {
    const bot = await start();
    const user = teamsUser('personal');
    await bot.send(typed(user, 'halo'));
    const replies = await bot.send(submitted(user, { action: 'something-else', sop007Picked: 'Internet' }));
    expect((await caseOf(bot)).affectedServices).toBeUndefined();
    expect(replies.length).toBeGreaterThan(0);
  });
});

describe('install, retries and tenants', () => {
  it('greets once on install (conversationUpdate adding the bot), never again on the first message', async () => {
    const bot = await start();
    const user = teamsUser('personal');
    const install = await bot.send(teamsActivity(user, { type: 'conversationUpdate', membersAdded: [{ id: BOT_ID, name: 'SOP007 Bot' }] }));
    expect(texts(install)).toHaveLength(1);
    expect(texts(install)[0]).toContain(tId('greeting.welcome'));
    const again = await bot.send(teamsActivity(user, { type: 'conversationUpdate', membersAdded: [{ id: user.userId, name: 'Budi Santoso' }] }));
    expect(texts(again)).toEqual([]);
    const first = await bot.send(typed(user, 'halo'));
    expect(texts(first).join('\n')).not.toContain(tId('greeting.welcome'));
  });

  it('handles installationUpdate (add and remove) without an error or a reply', async () => {
    const bot = await start();
    const user = teamsUser('team' as never);
    for (const action of ['add', 'remove']) {
      const replies = await bot.send(teamsActivity(user, { type: 'installationUpdate', action }));
      expect(texts(replies)).toEqual([]);
    }
  });

  it('a retried delivery (same Teams activity id) is processed once', async () => {
    const bot = await start();
    const user = teamsUser('personal');
    await bot.send(typed(user, 'halo'));
    const delivery = typed(user, 'nomor 081100000007 udh bayar kemarin lewat m-banking bca tp internet blm bisa');
    const first = await bot.send({ ...delivery });
    const retry = await bot.send({ ...delivery });
    expect(texts(first).length).toBeGreaterThan(0);
    expect(retry).toEqual([]);
  });

  it('refuses a tenant not on TEAMS_ALLOWED_TENANTS with one polite line, and keeps no state', async () => {
    const bot = await start({ teamsAllowedTenants: ['11111111-2222-3333-4444-555555555555'] });
    const stranger = teamsUser('personal');
    const replies = await bot.send(typed(stranger, 'nomor 081100000007'));
    expect(texts(replies)).toEqual([tId('teams.tenantRefused')]);
    expect(await bot.conversationState()).toBeUndefined();
    const install = await bot.send(teamsActivity(stranger, { type: 'conversationUpdate', membersAdded: [{ id: BOT_ID, name: 'SOP007 Bot' }] }));
    expect(install).toEqual([]);
    const member = teamsUser('personal', { tenantId: '11111111-2222-3333-4444-555555555555' });
    const allowed = await bot.send(typed(member, 'halo'));
    expect(texts(allowed).join('\n')).toContain(tId('greeting.welcome'));
  });
});
