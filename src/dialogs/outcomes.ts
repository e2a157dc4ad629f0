/**
 * What the bot tells the customer for each outcome of DECISION-TABLE.md §3 that ends without
 * a ticket, and the outcome sentences that introduce a ticket.
 */
import type { TurnContext } from 'botbuilder';
import type { CaseState } from '../conversation/case.js';
import { formatChannel, formatDateTime, formatMsisdn } from '../conversation/format.js';
import { deviceAdvice, type OutcomeDecision } from '../domain/decide.js';
import type { Facts, OutcomeCode } from '../domain/types.js';
import { localeOf, translate, type DialogDeps } from './turn.js';

/** The sentence that explains why a ticket is being created. */
const TICKET_INTRO: Partial<Record<OutcomeCode, string>> = {
  TICKET_PAYMENT_NOT_POSTED: 'outcome.paymentNotPosted',
  REACTIVATION: 'outcome.reactivation',
  BILLCO_ACTIVATION: 'outcome.billco',
  TICKET_VOLUNTARY_BLOCK: 'outcome.voluntaryBlock',
  TICKET_BLOCKED: 'outcome.blocked',
  SYSTEM_UNAVAILABLE: 'outcome.systemUnavailable',
};

/** Why a ticket is being made; the ticket dialog says it with its first question. */
export function ticketIntro(context: TurnContext, deps: DialogDeps, decision: OutcomeDecision): string | undefined {
  const key = decision.evidence.refreshFailed ? 'outcome.refreshFailed' : TICKET_INTRO[decision.outcome];
  return key ? translate(context, deps)(key) : undefined;
}

/** Device findings are advice on top of the outcome, never a reason to skip a ticket. */
export async function sendDeviceAdvice(context: TurnContext, deps: DialogDeps, facts: Facts, state: CaseState): Promise<void> {
  const t = translate(context, deps);
  for (const advice of deviceAdvice(facts, { affectedServices: state.affectedServices ?? [] })) {
    await context.sendActivity(t(`outcome.device.${advice}`));
  }
}

export async function sendConfirmWithChannel(context: TurnContext, deps: DialogDeps, state: CaseState): Promise<void> {
  const t = translate(context, deps);
  const channel = state.paymentChannel ? formatChannel(state.paymentChannel, t) : '';
  await context.sendActivity(t('outcome.confirmWithChannel', { channel: channel || t('outcome.yourPaymentChannel') }));
  await context.sendActivity(t('outcome.confirmWithChannelComeBack'));
}

export async function sendOutage(context: TurnContext, deps: DialogDeps, decision: OutcomeDecision): Promise<void> {
  const t = translate(context, deps);
  const outage = decision.evidence.outage;
  if (!outage) return;
  // The SOP's "standar jawaban informasi gangguan": the network team's own words, verbatim.
  await context.sendActivity(`${t('outcome.outageIntro')}\n${outage.publicMessage}`);
  await context.sendActivity(
    outage.estimatedRecoveryAt
      ? t('outcome.outageRecovery', { time: formatDateTime(outage.estimatedRecoveryAt, localeOf(context)) })
      : t('outcome.outageRecoveryUnknown'),
  );
  await context.sendActivity(t('outcome.outageNoTicket'));
}

export async function sendExistingTicket(context: TurnContext, deps: DialogDeps, decision: OutcomeDecision): Promise<void> {
  const t = translate(context, deps);
  const ticket = decision.evidence.existingTicket;
  if (!ticket) return;
  const status = t(`format.ticketStatus.${ticket.status}`, { defaultValue: ticket.status });
  await context.sendActivity(t('outcome.existingTicket', { ticketId: ticket.id, status }));
  await context.sendActivity(t(decision.handoff ? 'outcome.existingTicketStillBlocked' : 'outcome.existingTicketNowActive'));
}

export async function sendSubscriberNotFound(context: TurnContext, deps: DialogDeps, msisdn: string): Promise<void> {
  await context.sendActivity(translate(context, deps)('outcome.subscriberNotFound', { msisdn: formatMsisdn(msisdn) }));
}
