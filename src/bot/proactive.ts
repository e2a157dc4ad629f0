/**
 * Messages the bot sends on its own, in the same conversation, with the conversation
 * reference stored when the customer last wrote (`continueConversationAsync`).
 */
import type { CloudAdapter, ConversationReference, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Ticket } from '../contracts/backend.js';
import { newCase, type CaseState } from '../conversation/case.js';
import { resolveLocale, type Translator } from '../i18n.js';
import type { Recipient } from '../services/outbox.js';

export interface ProactiveDeps {
  adapter: CloudAdapter;
  appId: string;
  translator: Translator;
  conversationState: ConversationState;
  cases: StatePropertyAccessor<CaseState>;
}

export async function continueConversation(deps: ProactiveDeps, recipient: Recipient, logic: (context: TurnContext) => Promise<void>): Promise<void> {
  await deps.adapter.continueConversationAsync(deps.appId, recipient.reference as Partial<ConversationReference>, async (context) => {
    context.activity.locale = recipient.locale;
    await logic(context);
    await deps.conversationState.saveChanges(context, false);
  });
}

/** "Your ticket has been created": for a ticket the customer was told would follow. */
export function delayedTicketNotifier(deps: ProactiveDeps) {
  return (recipient: Recipient, ticket: Ticket) =>
    continueConversation(deps, recipient, async (context) => {
      const t = deps.translator.forLocale(resolveLocale(recipient.locale));
      await context.sendActivity(t('ticket.createdLater', { ticketId: ticket.ticketId }));
      const state = await deps.cases.get(context, newCase());
      if (state.ticketPending) await deps.cases.set(context, { ...state, ticket: { ticketId: ticket.ticketId, status: ticket.status }, ticketPending: false });
    });
}
