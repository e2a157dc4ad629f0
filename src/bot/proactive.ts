/**
 * Messages the bot sends on its own, in the same conversation, with the conversation
 * reference stored when the customer last wrote (`continueConversationAsync`).
 */
import type { CloudAdapter, ConversationReference, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Ticket } from '../contracts/backend.js';
import { newCase, type CaseState } from '../conversation/case.js';
import { slotQuestion } from '../dialogs/slotPrompt.js';
import { emulatorTrace } from '../dialogs/turn.js';
import type { MonitorNotifier } from '../services/monitoring/monitor.js';
import { resolveLocale, type Translator } from '../i18n.js';
import type { Recipient } from '../services/outbox.js';

export interface ProactiveDeps {
  /** The CloudAdapter, or a router by channel (src/channels/channelRouter.ts). */
  adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  appId: string;
  translator: Translator;
  conversationState: ConversationState;
  cases: StatePropertyAccessor<CaseState>;
}

/**
 * Runs `logic` in the customer's conversation. Errors reach the caller (the adapter's turn
 * error handler is for customer turns), so the outbox or the monitor can try again.
 */
export async function continueConversation(deps: ProactiveDeps, recipient: Recipient, logic: (context: TurnContext) => Promise<void>): Promise<void> {
  // Held as found (botbuilder may reject with a non-Error) and rethrown after the turn ends.
  let failure: { error: unknown } | undefined;
  await deps.adapter.continueConversationAsync(deps.appId, recipient.reference as Partial<ConversationReference>, async (context) => {
    context.activity.locale = recipient.locale;
    try {
      await logic(context);
      await deps.conversationState.saveChanges(context, false);
    } catch (error) {
      failure = { error };
    }
  });
  if (failure) throw failure.error;
}

/** SOP-007 Notes 5: what the customer is told while their number is watched. */
export function monitorNotifier(deps: ProactiveDeps): MonitorNotifier {
  const t = (recipient: Recipient) => deps.translator.forLocale(resolveLocale(recipient.locale));
  const say = (recipient: Recipient, text: string) => continueConversation(deps, recipient, async (context) => {
    await context.sendActivity(text);
  });
  return {
    numberActive: (recipient) => say(recipient, t(recipient)('monitor.numberActive')),
    monitoringEnded: (recipient, { ticketId }) =>
      say(recipient, ticketId ? t(recipient)('monitor.ended', { ticketId }) : t(recipient)('monitor.endedNoTicket')),
    // The conversation is still waiting on "did the refresh work?": ask it again.
    refreshFollowUp: (recipient) =>
      continueConversation(deps, recipient, async (context) => {
        await emulatorTrace(context, 'SlotPrompt', { slot: 'refreshWorked' });
        await context.sendActivity(slotQuestion('refreshWorked', t(recipient), t(recipient)('monitor.refreshFollowUp')));
      }),
  };
}

/**
 * "Your ticket has been created": for a ticket the customer was told would follow; or, with
 * `existing`, "your complaint was added to your open ticket N" (a K44 ticket opened meanwhile).
 */
export function delayedTicketNotifier(deps: ProactiveDeps) {
  return (recipient: Recipient, ticket: Ticket, how: { existing: boolean } = { existing: false }) =>
    continueConversation(deps, recipient, async (context) => {
      const t = deps.translator.forLocale(resolveLocale(recipient.locale));
      await context.sendActivity(t(how.existing ? 'ticket.addedToExisting' : 'ticket.createdLater', { ticketId: ticket.ticketId }));
      const state = await deps.cases.get(context, newCase());
      if (state.ticketPending) await deps.cases.set(context, { ...state, ticket: { ticketId: ticket.ticketId, status: ticket.status }, ticketPending: false });
    });
}
