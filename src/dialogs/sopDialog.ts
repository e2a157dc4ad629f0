/**
 * SOP-007 end to end: collect the slots, sum them up, diagnose (all systems at once), ask the
 * location when rows 8–9 need an outage check, then carry out the outcome's playbook
 * (src/domain/playbook.ts): say it, re-check, ticket, refresh, watch, hand off.
 */
import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { CaseState } from '../conversation/case.js';
import { dropFacts, mayRetryNumber, readyForDiagnosis, retryNumber, withDecision, withFacts, withTicket } from '../conversation/changes.js';
import { decide, type OutcomeDecision } from '../domain/decide.js';
import { PLAYBOOK } from '../domain/playbook.js';
import { buildTicketNote } from '../domain/ticket.js';
import type { Facts } from '../domain/types.js';
import { COLLECT_DIALOG, type CollectResult } from './collectDialog.js';
import { handOff } from './handoff.js';
import { handOffIfGaveUp, startWatch, tellOutcome, tellSubscriberNotFound } from './outcomes.js';
import { REFRESH_DIALOG } from './refreshDialog.js';
import { caseSummary } from './summary.js';
import { askSlot } from './slotPrompt.js';
import { beginTicketDialog } from './ticketDialog.js';
import { caseOf, emulatorTrace, setCase, withTyping, type DialogDeps } from './turn.js';

export const SOP_DIALOG = 'sop';

/** Decides on the facts read so far; the emulator sees which row matched. */
async function decideOn(context: TurnContext, deps: DialogDeps, state: CaseState, facts: Facts): Promise<CaseState> {
  const input = readyForDiagnosis(state);
  if (!input) return withFacts(state, facts);
  const decision = decide(facts, input);
  if (decision.kind === 'outcome') {
    // Every outcome, handed off or not, gets one line an operator can follow: the conversation
    // id and the number (masked by the logger to its first four and last two digits).
    deps.log.info(
      { event: 'outcome.decided', conversationId: context.activity.conversation.id, msisdn: input.msisdn, outcome: decision.outcome, row: decision.row, handoff: decision.handoff, createsTicket: decision.createsTicket },
      'outcome decided',
    );
    await emulatorTrace(context, 'Diagnosis', { outcome: decision.outcome, row: decision.row, evidence: decision.evidence });
  }
  return withDecision(withFacts(state, facts), decision);
}

/** Row 1: the re-run checks go on the existing ticket (once, whatever is retried). */
async function addRecheckNote(context: TurnContext, deps: DialogDeps, facts: Facts, state: CaseState, decision: OutcomeDecision, ticketId: string): Promise<void> {
  const conversationId = context.activity.conversation.id;
  const note = buildTicketNote({
    ticketId,
    conversationId,
    purpose: 'RECHECK',
    checkedAt: deps.now().toISOString(),
    facts,
    evidence: decision.evidence,
    affectedServices: state.affectedServices ?? [],
  });
  const added = await deps.services.submitNote(ticketId, note, conversationId);
  if (!added) deps.log.warn({ event: 'outbox.note_delayed', ticketId }, 're-check note delayed: queued in the outbox');
}

/**
 * The playbook's interpreter. Ticket and refresh outcomes go on in their own dialogs; the rest
 * are said here, with row 1's re-check and watch, and end the case (handed off or not).
 */
async function carryOutPlaybook(step: WaterfallStepContext, deps: DialogDeps, state: CaseState, decision: OutcomeDecision): Promise<DialogTurnResult> {
  const { context } = step;
  const playbook = PLAYBOOK[decision.outcome];
  if (playbook.retryUnknownNumber && decision.evidence.subscriberNotFound && !state.ecare && state.msisdn) {
    await tellSubscriberNotFound(context, deps, state.msisdn);
    if (mayRetryNumber(state)) {
      setCase(context, retryNumber(state));
      return step.replaceDialog(SOP_DIALOG);
    }
  }
  if (playbook.refresh) return step.beginDialog(REFRESH_DIALOG);
  if (decision.createsTicket) return beginTicketDialog(step, deps, decision, state);

  await tellOutcome(context, deps, decision, state);
  let next = state;
  const existing = decision.evidence.existingTicket;
  if (existing) {
    if (playbook.recheckNote && state.facts) await addRecheckNote(context, deps, state.facts, state, decision, existing.id);
    next = withTicket(next, { ticketId: existing.id, status: existing.status });
    if (playbook.watch === 'TICKET' && decision.handoff && state.msisdn) {
      await startWatch(context, deps, { msisdn: state.msisdn, kind: 'TICKET', ticketId: existing.id, affectedServices: state.affectedServices });
    }
  }
  if (decision.handoff) next = await handOff(context, deps, next, 'OUTCOME');
  setCase(context, dropFacts(next));
  return step.endDialog();
}

export function createSopDialog(deps: DialogDeps): WaterfallDialog {
  const collectStep = async (step: WaterfallStepContext) => step.beginDialog(COLLECT_DIALOG);

  const diagnoseStep = async (step: WaterfallStepContext) => {
    const { context } = step;
    const collected = step.result as CollectResult | undefined;
    const state = caseOf(context);
    const input = readyForDiagnosis(state);
    if ((collected && 'gaveUpOn' in collected) || !input) {
      setCase(context, await handOff(context, deps, state, 'TOO_MANY_TRIES'));
      return step.endDialog();
    }
    await context.sendActivity(caseSummary(context, deps, state, 'summary.text'));
    const diagnosis = await withTyping(context, () =>
      deps.services.diagnose({ msisdn: input.msisdn, paymentDate: input.paymentDate, location: input.location }, context.activity.conversation.id),
    );
    const decided = await decideOn(context, deps, state, diagnosis.facts);
    const decision = decided.decision;
    deps.log.info(
      {
        event: 'diagnosis.done',
        conversationId: context.activity.conversation.id,
        msisdn: input.msisdn,
        outcome: decision?.kind === 'outcome' ? decision.outcome : null,
        ...(decision?.kind === 'needs' ? { needs: decision.need } : {}),
        wallTimeMs: diagnosis.wallTimeMs,
        timings: diagnosis.timings,
        unavailable: diagnosis.unavailable,
      },
      'diagnosis done',
    );
    setCase(context, decided);
    if (decided.decision?.kind === 'needs') return askSlot(step, 'location', deps);
    return step.next();
  };

  /** Rows 8–9 need the outage check at the customer's location, asked in the step before. */
  const checkOutagesStep = async (step: WaterfallStepContext) => {
    const { context } = step;
    let state = caseOf(context);
    if (state.decision?.kind === 'needs') {
      const gaveUp = await handOffIfGaveUp(step, deps, state, 'location');
      if (gaveUp) return gaveUp;
      const { location, facts } = state;
      if (location === undefined || !facts) return step.endDialog();
      const outages = await withTyping(context, () => deps.services.checkOutages(location, context.activity.conversation.id));
      state = await decideOn(context, deps, state, { ...facts, outages });
      setCase(context, state);
    }
    return step.next();
  };

  const actOnOutcomeStep = async (step: WaterfallStepContext) => {
    const state = caseOf(step.context);
    if (state.decision?.kind !== 'outcome') return step.endDialog();
    deps.telemetry.outcome(state.decision.outcome);
    return carryOutPlaybook(step, deps, state, state.decision);
  };

  return new WaterfallDialog(SOP_DIALOG, [collectStep, diagnoseStep, checkOutagesStep, actOnOutcomeStep]);
}
