/**
 * The backend gateway's contract as zod schemas (`npm run contract` turns them into docs/backend.openapi.json):
 * the one source of both runtime validation (clients parse every body with these; the
 * simulator serves fixtures validated by them) and the TypeScript types the domain reads.
 * Pure: no I/O.
 */
import { z } from 'zod';

export const MSISDN_PATTERN = /^62[0-9]{8,13}$/;
export const Msisdn = z.string().regex(MSISDN_PATTERN);

export const ServiceName = z.enum(['VOICE', 'SMS', 'DATA']);
export type ServiceName = z.infer<typeof ServiceName>;

export const CARD_TYPES = ['KARTUHALO', 'SIMPATI', 'KARTU_AS', 'LOOP', 'BYU'] as const;

/** DSC statuses the decision table names (rows 4, 6, 7, §5) and the ones row 10 is known to see. */
export const KNOWN_DSC_STATUSES = [
  'ACTIVE',
  'ACTIVE_OUT_OF_COLLECTION_TRIAL',
  'ACTIVE_COLLECTION_BLOCK_1',
  'ACTIVE_COLLECTION_BLOCK_2',
  'ACTIVE_VOLUNTARY_BLOCK_1',
  'AGING',
  'TERMINATED',
] as const;
export type KnownDscStatus = (typeof KNOWN_DSC_STATUSES)[number];
/** Any other string is still a status (row 10); `string & {}` keeps the known ones as checked names. */
export type DscStatus = KnownDscStatus | (string & {});

export const SubscriberProfile = z.object({
  msisdn: z.string(),
  customerName: z.string(),
  accountName: z.string().nullable().optional(),
  cardType: z.enum(CARD_TYPES),
  customerClass: z.string(),
  /** Open set on purpose: an unknown status is data (decision row 10), not a contract violation. */
  status: z.string().transform((status): DscStatus => status),
  statusSince: z.string().optional(),
  profileBlocks: z.array(z.object({ service: ServiceName, reason: z.string() })),
});
export type SubscriberProfile = z.infer<typeof SubscriberProfile>;

export const Payment = z.object({
  paymentId: z.string(),
  paidAt: z.string(),
  amount: z.number(),
  channel: z.string(),
  ledgerPosted: z.boolean(),
});
export type Payment = z.infer<typeof Payment>;

export const FinancialAccount = z.object({
  financialAccountId: z.string(),
  collectionStatus: z.string(),
  outstandingAmount: z.number(),
  payments: z.array(Payment),
});
export type FinancialAccount = z.infer<typeof FinancialAccount>;

export const HlrBarring = z.object({
  service: z.enum(['VOICE', 'SMS', 'DATA', 'ALL']),
  reason: z.string(),
});
export type HlrBarring = z.infer<typeof HlrBarring>;

export const HlrStatus = z.object({
  msisdn: z.string(),
  state: z.enum(['ACTIVE', 'BARRED']),
  barrings: z.array(HlrBarring),
});
export type HlrStatus = z.infer<typeof HlrStatus>;

export const Device = z.object({
  brand: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  imeiRegistered: z.boolean(),
  supports4g: z.boolean(),
  lastSeenAt: z.string().nullable().optional(),
});
export type Device = z.infer<typeof Device>;

export const TicketStatus = z.enum(['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const Ticket = z.object({
  ticketId: z.string(),
  status: TicketStatus,
  kip: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
  msisdn: z.string().optional(),
});
export type Ticket = z.infer<typeof Ticket>;

export const Interaction = z.object({
  id: z.string(),
  at: z.string(),
  channel: z.string(),
  kip: z.string().nullable().optional(),
  summary: z.string().nullable().optional(),
});

export const InteractionHistory = z.object({
  interactions: z.array(Interaction),
  tickets: z.array(Ticket),
});
export type InteractionHistory = z.infer<typeof InteractionHistory>;

export const Outage = z.object({
  id: z.string(),
  areas: z.array(z.string()).optional(),
  services: z.array(ServiceName),
  startedAt: z.string().optional(),
  estimatedRecoveryAt: z.string().nullable().optional(),
  publicMessage: z.string(),
});
export type Outage = z.infer<typeof Outage>;

export const OutageList = z.object({ outages: z.array(Outage) });
export type OutageList = z.infer<typeof OutageList>;

export const SOP_REFERENCE = 'SOP-007/CCM-AC/CHM/VI/2017 (KM1100455)';
export const ROUTES = ['BACKOFFICE', 'BILLCO', 'REACTIVATION'] as const;

export const TranscriptEntry = z.object({
  from: z.enum(['customer', 'bot']),
  text: z.string(),
  at: z.string(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntry>;

export const TicketRequest = z.object({
  kip: z.object({
    code: z.literal('K44'),
    ledgerPosted: z.boolean().nullable().optional(),
    path: z.string(),
  }),
  outcome: z.string(),
  route: z.enum(ROUTES).optional(),
  customer: z.object({
    msisdn: z.string(),
    name: z.string().nullable(),
    cardType: z.string().nullable(),
    customerClass: z.string().nullable(),
    accountName: z.string().nullable().optional(),
  }),
  complaintChannel: z.string(),
  payment: z.object({
    date: z.string(),
    channel: z.string(),
    notificationReceived: z.boolean().nullable().optional(),
  }),
  systemStatus: z.object({
    collectionStatus: z.string().nullable(),
    dscStatus: z.string().nullable(),
    hlrState: z.string().nullable(),
    barrings: z.array(z.string()).optional(),
    profileBlocks: z.array(z.string()).optional(),
    unavailableSystems: z.array(z.string()).optional(),
  }),
  affectedServices: z.array(ServiceName).min(1),
  location: z.string(),
  alternateContact: z.string().nullable(),
  networkRefreshTried: z.boolean().optional(),
  summary: z.string(),
  transcript: z.array(TranscriptEntry).optional(),
  sopReference: z.literal(SOP_REFERENCE),
  conversationId: z.string(),
});
export type TicketRequest = z.infer<typeof TicketRequest>;

export const NoteRequest = z.object({ text: z.string().max(4000), author: z.string().optional() });
export type NoteRequest = z.infer<typeof NoteRequest>;
export const NoteResponse = z.object({ noteId: z.string() });
export type NoteResponse = z.infer<typeof NoteResponse>;

export const Problem = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;
