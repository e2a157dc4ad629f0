/**
 * The ticket flow: asks the location and another contact number (optional), creates the
 * ticket once (its Idempotency-Key is derived from the conversation and the number), tells
 * the customer its number and hands the conversation to an agent.
 */
import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { hasSlot, type CaseState, type Slot } from '../conversation/case.js';
import { buildTicket, type TicketAnswers } from '../domain/ticket.js';
import { deviceAdvice, type OutcomeDecision } from '../domain/decide.js';
import { handOff } from './handoff.js';
import { sendDeviceAdvice, ticketIntro } from './outcomes.js';
import { askSlot, gaveUp } from './slotPrompt.js';
import { loadCase, recipientOf, saveCase, translate, type DialogDeps } from './turn.js';

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
  const lead = ticketIntro(step.context, deps, decision);
  const advice = state.facts ? deviceAdvice(state.facts, { affectedServices: state.affectedServices ?? [] }) : [];
  if (advice.length === 0) return step.beginDialog(TICKET_DIALOG, { lead } satisfies TicketDialogOptions);
  if (lead) await step.context.sendActivity(lead);
  await sendDeviceAdvice(step.context, deps, state.facts!, state);
  return step.beginDialog(TICKET_DIALOG);
}

/** The lead, the first time a message goes out in this dialog; afterwards nothing. */
function takeLead(step: WaterfallStepContext): string | undefined {
  const values = step.values as { leadSaid?: boolean };
  if (values.leadSaid) return undefined;
  values.leadSaid = true;
  return (step.options as TicketDialogOptions | undefined)?.lead;
}

async function ask(step: WaterfallStepContext, slot: Slot, deps: DialogDeps) {
  const state = await loadCase(step.context, deps);
  return askSlot(step, slot, deps, hasSlot(state, slot) ? undefined : takeLead(step));
}

function ticketAnswers(state: CaseState): TicketAnswers | null {
  const { msisdn, paymentDate, paymentChannel, affectedServices, notificationReceived, location } = state;
  if (!msisdn || !paymentDate || !paymentChannel || !affectedServices || notificationReceived === undefined || !location) return null;
  return {
    msisdn,
    paymentDate,
    paymentChannel,
    affectedServices,
    notificationReceived,
    location,
    alternateContact: state.alternateContact ?? null,
    networkRefreshTried: state.networkRefreshTried ?? false,
  };
}

/** Creates (or queues) the ticket; `pendingNotice` is what to tell the customer about it. */
async function createTicket(
  context: TurnContext,
  deps: DialogDeps,
  state: CaseState,
  decision: OutcomeDecision,
): Promise<CaseState & { pendingNotice?: string }> {
  const answers = ticketAnswers(state);
  if (!answers || !state.facts) return state;
  const transcript = await deps.transcript.get(context, []);
  const built = buildTicket({
    answers,
    facts: state.facts,
    decision,
    conversation: {
      id: context.activity.conversation.id,
      channelId: context.activity.channelId,
      ecare: state.ecare ? { accountName: state.ecare.accountName } : null,
      transcript,
    },
  });
  const result = await deps.services.submitTicket(built, recipientOf(context));
  const t = translate(context, deps);
  const ticketId = result.status === 'pending' ? null : result.ticket.ticketId;
  // SOP-007 Notes 5: watch the number until it is active, whether the ticket exists yet or not.
  await deps.services.watch({
    conversationId: context.activity.conversation.id,
    msisdn: answers.msisdn,
    ticketId,
    recipient: recipientOf(context),
    kind: 'TICKET',
    affectedServices: answers.affectedServices,
  });
  if (result.status === 'pending') {
    // Stored in the outbox: retried until created, and the customer is told when it is.
    deps.log.warn({ conversationId: context.activity.conversation.id, idempotencyKey: built.idempotencyKey }, 'ticket delayed: queued in the outbox');
    return { ...state, ticketPending: true, pendingNotice: t('ticket.pending') };
  }
  return {
    ...state,
    ticket: { ticketId: result.ticket.ticketId, status: result.ticket.status },
    ticketPending: false,
    pendingNotice: t('ticket.created', { ticketId: result.ticket.ticketId }),
  };
}

export function createTicketDialog(deps: DialogDeps): WaterfallDialog {
  return new WaterfallDialog(TICKET_DIALOG, [
    async (step: WaterfallStepContext) => ask(step, 'location', deps),
    async (step: WaterfallStepContext) => {
      const state = await loadCase(step.context, deps);
      if (state.location === undefined && gaveUp(state, 'location')) {
        await saveCase(step.context, deps, await handOff(step.context, deps, state, 'TOO_MANY_TRIES'));
        return step.endDialog();
      }
      return ask(step, 'alternateContact', deps);
    },
    async (step: WaterfallStepContext) => {
      let state = await loadCase(step.context, deps);
      // The other number is optional: three unusable answers mean "none", not an agent.
      if (state.alternateContact === undefined) state = { ...state, alternateContact: null };
      const decision = state.decision;
      let ticketNotice: string | undefined;
      if (decision?.kind === 'outcome' && decision.createsTicket) {
        ({ pendingNotice: ticketNotice, ...state } = await createTicket(step.context, deps, state, decision));
      }
      // The ticket's number and the hand-off read as one message.
      const lead = [takeLead(step), ticketNotice].filter((x): x is string => !!x).join('\n\n');
      state = await handOff(step.context, deps, state, 'OUTCOME', lead || undefined);
      await saveCase(step.context, deps, state);
      return step.endDialog();
    },
  ]);
}
