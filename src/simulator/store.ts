/**
 * The simulator's state and the contract's rules on it, without HTTP: subscriber bodies as of
 * the clock, `since` and `days` filters, outage matching, tickets and notes with their
 * Idempotency-Key replay. Everything served is parsed with the contract schema on the way out.
 */
import type { z } from 'zod';
import {
  Device,
  FinancialAccount,
  HlrStatus,
  InteractionHistory,
  Outage,
  SubscriberProfile,
  Ticket,
  type NoteRequest,
  type OutageList,
  type TicketRequest,
} from '../contracts/backend.js';
import type { SystemName } from '../domain/types.js';
import { loadFixtures, validateSubscriber, type BodyKey, type Fixtures, type SubscriberRecord } from './fixtures.js';
import { jakartaDate, resolveTimes, toJakartaIso } from './relative-time.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_WINDOW_MS = DAY_MS;

export interface StoredTicket {
  ticket: Ticket;
  request: TicketRequest;
  idempotencyKey: string;
}

export interface StoredNote {
  noteId: string;
  ticketId: string;
  text: string;
  author?: string;
  createdAt: string;
  idempotencyKey: string;
}

/** Per system, a shallow merge into the current body; null makes that system answer 404. */
export interface SubscriberPatch {
  profile?: Partial<SubscriberProfile> | null;
  billing?: Partial<FinancialAccount> | null;
  hlr?: Partial<HlrStatus> | null;
  device?: Partial<Device> | null;
  history?: Partial<InteractionHistory> | null;
  latencyMs?: Partial<Record<SystemName, number>>;
  failWith?: Partial<Record<SystemName, number>>;
}

const BODY_KEYS: readonly BodyKey[] = ['profile', 'billing', 'hlr', 'device', 'history'];

export class SimulatorStore {
  private fixtures!: Fixtures;
  private storedTickets: StoredTicket[] = [];
  private storedNotes: StoredNote[] = [];
  private ticketKeys = new Map<string, { ticketId: string; atMs: number }>();
  private noteKeys = new Map<string, { noteId: string; atMs: number }>();

  constructor(
    readonly now: () => Date,
    /** Off for load benchmarks: every conversation then files its own ticket for the same number. */
    private readonly ticketsInHistory = true,
  ) {
    this.reset();
  }

  reset(): void {
    this.fixtures = loadFixtures(this.now());
    this.storedTickets = [];
    this.storedNotes = [];
    this.ticketKeys.clear();
    this.noteKeys.clear();
  }

  record(msisdn: string): SubscriberRecord | undefined {
    return this.fixtures.subscribers.get(msisdn);
  }

  subscriberNumbers(): string[] {
    return [...this.fixtures.subscribers.keys()];
  }

  profile(msisdn: string): SubscriberProfile | undefined {
    return this.body(msisdn, 'profile', SubscriberProfile);
  }

  hlr(msisdn: string): HlrStatus | undefined {
    return this.body(msisdn, 'hlr', HlrStatus);
  }

  device(msisdn: string): Device | undefined {
    return this.body(msisdn, 'device', Device);
  }

  /** `since` is a Jakarta date: payments on or after it. */
  payments(msisdn: string, since: string): FinancialAccount | undefined {
    const account = this.body(msisdn, 'billing', FinancialAccount);
    if (!account) return undefined;
    return { ...account, payments: account.payments.filter((p) => (jakartaDate(p.paidAt) ?? '') >= since) };
  }

  /** The contract's window: interactions of the last `days`; tickets open however old, or closed within `days`. */
  history(msisdn: string, days: number): InteractionHistory {
    const base = this.body(msisdn, 'history', InteractionHistory) ?? { interactions: [], tickets: [] };
    const cutoff = this.now().getTime() - days * DAY_MS;
    const created = this.ticketsInHistory ? this.storedTickets.filter((t) => t.ticket.msisdn === msisdn).map((t) => t.ticket) : [];
    const isOpen = (t: Ticket) => t.status === 'OPEN' || t.status === 'IN_PROGRESS';
    return {
      interactions: base.interactions.filter((i) => Date.parse(i.at) >= cutoff),
      tickets: [...base.tickets, ...created].filter((t) => isOpen(t) || Date.parse(t.updatedAt ?? t.createdAt) >= cutoff),
    };
  }

  /** Case-insensitive: an area name (the key or one of the outage's areas) contained in the customer's text. */
  outagesAt(location: string): OutageList {
    const text = location.toLowerCase();
    const found = new Map<string, Outage>();
    for (const [area, list] of this.fixtures.outages) {
      for (const raw of list) {
        const outage = Outage.parse(resolveTimes(raw, this.now()));
        const areas = outage.areas ?? [area];
        if ([area, ...areas].some((a) => text.includes(a.toLowerCase()))) found.set(outage.id, { ...outage, areas });
      }
    }
    return { outages: [...found.values()] };
  }

