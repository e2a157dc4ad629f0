/**
 * What Teams sends, made into what the dialogs already understand, before anything else runs:
 *
 * - a tenant not in `TEAMS_ALLOWED_TENANTS` (when set) is refused: a message hears one polite
 *   line, nothing is processed, no state is read or written (docs/teams.md says why 200 and not 403);
 * - `<at>Bot</at>` mentions of the bot are removed (group chat and channel scope);
 * - a card press (`value` from an Action.Submit, `text` empty) becomes the words the button
 *   stands for, so it goes through `understand` and the case exactly like a typed answer;
 * - the locale comes from `activity.locale`, else the `clientInfo` entity Teams sends, else the
 *   bot's default (Indonesian, `resolveLocale`).
 *
 * Replies stay in a channel thread by themselves: the conversation id with `;messageid=` is
 * kept as it is, and every reply is addressed from the incoming activity's reference.
 */
import { TurnContext, type Activity, type Middleware } from 'botbuilder';
import { resolveLocale, type Translator } from '../../i18n.js';
import type { Logger } from '../../log.js';
import { submittedText } from './choiceCard.js';
import { TEAMS_CHANNEL_ID } from './outgoing.js';

export interface TeamsIncomingOptions {
  /** Tenant ids allowed to use the bot on Teams; empty = any tenant. */
  allowedTenants: readonly string[];
  translator: Translator;
  log: Logger;
}

/** `channelData.tenant.id` (Teams' own place for it), else `conversation.tenantId`. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  if (typeof fromChannelData === 'string' && fromChannelData) return fromChannelData;
  const fromConversation = activity.conversation?.tenantId;
  return typeof fromConversation === 'string' && fromConversation ? fromConversation : undefined;
}

/** The `clientInfo` entity's locale ("id-ID"), when Teams sent one. */
export function clientInfoLocale(activity: Partial<Activity>): string | undefined {
  const entity = (activity.entities ?? []).find((e) => e?.type === 'clientInfo') as { locale?: unknown } | undefined;
  return typeof entity?.locale === 'string' && entity.locale.length <= 35 ? entity.locale : undefined;
}

export class TeamsIncoming implements Middleware {
  private readonly allowed: ReadonlySet<string>;

  constructor(private readonly options: TeamsIncomingOptions) {
    this.allowed = new Set(options.allowedTenants.map((t) => t.toLowerCase()));
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.channelId !== TEAMS_CHANNEL_ID) return next();
    if (!activity.locale) {
      const locale = clientInfoLocale(activity);
      if (locale) activity.locale = locale;
    }
    // Our own proactive turns (a delayed ticket, monitoring) were let in when the conversation began.
    const proactive = activity.type === 'event' && activity.name === 'ContinueConversation';
    if (this.allowed.size > 0 && !proactive) {
      const tenant = tenantOf(activity);
      if (!tenant || !this.allowed.has(tenant.toLowerCase())) {
        // A tenant id names a company, not a person: it may be logged.
        this.options.log.warn({ event: 'msteams.tenant_refused', tenant: tenant ?? null, activityType: activity.type }, 'Teams tenant not allowed: not processed');
        if (activity.type === 'message') {
          await context.sendActivity(this.options.translator.forLocale(resolveLocale(activity.locale))('teams.tenantRefused'));
        }
        return;
      }
    }
    if (activity.type === 'message') {
      if (activity.text) {
        try {
          TurnContext.removeRecipientMention(activity);
        } catch {
          // A mention entity without `mentioned.id` (botbuilder reads it unchecked): text as sent.
        }
        activity.text = (activity.text ?? '').trim();
      }
      if (!activity.text) {
        const submitted = submittedText(activity.value);
        if (submitted !== undefined) activity.text = submitted;
      }
    }
    await next();
  }
}
