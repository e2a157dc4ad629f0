/**
 * What the bot tells operators in numbers: one port, called by one line at each place a
 * countable thing happens (a turn, a backend request, a ticket, an outcome, a hand-off, a
 * conversation's ending, a number active again). The shell decides where the numbers go
 * (Prometheus, `src/services/metrics/`; the daily report); the core only says what happened.
 *
 * Label values are closed sets named here, so nothing a customer typed, no number and no
 * name can ever become a label: an unknown channel id is counted as `other`.
 */
import { OUTCOMES, type OutcomeCode, type SystemName } from '../domain/types.js';

/** Channels counted by name; any other channel id is `other` (ids come from the client). */
export const CHANNELS = ['msteams', 'directline', 'webchat', 'emulator', 'test', 'ecare', 'whatsapp', 'other'] as const;
export type ChannelLabel = (typeof CHANNELS)[number];

/** The names for the backend systems; ticket and note writes are `tickets`. */
export const BACKEND_SYSTEMS = ['dsc', 'billing', 'hlr', 'device', 'crm', 'network', 'tickets'] as const;
export type BackendSystem = (typeof BACKEND_SYSTEMS)[number];
export const BACKEND_RESULTS = ['ok', 'error', 'timeout', 'invalid'] as const;
export type BackendResult = (typeof BACKEND_RESULTS)[number];

export const TICKET_RESULTS = ['created', 'replayed', 'noted_existing', 'failed'] as const;
export type TicketResult = (typeof TICKET_RESULTS)[number];

export const HANDOFF_REASONS = ['OUTCOME', 'CUSTOMER_REQUEST', 'TOO_MANY_TRIES', 'OTHER'] as const;
export type HandoffReasonLabel = (typeof HANDOFF_REASONS)[number];
/** Where a hand-off went (`HANDOFF_TARGET`): the built-in desk, a contact-centre platform, or the bare `handoff.initiate` event. */
export const HANDOFF_TARGETS = ['desk', 'omnichannel', 'liveperson', 'event'] as const;
export type HandoffTarget = (typeof HANDOFF_TARGETS)[number];

/**
 * How a conversation ended: `contained` (the bot finished the case without an agent),
 * `escalated` (handed to an agent), `cancelled` (the customer said "batal"), `abandoned` (no
 * customer message for ABANDON_AFTER_MINUTES before an outcome).
 */
export const ENDINGS = ['contained', 'escalated', 'cancelled', 'abandoned'] as const;
export type Ending = (typeof ENDINGS)[number];

export { OUTCOMES };

export interface Telemetry {
  turn(channel: string, seconds: number): void;
  outcome(code: OutcomeCode): void;
  handoff(reason: string, target: HandoffTarget): void;
  backendRequest(system: BackendSystem, result: BackendResult, seconds: number): void;
  ticket(result: TicketResult): void;
  conversationEnded(ending: Ending): void;
  /** From a ticket to the number seen active again (monitoring). */
  timeToActive(seconds: number): void;
}

/** For tests and tools that count nothing. */
export const noTelemetry: Telemetry = {
  turn: () => {},
  outcome: () => {},
  handoff: () => {},
  backendRequest: () => {},
  ticket: () => {},
  conversationEnded: () => {},
  timeToActive: () => {},
};

/** Several sinks as one (Prometheus and the daily report). */
export function fanOut(...sinks: Telemetry[]): Telemetry {
  const each = <K extends keyof Telemetry>(k: K) => ((...args: Parameters<Telemetry[K]>) => {
    for (const s of sinks) (s[k] as (...a: Parameters<Telemetry[K]>) => void)(...args);
  }) as Telemetry[K];
  return {
    turn: each('turn'),
    outcome: each('outcome'),
    handoff: each('handoff'),
    backendRequest: each('backendRequest'),
    ticket: each('ticket'),
    conversationEnded: each('conversationEnded'),
    timeToActive: each('timeToActive'),
  };
}

const oneOf = <T extends string>(set: readonly T[], value: string, fallback: T): T => ((set as readonly string[]).includes(value) ? (value as T) : fallback);

export const channelLabel = (channelId: string | undefined): ChannelLabel => oneOf(CHANNELS, (channelId ?? '').toLowerCase(), 'other');
export const handoffReasonLabel = (reason: string): HandoffReasonLabel => oneOf(HANDOFF_REASONS, reason, 'OTHER');

/** The gateway's system of a request, in the metric's names (`CRM` ticket writes are `tickets`). */
export function backendSystemLabel(system: SystemName, path: string): BackendSystem {
  if (system === 'CRM' && path.startsWith('/crm/v1/tickets')) return 'tickets';
  const names: Record<SystemName, BackendSystem> = { DSC: 'dsc', FA: 'billing', HLR: 'hlr', DEVICE: 'device', CRM: 'crm', NETWORK: 'network' };
  return names[system];
}

/** An `unavailable` reason (src/services/backend/http.ts) as a result label. */
export function backendResultOf(reason: string): BackendResult {
  if (/timed out|no time left/.test(reason)) return 'timeout';
  if (/contract|not JSON/.test(reason)) return 'invalid';
  return 'error';
}
