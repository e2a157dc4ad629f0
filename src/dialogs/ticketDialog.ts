/**
 * The ticket flow: asks the location and another contact number (optional), creates the
 * ticket once (its Idempotency-Key is derived from the conversation and the number), watches
 * the number (SOP Notes 5), tells the customer the ticket's number and hands the conversation
 * to an agent.
 */
import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { hasSlot, type CaseState, type Slot } from '../conversation/case.js';
import { noAlternateContact, readyForTicket, ticketCreated, ticketQueued } from '../conversation/changes.js';
import type { OutcomeDecision } from '../domain/decide.js';
import { PLAYBOOK } from '../domain/playbook.js';
import { buildTicket } from '../domain/ticket.js';
import { handOff } from './handoff.js';
import { deviceAdviceTexts, handOffIfGaveUp, startWatch, ticketReason } from './outcomes.js';
import { askSlot } from './slotPrompt.js';
import { caseSummary } from './summary.js';
import { caseOf, recipientOf, setCase, translate, type DialogDeps } from './turn.js';

export const TICKET_DIALOG = 'ticket';

export interface TicketDialogOptions {
  /** Why the ticket is made: said with the first question, or with the ticket's number. */
  lead?: string;
}

/**
 * Starts the ticket flow after an outcome. Why the ticket is made goes with the first question
 * (one message), unless device advice has to come between them.
 */
export async function beginTicketDialog(step: WaterfallStepContext, deps: DialogDeps, decision: OutcomeDecision, state: CaseState): Promise<DialogTurnResult> {
  const reason = ticketReason(step.context, deps, decision);
  const advice = deviceAdviceTexts(step.context, deps, decision, state);
  if (advice.length === 0) return step.beginDialog(TICKET_DIALOG, { lead: reason } satisfies TicketDialogOptions);
  const texts = reason ? [reason, ...advice] : advice;
  await step.context.sendActivities(texts.map((text) => ({ type: 'message', text })));
  return step.beginDialog(TICKET_DIALOG);
}

/** The lead, the first time a message goes out in this dialog; afterwards nothing. */
function takeLead(step: WaterfallStepContext): string | undefined {
  const values = step.values as { leadSaid?: boolean };
  if (values.leadSaid) return undefined;
  values.leadSaid = true;
  return (step.options as TicketDialogOptions | undefined)?.lead;
}

async function ask(step: WaterfallStepContext, deps: DialogDeps, state: CaseState, slot: Slot): Promise<DialogTurnResult> {
  return askSlot(step, slot, deps, hasSlot(state, slot) ? undefined : takeLead(step));
}

/** Creates (or queues) the ticket and starts the watch; `notice` is what to tell the customer about it. */
async function createTicket(context: TurnContext, deps: DialogDeps, state: CaseState, decision: OutcomeDecision): Promise<{ state: CaseState; notice?: string }> {
  const answers = readyForTicket(state);
  if (!answers || !state.facts) return { state };
  const conversationId = context.activity.conversation.id;
  const built = buildTicket({
    answers,
    facts: state.facts,
    decision,
    conversation: {
      id: conversationId,
      channelId: context.activity.channelId,
      ecare: state.ecare ? { accountName: state.ecare.accountName } : null,
      transcript: await deps.transcript.get(context, []),
    },
  });
  const result = await deps.services.submitTicket(built, recipientOf(context));
  const t = translate(context, deps);
  const ticketId = result.status === 'pending' ? null : result.ticket.ticketId;
  // Watched whether the ticket exists yet or not: a delayed ticket joins the watch when it is made.
  if (PLAYBOOK[decision.outcome].watch === 'TICKET') {
    await startWatch(context, deps, { msisdn: answers.msisdn, kind: 'TICKET', ticketId, affectedServices: answers.affectedServices });
  }
  if (result.status === 'pending') {
    // Stored in the outbox: retried until created, and the customer is told when it is.
    deps.log.warn({ event: 'ticket.delayed', conversationId, idempotencyKey: built.idempotencyKey }, 'ticket delayed: queued in the outbox');
    return { state: ticketQueued(state), notice: t('ticket.pending') };
  }
  return { state: ticketCreated(state, result.ticket), notice: t('ticket.created', { ticketId: result.ticket.ticketId }) };
}

export function createTicketDialog(deps: DialogDeps): WaterfallDialog {
  const askLocationStep = async (step: WaterfallStepContext) => ask(step, deps, caseOf(step.context), 'location');

  /**
   * The last question before the ticket comes with what the ticket will say, once: a wrong
   * fact can still be fixed in the answer (read like any other correction, checked again when
   * the decision depends on it).
   */
  const askAlternateContactStep = async (step: WaterfallStepContext) => {
    const state = caseOf(step.context);
    const gaveUp = await handOffIfGaveUp(step, deps, state, 'location');
    if (gaveUp) return gaveUp;
    if (!hasSlot(state, 'alternateContact')) await step.context.sendActivity(caseSummary(step.context, deps, state, 'summary.beforeTicket'));
    return ask(step, deps, state, 'alternateContact');
  };

  const createTicketStep = async (step: WaterfallStepContext) => {
    // The other number is optional: three unusable answers mean "none", not an agent.
    let state = noAlternateContact(caseOf(step.context));
    const decision = state.decision;
    let notice: string | undefined;
    if (decision?.kind === 'outcome' && decision.createsTicket) ({ state, notice } = await createTicket(step.context, deps, state, decision));
    // The ticket's number and the hand-off read as one message.
    const lead = [takeLead(step), notice].filter((x): x is string => !!x).join('\n\n');
    setCase(step.context, await handOff(step.context, deps, state, 'OUTCOME', lead || undefined));
    return step.endDialog();
  };

  return new WaterfallDialog(TICKET_DIALOG, [askLocationStep, askAlternateContactStep, createTicketStep]);
}
