/**
 * Teams-shaped activities, as Teams sends them (ids `29:` for users, `28:` for bots, a tenant,
 * an Entra object id, the `clientInfo` entity, `conversationType`), and reading what the bot
 * sent back to Teams (Adaptive Cards instead of suggested actions).
 */
import type { Activity, Attachment } from 'botbuilder';

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT_ID = '28:00000000-0000-0000-0000-000000000001';
export const TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/apac/';

export type Scope = 'personal' | 'groupChat' | 'channel';

export interface TeamsUser {
  scope: Scope;
  conversationId: string;
  userId: string;
  tenantId: string;
  locale?: string;
  /** Where the clientInfo entity says the user is (Teams sends it on every message). */
  clientLocale?: string;
}

export function teamsUser(scope: Scope = 'personal', overrides: Partial<TeamsUser> = {}): TeamsUser {
  const n = Math.random().toString(36).slice(2, 10);
  const conversationId =
    scope === 'personal' ? `a:1${n}personal` : scope === 'groupChat' ? `19:${n}@thread.v2` : `19:${n}@thread.tacv2;messageid=1733270000000`;
  return { scope, conversationId, userId: `29:1${n}user`, tenantId: TENANT_ID, clientLocale: 'id-ID', ...overrides };
}

let nextId = 1;

export function teamsActivity(user: TeamsUser, fields: Partial<Activity>): Partial<Activity> {
  return {
    type: 'message',
    id: `1733270${String(nextId++).padStart(6, '0')}`,
    channelId: 'msteams',
    serviceUrl: TEAMS_SERVICE_URL,
    from: { id: user.userId, name: 'Budi Santoso', aadObjectId: 'b1e2c3d4-0000-4000-8000-00000000abcd' },
    recipient: { id: BOT_ID, name: 'SOP007 Bot' },
    conversation: {
      id: user.conversationId,
      conversationType: user.scope,
      tenantId: user.tenantId,
      isGroup: user.scope !== 'personal',
    } as Activity['conversation'],
    channelData: { tenant: { id: user.tenantId }, ...(user.scope === 'channel' ? { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:channel@thread.tacv2' } } : {}) },
    ...(user.locale ? { locale: user.locale } : {}),
    entities: user.clientLocale ? [{ type: 'clientInfo', locale: user.clientLocale, country: 'ID', platform: 'Web', timezone: 'Asia/Jakarta' }] : [],
    ...fields,
  };
}

/** A typed message; in group chats and channels Teams puts the bot's `<at>` mention in the text. */
export function typed(user: TeamsUser, text: string): Partial<Activity> {
  if (user.scope === 'personal') return teamsActivity(user, { text });
  const mention = '<at>SOP007 Bot</at>';
  return teamsActivity(user, {
    text: `${mention} ${text}`,
    entities: [
      { type: 'mention', text: mention, mentioned: { id: BOT_ID, name: 'SOP007 Bot' } },
      ...(user.clientLocale ? [{ type: 'clientInfo', locale: user.clientLocale }] : []),
    ],
  });
}

/** What Teams posts when an Action.Submit is pressed: `value` = the action's data (+ inputs), no text. */
export function submitted(user: TeamsUser, value: Record<string, unknown>): Partial<Activity> {
  return teamsActivity(user, { text: '', value });
}

export interface CardView {
  card: Record<string, unknown>;
  buttons: Array<{ title: string; data: Record<string, unknown> }>;
  choiceSet?: { id: string; isMultiSelect: boolean; choices: Array<{ title: string; value: string }> };
}

export function adaptiveCards(activities: Partial<Activity>[]): CardView[] {
  return activities
    .flatMap((a) => a.attachments ?? [])
    .filter((att: Attachment) => att.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((att) => {
      const card = att.content as { body?: Array<Record<string, unknown>>; actions?: Array<{ title: string; data: Record<string, unknown> }> };
      const choiceSet = (card.body ?? []).find((b) => b.type === 'Input.ChoiceSet') as CardView['choiceSet'] | undefined;
      return { card: card, buttons: card.actions ?? [], choiceSet };
    });
}

/** The slot a card asks for (its submits carry it). */
export function cardSlot(view: CardView): string | undefined {
  return (view.buttons[0]?.data.sop007 as { slot?: string } | undefined)?.slot;
}
