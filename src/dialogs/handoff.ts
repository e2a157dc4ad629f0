/**
 * Bot Framework hand-off: the `handoff.initiate` event carries everything an agent needs
 * (outcome, ticket, diagnosis, the customer's answers) and the transcript, so the agent never
 * has to ask again.
 */
import { randomUUID } from 'node:crypto';
import { ActivityTypes, HandoffEventNames, TurnContext, type Activity, type Transcript } from 'botbuilder';
import { complaintChannel } from '../domain/ticket.js';
import type { CaseState } from '../conversation/case.js';
import { markHandedOff } from '../conversation/changes.js';
import { handoffTarget } from '../channels/handoff/target.js';
import { translate, type DialogDeps } from './turn.js';

/** The customer cancelled a case that was with an agent: the platform is told the conversation ended. */
export async function handoffCancelled(context: TurnContext, deps: DialogDeps): Promise<void> {
  for (const activity of (deps.handoffTarget ?? handoffTarget('event')).cancellation()) await context.sendActivity(activity);
}

export type HandoffReason = 'OUTCOME' | 'CUSTOMER_REQUEST' | 'TOO_MANY_TRIES';

export function handoffContext(context: TurnContext, state: CaseState, reason: HandoffReason) {
  const decision = state.decision;
  const profile = state.facts?.profile.status === 'ok' ? state.facts.profile.value : null;
  return {
    reason,
    sopReference: 'SOP-007',
    outcome: state.outcome ?? null,
    ticket: state.ticket ?? null,
    ticketPending: state.ticketPending ?? false,
    unavailableSystems: decision?.evidence.unavailableSystems ?? [],
    diagnosis: decision ? { kind: decision.kind, row: decision.row, evidence: decision.evidence } : null,
    customer: {
      msisdn: state.msisdn ?? null,
      accountName: state.ecare?.accountName ?? profile?.accountName ?? null,
      // The ticket's first mandatory group (class, name, card type), from the profile the bot read.
      name: profile?.customerName ?? null,
      customerClass: profile?.customerClass ?? null,
      cardType: profile?.cardType ?? null,
      complaintChannel: complaintChannel({ channelId: context.activity.channelId, ecare: state.ecare ?? null }),
    },
    answers: {
      paymentDate: state.paymentDate ?? null,
      paymentChannel: state.paymentChannel ?? null,
      affectedServices: state.affectedServices ?? null,
      notificationReceived: state.notificationReceived ?? null,
      location: state.location ?? null,
      alternateContact: state.alternateContact ?? null,
      networkRefreshTried: state.networkRefreshTried ?? false,
      proofOfPayment: state.proofOfPayment ?? false,
    },
  };
}

/** The server's time zone, which EventFactory looks up (slowly) for every event it makes. */
const LOCAL_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** `EventFactory.createHandoffInitiation`, activity for activity, with the time zone looked up once. */
export function handoffInitiation(context: TurnContext, value: unknown, transcript: Transcript): Partial<Activity> {
  const { activity } = context;
  return {
    type: ActivityTypes.Event,
    name: HandoffEventNames.InitiateHandoff,
    value,
    id: randomUUID(),
    timestamp: new Date(),
    localTimezone: LOCAL_TIME_ZONE,
    conversation: activity.conversation,
    attachments: [{ content: transcript, contentType: 'application/json', name: 'Transcript' }],
    entities: [],
    from: activity.from,
    relatesTo: TurnContext.getConversationReference(activity) as Activity['relatesTo'],
    replyToId: activity.id,
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
  };
}

export async function handOff(
  context: TurnContext,
  deps: DialogDeps,
  state: CaseState,
  reason: HandoffReason,
  /** Said in the same message, before "connecting you" (e.g. the ticket number). */
  lead?: string,
): Promise<CaseState> {
  const t = translate(context, deps);
  const opening = [lead, reason === 'TOO_MANY_TRIES' ? t('handoff.tooManyTries') : undefined].filter((x): x is string => !!x);
  await context.sendActivity([...opening, t('handoff.connecting')].join('\n\n'));
  const entries = await deps.transcript.get(context, []);
  const activities: Partial<Activity>[] = entries.map((entry) => ({
    type: 'message',
    text: entry.text,
    timestamp: new Date(entry.at),
    from: entry.from === 'customer' ? { id: context.activity.from?.id ?? 'customer', name: 'customer', role: 'user' } : { id: 'bot', name: 'bot', role: 'bot' },
    conversation: context.activity.conversation,
  }));
  const target = deps.handoffTarget ?? handoffTarget('event');
  const handoffCase = handoffContext(context, state, reason);
  if (target.sendsInitiateEvent) await context.sendActivity(handoffInitiation(context, handoffCase, { activities: activities as Activity[] }));
  for (const activity of target.escalation(handoffCase)) await context.sendActivity(activity);
  await deps.onHandoff?.(context, handoffCase, entries);
  deps.log.info({ event: 'handoff.sent', conversationId: context.activity.conversation.id, reason, outcome: state.outcome, target: target.name }, 'handed off to an agent');
  deps.telemetry.handoff(reason, target.name);
  // The case stays for the agent's context, but the facts the bot read are no longer needed.
  return markHandedOff(state);
}
