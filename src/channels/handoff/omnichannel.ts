/**
 * Dynamics 365 Omnichannel for Customer Service (an Azure bot in a push workstream). Microsoft's
 * documented shapes ("Configure Azure bots to escalate and end conversations"): the escalation is
 * a message whose `channelData.tags` is the JSON string `{"type":"Escalate","context":{…}}`,
 * the end is `{"type":"EndConversation"}`, and a message meant for the customer (not the agent)
 * carries `channelData.deliveryMode = "bridged"`.
 */
import type { Activity } from 'botbuilder';
import { agentSummary, type HandoffCase } from './caseContext.js';

/**
 * The context variables the escalation carries (create them with these names, type Text, in
 * the workstream, so routing rules and the agent's session can read them). Values are strings:
 * Omnichannel context variables of type Text take strings, and an empty string means "unknown".
 */
export function omnichannelContext(c: HandoffCase): Record<string, string> {
  const channel = c.answers.paymentChannel;
  return {
    sopReference: c.sopReference,
    handoffReason: c.reason,
    outcome: c.outcome ?? '',
    ticketId: c.ticket?.ticketId ?? '',
    msisdn: c.customer.msisdn ?? '',
    customerClass: c.customer.customerClass ?? '',
    cardType: c.customer.cardType ?? '',
    paymentDate: c.answers.paymentDate ?? '',
    paymentChannel: channel ? [channel.method, channel.provider].filter(Boolean).join(' ') : '',
    affectedServices: (c.answers.affectedServices ?? []).join(','),
    location: c.answers.location ?? '',
  };
}

export const BRIDGED = 'bridged';

export function omnichannelEscalation(c: HandoffCase): Partial<Activity> {
  return {
    type: 'message',
    text: agentSummary(c),
    channelData: { tags: JSON.stringify({ type: 'Escalate', context: omnichannelContext(c) }) },
  };
}

export function omnichannelEnd(): Partial<Activity> {
  return { type: 'message', text: '', channelData: { tags: JSON.stringify({ type: 'EndConversation' }) } };
}

/** Marks a customer-facing message bridged (kept apart from the escalation and end commands). */
export function bridged(activity: Partial<Activity>): Partial<Activity> {
  if (activity.type !== 'message') return activity;
  const data = (activity.channelData ?? {}) as Record<string, unknown>;
  if (typeof data.tags === 'string') return activity;
  return { ...activity, channelData: { ...data, deliveryMode: BRIDGED } };
}
