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
import { translate, type DialogDeps } from './turn.js';

export type HandoffReason = 'OUTCOME' | 'CUSTOMER_REQUEST' | 'TOO_MANY_TRIES';

export function handoffContext(context: TurnContext, state: CaseState, reason: HandoffReason) {
  const decision = state.decision;
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
      accountName: state.ecare?.accountName ?? null,
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
  const event = handoffInitiation(context, handoffContext(context, state, reason), { activities: activities as Activity[] });
  await context.sendActivity(event);
  deps.log.info({ event: 'handoff.sent', conversationId: context.activity.conversation.id, reason, outcome: state.outcome }, 'handed off to an agent');
  deps.telemetry.handoff(reason, 'event');
  // The case stays for the agent's context, but the facts the bot read are no longer needed.
  return markHandedOff(state);
}
