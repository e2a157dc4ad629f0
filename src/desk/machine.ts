/**
 * The desk's case, and what may happen to it: waiting → claimed → closed. Pure data and
 * functions (the repository stores, the service acts): a claim by a second agent is a
 * conflict, a closed case takes nothing more, the transcript is bounded.
 */
import type { HandoffCase } from '../channels/handoff/caseContext.js';
import type { Recipient } from '../services/outbox.js';

export type DeskState = 'waiting' | 'claimed' | 'closed';
export type Speaker = 'customer' | 'bot' | 'agent';

export interface DeskTranscriptEntry {
  from: Speaker;
  text: string;
  at: string;
  /** The agent's display name, on agent lines. */
  agent?: string;
}

export interface DeskCase {
  conversationId: string;
  state: DeskState;
  /** When the hand-off reached the desk (ISO). */
  since: string;
  /** The agent's username while claimed (and who closed it). */
  agent: string | null;
  agentName: string | null;
  channel: string;
  outcome: string | null;
  ticketId: string | null;
  handoff: HandoffCase;
  transcript: DeskTranscriptEntry[];
  /** Where the customer is, for proactive messages. */
  recipient: Recipient;
  /** The customer was told the ticket and that the team will call (DESK_MAX_WAIT_MINUTES). */
  waitExpired?: boolean;
  closedAt?: string;
  closedBy?: 'agent' | 'customer';
  note?: string;
}

/** The most transcript lines a case keeps (the oldest go first). */
export const MAX_TRANSCRIPT = 300;
/** The longest message the desk keeps, either way. */
export const MAX_TEXT = 2000;

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: 'conflict' | 'closed' | 'not_claimed' };

export function openCase(input: {
  handoff: HandoffCase;
  transcript: DeskTranscriptEntry[];
  recipient: Recipient;
  channel: string;
  at: Date;
}): DeskCase {
  return {
    conversationId: input.recipient.conversationId,
    state: 'waiting',
    since: input.at.toISOString(),
    agent: null,
    agentName: null,
    channel: input.channel,
    outcome: input.handoff.outcome,
    ticketId: input.handoff.ticket?.ticketId ?? null,
    handoff: input.handoff,
    transcript: input.transcript.slice(-MAX_TRANSCRIPT),
    recipient: input.recipient,
  };
}

export interface Agent {
  username: string;
  displayName: string;
}

/** An agent takes the case. Claiming one's own case again is fine (a second browser tab). */
export function claim(c: DeskCase, agent: Agent): Outcome<DeskCase> {
  if (c.state === 'closed') return { ok: false, reason: 'closed' };
  if (c.state === 'claimed' && c.agent !== agent.username) return { ok: false, reason: 'conflict' };
  return { ok: true, value: { ...c, state: 'claimed', agent: agent.username, agentName: agent.displayName } };
}

/** Only the agent who holds the case speaks in it. */
export function mayReply(c: DeskCase, agent: Agent): Outcome<DeskCase> {
  if (c.state === 'closed') return { ok: false, reason: 'closed' };
  if (c.state === 'waiting') return { ok: false, reason: 'not_claimed' };
  if (c.agent !== agent.username) return { ok: false, reason: 'conflict' };
  return { ok: true, value: c };
}

/** The holder closes; a waiting case may be closed by any agent (taken and finished at once). */
export function closeByAgent(c: DeskCase, agent: Agent, at: Date, note?: string): Outcome<DeskCase> {
  if (c.state === 'closed') return { ok: false, reason: 'closed' };
  if (c.state === 'claimed' && c.agent !== agent.username) return { ok: false, reason: 'conflict' };
  return {
    ok: true,
    value: { ...c, state: 'closed', agent: agent.username, agentName: agent.displayName, closedAt: at.toISOString(), closedBy: 'agent', ...(note ? { note } : {}) },
  };
}

/** The customer left ("batal"). */
export function closeByCustomer(c: DeskCase, at: Date): DeskCase {
  return c.state === 'closed' ? c : { ...c, state: 'closed', closedAt: at.toISOString(), closedBy: 'customer' };
}

export function appendLine(c: DeskCase, entry: DeskTranscriptEntry): DeskCase {
  const line = { ...entry, text: entry.text.slice(0, MAX_TEXT) };
  return { ...c, transcript: [...c.transcript, line].slice(-MAX_TRANSCRIPT) };
}

export const waitingSeconds = (c: DeskCase, now: Date): number => Math.max(0, Math.floor((now.getTime() - Date.parse(c.since)) / 1000));

/** Is this waiting case past the longest wait, and not yet told so? */
export const waitExpired = (c: DeskCase, now: Date, maxWaitMs: number): boolean =>
  c.state === 'waiting' && !c.waitExpired && now.getTime() - Date.parse(c.since) >= maxWaitMs;

export interface QueueItem {
  conversationId: string;
  state: 'waiting' | 'claimed';
  since: string;
  outcome: string | null;
  ticketId: string | null;
  agent: string | null;
  channel: string;
  waitingSeconds: number;
}

/** The open cases, oldest first, as the queue lists them. */
export function queueOf(all: readonly DeskCase[], now: Date): QueueItem[] {
  return all
    .filter((c): c is DeskCase & { state: 'waiting' | 'claimed' } => c.state !== 'closed')
    .sort((a, b) => a.since.localeCompare(b.since))
    .map((c) => ({
      conversationId: c.conversationId,
      state: c.state,
      since: c.since,
      outcome: c.outcome,
      ticketId: c.ticketId,
      agent: c.agentName ?? c.agent,
      channel: c.channel,
      waitingSeconds: waitingSeconds(c, now),
    }));
}

/** The case as the API shows it to an authorised agent (the number in full). */
export function caseView(c: DeskCase) {
  return {
    conversationId: c.conversationId,
    state: c.state,
    agent: c.agentName ?? c.agent,
    outcome: c.outcome,
    ticket: c.handoff.ticket,
    ticketPending: c.handoff.ticketPending,
    diagnosis: c.handoff.diagnosis,
    unavailableSystems: c.handoff.unavailableSystems,
    reason: c.handoff.reason,
    answers: c.handoff.answers,
    customer: c.handoff.customer,
    channel: c.channel,
    since: c.since,
    transcript: c.transcript.map((e) => ({ from: e.from, text: e.text, at: e.at, ...(e.agent ? { agent: e.agent } : {}) })),
  };
}
