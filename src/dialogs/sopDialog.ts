/**
 * SOP-007 end to end: collect the slots, sum them up, diagnose (all systems at once), ask the
 * location when rows 8–9 need an outage check, then do what the outcome says.
 */
import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { CaseState, Slot } from '../conversation/case.js';
import { formatSlotValue } from '../conversation/format.js';
import { decide, type Decision, type OutcomeDecision } from '../domain/decide.js';
import { buildTicketNote } from '../domain/ticket.js';
import type { CollectResult } from './collectDialog.js';
import { COLLECT_DIALOG } from './collectDialog.js';
import { handOff } from './handoff.js';
import {
  sendConfirmWithChannel,
  sendDeviceAdvice,
  sendExistingTicket,
  sendOutage,
  sendSubscriberNotFound,
} from './outcomes.js';
import { REFRESH_DIALOG } from './refreshDialog.js';
import { askSlot, gaveUp } from './slotPrompt.js';
import { beginTicketDialog } from './ticketDialog.js';
import { emulatorTrace, loadCase, localeOf, recipientOf, saveCase, translate, withTyping, type DialogDeps } from './turn.js';

export const SOP_DIALOG = 'sop';

async function sendSummary(context: TurnContext, deps: DialogDeps, state: CaseState): Promise<void> {
  const t = translate(context, deps);
  const value = (slot: Slot) => formatSlotValue(slot, state, t, localeOf(context));
  await context.sendActivity(
    t('summary.text', {
      msisdn: value('msisdn'),
      date: value('paymentDate'),
      channel: value('paymentChannel'),
      services: value('affectedServices'),
      notification: value('notificationReceived'),
    }),
  );
}

function decideFor(state: CaseState): Decision | null {
  if (!state.facts || !state.paymentDate || state.notificationReceived === undefined) return null;
  return decide(state.facts, {
    paymentDate: state.paymentDate,
    notificationReceived: state.notificationReceived,
    affectedServices: state.affectedServices ?? [],
  });
}

async function recordDecision(context: TurnContext, deps: DialogDeps, state: CaseState): Promise<CaseState> {
  const decision = decideFor(state);
  if (!decision) return state;
  if (decision.kind === 'outcome') {
    await emulatorTrace(context, 'Diagnosis', { outcome: decision.outcome, row: decision.row, evidence: decision.evidence });
  }
  return { ...state, decision, ...(decision.kind === 'outcome' ? { outcome: decision.outcome } : {}) };
}

/** Row 1: the re-run checks go on the existing ticket (once, whatever is retried). */
async function addRecheckNote(context: TurnContext, deps: DialogDeps, state: CaseState, decision: OutcomeDecision, ticketId: string): Promise<void> {
  const note = buildTicketNote({
    ticketId,
    conversationId: context.activity.conversation.id,
    purpose: 'RECHECK',
    checkedAt: deps.now().toISOString(),
    facts: state.facts!,
    evidence: decision.evidence,
    affectedServices: state.affectedServices ?? [],
  });
  const added = await deps.services.submitNote(ticketId, note, context.activity.conversation.id);
  if (!added) deps.log.warn({ ticketId }, 're-check note delayed: queued in the outbox');
}

/** Does what the outcome row says; ticket outcomes continue in the ticket dialog. */
async function actOnOutcome(step: WaterfallStepContext, deps: DialogDeps, state: CaseState, decision: OutcomeDecision): Promise<DialogTurnResult> {
  const { context } = step;
  const end = async (next: CaseState) => {
    const { facts: _facts, ...rest } = next;
    await saveCase(context, deps, rest);
    return step.endDialog();
  };
  const advise = () => (state.facts ? sendDeviceAdvice(context, deps, state.facts, state) : Promise.resolve());
  switch (decision.outcome) {
    case 'CONFIRM_WITH_PAYMENT_CHANNEL':
      await sendConfirmWithChannel(context, deps, state);
      await advise();
      return end(state);
    case 'OUTAGE_INFO':
      await sendOutage(context, deps, decision);
      await advise();
      return end(state);
    case 'NETWORK_REFRESH':
      return step.beginDialog(REFRESH_DIALOG);
    case 'EXISTING_TICKET': {
      await sendExistingTicket(context, deps, decision);
      await advise();
      const existing = decision.evidence.existingTicket;
      if (existing && state.facts) await addRecheckNote(context, deps, state, decision, existing.id);
      const withTicket = existing ? { ...state, ticket: { ticketId: existing.id, status: existing.status } } : state;
      if (existing && decision.handoff && state.msisdn) {
        await deps.services.watch({
          conversationId: context.activity.conversation.id,
          msisdn: state.msisdn,
          ticketId: existing.id,
          recipient: recipientOf(context),
          kind: 'TICKET',
          affectedServices: state.affectedServices ?? [],
        });
      }
      return end(decision.handoff ? await handOff(context, deps, withTicket, 'OUTCOME') : withTicket);
    }
    case 'AGENT_REVIEW':
      if (decision.evidence.subscriberNotFound && !state.ecare && state.msisdn) {
        await sendSubscriberNotFound(context, deps, state.msisdn);
        if (!state.failures.msisdn) {
          // One more chance to type the number; the other answers stay.
          const { msisdn: _wrong, facts: _facts, decision: _decision, outcome: _outcome, ...rest } = state;
          await saveCase(context, deps, { ...rest, failures: { ...state.failures, msisdn: 1 } });
          return step.replaceDialog(SOP_DIALOG);
        }
      }
      await context.sendActivity(translate(context, deps)('outcome.agentReview'));
      return end(await handOff(context, deps, state, 'OUTCOME'));
    default:
      if (decision.createsTicket) {
        return beginTicketDialog(step, deps, decision, state);
      }
      return end(decision.handoff ? await handOff(context, deps, state, 'OUTCOME') : state);
  }
}

export function createSopDialog(deps: DialogDeps): WaterfallDialog {
  return new WaterfallDialog(SOP_DIALOG, [
    async (step) => step.beginDialog(COLLECT_DIALOG),
    async (step) => {
      const collected = step.result as CollectResult | undefined;
      let state = await loadCase(step.context, deps);
      if (collected && 'gaveUpOn' in collected) {
        await saveCase(step.context, deps, await handOff(step.context, deps, state, 'TOO_MANY_TRIES'));
        return step.endDialog();
      }
      await sendSummary(step.context, deps, state);
      const diagnosis = await withTyping(step.context, () =>
        deps.services.diagnose(
          { msisdn: state.msisdn!, paymentDate: state.paymentDate!, location: state.location ?? null },
          step.context.activity.conversation.id,
        ),
      );
      state = await recordDecision(step.context, deps, { ...state, facts: diagnosis.facts });
      await saveCase(step.context, deps, state);
      if (state.decision?.kind === 'needs') return askSlot(step, 'location', deps);
      return step.next();
    },
    async (step) => {
      let state = await loadCase(step.context, deps);
      if (state.decision?.kind === 'needs') {
        if (state.location === undefined) {
          if (gaveUp(state, 'location')) {
            await saveCase(step.context, deps, await handOff(step.context, deps, state, 'TOO_MANY_TRIES'));
          }
          return step.endDialog();
        }
        const outages = await withTyping(step.context, () => deps.services.checkOutages(state.location!, step.context.activity.conversation.id));
        state = await recordDecision(step.context, deps, { ...state, facts: { ...state.facts!, outages } });
        await saveCase(step.context, deps, state);
      }
      if (state.decision?.kind !== 'outcome') return step.endDialog();
      return actOnOutcome(step, deps, state, state.decision);
    },
  ]);
}