  createTicket(request: TicketRequest, idempotencyKey: string): { replayed: boolean; ticket: Ticket } {
    const nowMs = this.now().getTime();
    const seen = this.ticketKeys.get(idempotencyKey);
    const earlier = seen && nowMs - seen.atMs < IDEMPOTENCY_WINDOW_MS ? this.findTicket(seen.ticketId) : undefined;
    if (earlier) return { replayed: true, ticket: earlier };
    const at = toJakartaIso(nowMs);
    const sequence = String(100 + this.storedTickets.length + 1).padStart(6, '0');
    const ticket: Ticket = {
      ticketId: `TT-${at.slice(0, 4)}-${sequence}`,
      status: 'OPEN',
      kip: request.kip.code,
      createdAt: at,
      updatedAt: at,
      msisdn: request.customer.msisdn,
    };
    this.storedTickets.push({ ticket, request, idempotencyKey });
    this.ticketKeys.set(idempotencyKey, { ticketId: ticket.ticketId, atMs: nowMs });
    return { replayed: false, ticket };
  }

  /** Tickets created here, then those in the subscribers' fixture histories. */
  findTicket(ticketId: string): Ticket | undefined {
    const created = this.storedTickets.find((t) => t.ticket.ticketId === ticketId);
    if (created) return created.ticket;
    for (const msisdn of this.fixtures.subscribers.keys()) {
      const ticket = this.body(msisdn, 'history', InteractionHistory)?.tickets.find((t) => t.ticketId === ticketId);
      if (ticket) return ticket;
    }
    return undefined;
  }

  /** undefined when the ticket does not exist. Keys are scoped to their ticket. */
  addNote(ticketId: string, note: NoteRequest, idempotencyKey: string): { replayed: boolean; noteId: string } | undefined {
    if (!this.findTicket(ticketId)) return undefined;
    const nowMs = this.now().getTime();
    const scopedKey = `${ticketId}\n${idempotencyKey}`;
    const seen = this.noteKeys.get(scopedKey);
    if (seen && nowMs - seen.atMs < IDEMPOTENCY_WINDOW_MS) return { replayed: true, noteId: seen.noteId };
    const noteId = `NT-${String(this.storedNotes.length + 1).padStart(6, '0')}`;
    this.storedNotes.push({ noteId, ticketId, text: note.text, ...(note.author ? { author: note.author } : {}), createdAt: toJakartaIso(nowMs), idempotencyKey });
    this.noteKeys.set(scopedKey, { noteId, atMs: nowMs });
    return { replayed: false, noteId };
  }

  tickets(): StoredTicket[] {
    return [...this.storedTickets];
  }

  notes(ticketId?: string): StoredNote[] {
    return this.storedNotes.filter((n) => ticketId === undefined || n.ticketId === ticketId);
  }

  /** Validated before it takes effect: a patch cannot make the simulator serve off-contract data. */
  setSubscriber(msisdn: string, patch: SubscriberPatch): void {
    const current: SubscriberRecord = this.record(msisdn) ?? {};
    const next: SubscriberRecord = { ...current };
    for (const key of BODY_KEYS) {
      const change = patch[key];
      if (change === undefined) continue;
      next[key] = change === null ? null : { ...asObject(current[key]), ...change };
    }
    if (patch.latencyMs) next.latencyMs = { ...current.latencyMs, ...patch.latencyMs };
    if (patch.failWith) next.failWith = { ...current.failWith, ...patch.failWith };
    validateSubscriber(msisdn, next, this.now());
    this.fixtures.subscribers.set(msisdn, next);
  }

  /** Active and unblocked in both DSC and HLR, as after a successful activation. */
  activate(msisdn: string): void {
    if (!this.profile(msisdn) || !this.hlr(msisdn)) throw new Error(`activate: ${msisdn} has no DSC profile or HLR record`);
    const since = toJakartaIso(this.now().getTime());
    this.setSubscriber(msisdn, {
      profile: { status: 'ACTIVE', statusSince: since, profileBlocks: [] },
      hlr: { state: 'ACTIVE', barrings: [] },
    });
  }

  private body<T>(msisdn: string, key: BodyKey, schema: z.ZodType<T>): T | undefined {
    const raw = this.record(msisdn)?.[key];
    return raw === undefined || raw === null ? undefined : schema.parse(resolveTimes(raw, this.now()));
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
