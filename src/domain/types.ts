/**
 * The plain data the SOP-007 logic works on (the decision table, docs/sop-007.md). Pure types:
 * no I/O, no botbuilder. Backend shapes come from the contract's zod schemas.
 */
import type {
  Device,
  FinancialAccount,
  HlrStatus,
  InteractionHistory,
  OutageList,
  ServiceName,
  SubscriberProfile,
} from '../contracts/backend.js';

export type Service = ServiceName;
export const ALL_SERVICES: readonly Service[] = ['DATA', 'SMS', 'VOICE'];

/** As `understand` returns it (docs/understand.md). */
export interface PaymentChannel {
  provider: string | null;
  method: string | null;
}

/** What the customer told us (DECISION-TABLE.md §1). Dates are `YYYY-MM-DD`, Asia/Jakarta. */
export interface Answers {
  msisdn: string;
  paymentDate: string;
  paymentChannel: PaymentChannel;
  affectedServices: Service[];
  notificationReceived: boolean;
  /** Asked only when an outage check or a ticket needs it. */
  location?: string | null;
  /** Asked only before a ticket; null when the customer has none. */
  alternateContact?: string | null;
  networkRefreshTried?: boolean;
}

/** Systems as the SOP names them; also the strings in `systemStatus.unavailableSystems`. */
export const SYSTEMS = ['DSC', 'FA', 'HLR', 'DEVICE', 'CRM', 'NETWORK'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/**
 * One system's answer. `unavailable` covers 5xx, timeouts, refused connections and bodies
 * that do not match the contract: never data. `not_found` is the contract's 404.
 */
export type Lookup<T> =
  | { status: 'ok'; value: T }
  | { status: 'not_found' }
  | { status: 'unavailable'; reason: string };

export interface Facts {
  profile: Lookup<SubscriberProfile>;
  billing: Lookup<FinancialAccount>;
  hlr: Lookup<HlrStatus>;
  device: Lookup<Device>;
  history: Lookup<InteractionHistory>;
  /** Absent when no location was known at diagnosis time (the outage check was not made). */
  outages?: Lookup<OutageList>;
}

export const OUTCOMES = [
  'EXISTING_TICKET',
  'CONFIRM_WITH_PAYMENT_CHANNEL',
  'TICKET_PAYMENT_NOT_POSTED',
  'REACTIVATION',
  'BILLCO_ACTIVATION',
  'TICKET_VOLUNTARY_BLOCK',
  'TICKET_BLOCKED',
  'OUTAGE_INFO',
  'NETWORK_REFRESH',
  'AGENT_REVIEW',
  'SYSTEM_UNAVAILABLE',
] as const;
export type OutcomeCode = (typeof OUTCOMES)[number];

/** Row numbers of DECISION-TABLE.md §3; `unavailable` is the table's unnumbered last row. */
export type DecisionRow = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 'unavailable';
