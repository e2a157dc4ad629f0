/**
 * Saying an outcome: the playbook's sentences (src/domain/playbook.ts) with the case's values,
 * the device advice on top, and the two things every outcome path shares — watching the
 * number and the SOP's "three tries, then an agent".
 */
import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { gaveUpOn } from '../conversation/changes.js';
import type { CaseState, Slot } from '../conversation/case.js';
import { formatChannel, formatDateTime, formatMsisdn } from '../conversation/format.js';
import { deviceAdvice, type OutcomeDecision } from '../domain/decide.js';
import { PLAYBOOK, type Sentence } from '../domain/playbook.js';
import type { Translate } from '../i18n.js';
import { handOff } from './handoff.js';
import { localeOf, recipientOf, setCase, translate, type DialogDeps } from './turn.js';

function applies(when: Sentence['when'], decision: OutcomeDecision): boolean {
  switch (when) {
    case undefined:
      return true;
    case 'handingOff':
      return decision.handoff;
    case 'notHandingOff':
      return !decision.handoff;
    case 'recoveryKnown':
      return !!decision.evidence.outage?.estimatedRecoveryAt;
    case 'recoveryUnknown':
      return !decision.evidence.outage?.estimatedRecoveryAt;
  }
}

/** The values a playbook sentence may use; the outage's public message is the network team's own words, verbatim. */
function sentenceValues(context: TurnContext, t: Translate, decision: OutcomeDecision, state: CaseState): Record<string, string> {
  const { existingTicket, outage } = decision.evidence;
  const channel = state.paymentChannel ? formatChannel(state.paymentChannel, t) : '';
  return {
    channel: channel || t('outcome.yourPaymentChannel'),
    ticketId: existingTicket?.id ?? '',
    status: existingTicket ? t(`format.ticketStatus.${existingTicket.status}`, { defaultValue: existingTicket.status }) : '',
    publicMessage: outage?.publicMessage ?? '',
    time: outage?.estimatedRecoveryAt ? formatDateTime(outage.estimatedRecoveryAt, localeOf(context)) : '',
  };
}

function adviceTexts(t: Translate, decision: OutcomeDecision, state: CaseState): string[] {
  if (!PLAYBOOK[decision.outcome].deviceAdvice || !state.facts) return [];
  return deviceAdvice(state.facts, { affectedServices: state.affectedServices ?? [] }).map((advice) => t(`outcome.device.${advice}`));
}

/** The outcome's sentences, then the device advice: one batch, in order. */
export async function tellOutcome(context: TurnContext, deps: DialogDeps, decision: OutcomeDecision, state: CaseState): Promise<void> {
  const t = translate(context, deps);
  const values = sentenceValues(context, t, decision, state);
  const sentences = PLAYBOOK[decision.outcome].say.filter((s) => applies(s.when, decision)).map((s) => t(s.key, values));
  const texts = [...sentences, ...adviceTexts(t, decision, state)];
  if (texts.length > 0) await context.sendActivities(texts.map((text) => ({ type: 'message', text })));
}

/** Device advice alone (before a ticket's first question). */
export function deviceAdviceTexts(context: TurnContext, deps: DialogDeps, decision: OutcomeDecision, state: CaseState): string[] {
  return adviceTexts(translate(context, deps), decision, state);
}

/** Why the ticket is made: the playbook's reason, or row 9's once the refresh failed. */
export function ticketReason(context: TurnContext, deps: DialogDeps, decision: OutcomeDecision): string | undefined {
  const key = decision.evidence.refreshFailed ? PLAYBOOK.NETWORK_REFRESH.refresh?.reason : PLAYBOOK[decision.outcome].ticket?.reason;
  return key ? translate(context, deps)(key) : undefined;
}

export async function tellSubscriberNotFound(context: TurnContext, deps: DialogDeps, msisdn: string): Promise<void> {
  await context.sendActivity(translate(context, deps)('outcome.subscriberNotFound', { msisdn: formatMsisdn(msisdn) }));
}

/**
 * SOP Notes 5: watch the number until it is active (`TICKET`, with the ticket once it exists),
 * or ask once more later whether the refresh helped (`REFRESH_FOLLOW_UP`).
 */
export async function startWatch(
  context: TurnContext,
  deps: DialogDeps,
  watch: { msisdn: string; kind: 'TICKET' | 'REFRESH_FOLLOW_UP'; ticketId: string | null; affectedServices?: CaseState['affectedServices'] },
): Promise<void> {
  await deps.services.watch({
    conversationId: context.activity.conversation.id,
    msisdn: watch.msisdn,
    ticketId: watch.ticketId,
    recipient: recipientOf(context),
    kind: watch.kind,
    ...(watch.kind === 'TICKET' ? { affectedServices: watch.affectedServices ?? [] } : {}),
  });
}

/**
 * "Three tries, then an agent": when `slot` is still unanswered after the last try, the case
 * goes to an agent and the dialog ends; null lets the step go on.
 */
export async function handOffIfGaveUp(step: WaterfallStepContext, deps: DialogDeps, state: CaseState, slot: Slot): Promise<DialogTurnResult | null> {
  if (!gaveUpOn(state, slot)) return null;
  setCase(step.context, await handOff(step.context, deps, state, 'TOO_MANY_TRIES'));
  return step.endDialog();
}
