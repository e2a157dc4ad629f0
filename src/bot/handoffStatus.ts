/**
 * `handoff.status` events from a hub (Omnichannel, LivePerson, any Bot Framework hand-off
 * hub): `accepted` → "an agent has joined" (once per hand-off); `failed` → an apology, the
 * ticket number and what happens next, and the bot answers again; `completed` → the bot takes
 * the conversation back. Other states and malformed values are ignored (logged at debug).
 */
import { HandoffEventNames, type Activity, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { newCase, type CaseState } from '../conversation/case.js';
import { nextCase } from '../conversation/changes.js';
import { resolveLocale, type Translator } from '../i18n.js';
import type { Logger } from '../log.js';

export type HandoffState = 'accepted' | 'failed' | 'completed';

/** The state a `handoff.status` event carries, or null when the activity is not one. */
export function handoffStatusOf(activity: Partial<Activity>): HandoffState | null {
  if (activity.type !== 'event' || activity.name !== HandoffEventNames.HandoffStatus) return null;
  const value = activity.value as { state?: unknown } | null | undefined;
  const state = value && typeof value === 'object' ? value.state : undefined;
  return state === 'accepted' || state === 'failed' || state === 'completed' ? state : null;
}

export interface HandoffStatusDeps {
  cases: StatePropertyAccessor<CaseState>;
  /** Whether the customer was already told an agent joined (per hand-off). */
  agentJoined: StatePropertyAccessor<boolean>;
  translator: Translator;
  log: Logger;
}

export function handoffStatusHandler(deps: HandoffStatusDeps) {
  return async (context: TurnContext): Promise<void> => {
    const status = handoffStatusOf(context.activity);
    if (!status) {
      deps.log.debug({ name: context.activity.name }, 'an event that is not a known handoff.status ignored');
      return;
    }
    const t = deps.translator.forLocale(resolveLocale(context.activity.locale));
    const state = await deps.cases.get(context, newCase());
    if (!state.handedOff) {
      // A late or repeated status for a hand-off that already ended: nothing to tell.
      deps.log.debug({ status }, 'handoff.status for a conversation not with an agent ignored');
      return;
    }
    switch (status) {
      case 'accepted':
        if (await deps.agentJoined.get(context, false)) return;
        await deps.agentJoined.set(context, true);
        await context.sendActivity(t('deskCustomer.agentJoined'));
        return;
      case 'failed':
        await context.sendActivity(
          state.ticket ? t('deskCustomer.handoffFailedWithTicket', { ticketId: state.ticket.ticketId }) : t('deskCustomer.handoffFailed'),
        );
        break;
      case 'completed':
        await context.sendActivity(t('deskCustomer.backWithBot'));
        break;
    }
    // Failed or completed: the conversation is the bot's again; the next message starts a new case.
    await deps.agentJoined.delete(context);
    await deps.cases.set(context, nextCase(state));
    deps.log.info({ event: 'handoff.hub_status', conversationId: context.activity.conversation?.id, status }, 'hand-off ended by its hub');
  };
}
