/**
 * The bot's side of the built-in desk: a hand-off enters the queue (and the customer hears
 * their place); while the conversation is with the desk the customer's messages go to the
 * agent, not to the dialogs ("batal" still reaches them, and closes the desk case); the
 * agent's messages, the end and the "we will contact you" notice reach the customer
 * proactively, in their language.
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { newCase, type CaseState } from '../conversation/case.js';
import { nextCase } from '../conversation/changes.js';
import type { DeskCustomerChannel, DeskService } from '../desk/service.js';
import type { DialogDeps } from '../dialogs/turn.js';
import { recipientOf } from '../dialogs/turn.js';
import { resolveLocale, type Translator } from '../i18n.js';
import { understand } from '../nlu/understand.js';
import { continueConversation, type ProactiveDeps } from './proactive.js';

const tOf = (translator: Translator, context: TurnContext) => translator.forLocale(resolveLocale(context.activity.locale));

/** DialogDeps.onHandoff for HANDOFF_TARGET=desk. */
export function deskHandoffHook(desk: DeskService, translator: Translator): NonNullable<DialogDeps['onHandoff']> {
  return async (context, handoff, transcript) => {
    const place = await desk.enqueue({ handoff, transcript, recipient: recipientOf(context), channel: context.activity.channelId });
    await context.sendActivity(tOf(translator, context)('deskCustomer.placeInQueue', { place }));
  };
}

/** True when the message went to the desk (the dialogs do not run). */
export function deskIntercept(desk: DeskService, translator: Translator): (context: TurnContext) => Promise<boolean> {
  return async (context) => {
    const { activity } = context;
    if (activity.type !== 'message') return false;
    const open = await desk.openCaseOf(activity.conversation.id);
    if (!open) return false;
    const text = (activity.text ?? '').trim();
    if (understand(text.slice(0, 1000)).intent === 'CANCEL') {
      // The dialogs answer "batal" (and tell a platform the conversation ended); the agent is told here.
      await desk.customerLeft(activity.conversation.id);
      return false;
    }
    if (!text) return true;
    const told = await desk.customerMessage(activity.conversation.id, text);
    const t = tOf(translator, context);
    if (told?.waitExpired) await context.sendActivity(told.ticketId ? t('deskCustomer.stillRecordedWithTicket', { ticketId: told.ticketId }) : t('deskCustomer.stillRecorded'));
    else if (told?.place) await context.sendActivity(t('deskCustomer.stillWaiting', { place: told.place }));
    return true;
  };
}

/** The customer's channel, for the desk: proactive messages with the stored conversation reference. */
export function deskCustomerChannel(deps: ProactiveDeps, cases: StatePropertyAccessor<CaseState>): DeskCustomerChannel {
  const t = (locale: string) => deps.translator.forLocale(resolveLocale(locale));
  return {
    agentMessage: (recipient, agentName, text) =>
      continueConversation(deps, recipient, async (context) => {
        await context.sendActivity({ type: 'message', text: t(recipient.locale)('deskCustomer.agentMessage', { agent: agentName, text }), from: { ...context.activity.recipient, name: agentName } });
      }),
    closed: (recipient, agentName) =>
      continueConversation(deps, recipient, async (context) => {
        await context.sendActivity(t(recipient.locale)('deskCustomer.agentClosed', { agent: agentName }));
        // The conversation is the bot's again: the next message starts a new case (the number stays).
        await cases.set(context, nextCase(await cases.get(context, newCase())));
      }),
    waitExpired: (recipient, ticketId) =>
      continueConversation(deps, recipient, async (context) => {
        await context.sendActivity(ticketId ? t(recipient.locale)('deskCustomer.waitExpiredWithTicket', { ticketId }) : t(recipient.locale)('deskCustomer.waitExpired'));
      }),
  };
}
