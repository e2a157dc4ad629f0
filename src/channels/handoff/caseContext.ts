/**
 * The case every hand-off target receives (`handoffContext` in src/dialogs/handoff.ts builds it),
 * and the names a target may be chosen by (`HANDOFF_TARGET`).
 */
import type { handoffContext } from '../../dialogs/handoff.js';

export type HandoffCase = ReturnType<typeof handoffContext>;

export const HANDOFF_TARGETS = ['desk', 'omnichannel', 'liveperson', 'event'] as const;
export type HandoffTargetName = (typeof HANDOFF_TARGETS)[number];

/** The agent summary: one line per fact an agent reads first (the text of the escalation message). */
export function agentSummary(c: HandoffCase): string {
  const services = c.answers.affectedServices?.join(', ') ?? '-';
  const channel = c.answers.paymentChannel ? `${c.answers.paymentChannel.method ?? ''} ${c.answers.paymentChannel.provider ?? ''}`.trim() : '-';
  return [
    `${c.sopReference} ${c.outcome ?? c.reason}`,
    `ticket: ${c.ticket?.ticketId ?? (c.ticketPending ? 'pending' : '-')}`,
    `msisdn: ${c.customer.msisdn ?? '-'}`,
    `payment: ${c.answers.paymentDate ?? '-'} via ${channel || '-'}`,
    `services: ${services}`,
    `location: ${c.answers.location ?? '-'}`,
  ].join('\n');
}
