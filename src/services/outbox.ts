/**
 * The durable outbox for tickets and notes: a request is stored before it is sent, sent with
 * its Idempotency-Key (so a retry or a second instance can never create it twice), retried
 * with back-off after a failure or a restart, and never dropped — after the last try it stays,
 * marked failed, for operators (an alert in the log, the admin listing, /readyz).
 */
import type { NoteRequest, Ticket, TicketRequest } from '../contracts/backend.js';
import { openK44In } from '../domain/evidence.js';
import type { BuiltNote, BuiltTicket } from '../domain/ticket.js';
import type { Logger } from '../log.js';
import type { KeyValueStore, LockService } from '../storage/types.js';
import type { BackendClient } from './backend/client.js';
import type { Telemetry } from './telemetry.js';
import { nextAttemptDelay, type RetryPolicy } from './retryPolicy.js';

export const OUTBOX_PREFIX = 'outbox/';
const PREFIX = OUTBOX_PREFIX;

/** Who to tell when a delayed ticket is created: opaque to this layer (the bot's reference). */
export interface Recipient {
  conversationId: string;
  reference: unknown;
  locale: string;
}

interface EntryBase {
  key: string;
  conversationId: string;
  status: 'pending' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  lastError?: string;
}

export type OutboxEntry =
  | (EntryBase & {
      kind: 'ticket';
      request: TicketRequest;
      recipient: Recipient;
      customerWaiting: boolean;
      /**
       * Set once a retry found an OPEN or IN_PROGRESS K44 ticket in the CRM history (SOP Notes 1:
       * never a second K44): from then on this entry is a note on that ticket, never a new one.
       */
      joined?: Ticket;
    })
  | (EntryBase & { kind: 'note'; ticketId: string; request: NoteRequest });

export type SubmitResult = { status: 'created' | 'replayed'; ticket: Ticket } | { status: 'pending' };

export interface OutboxOptions {
  store: KeyValueStore;
  locks: LockService;
  client: BackendClient;
  log: Logger;
  retry: RetryPolicy;
  now?: () => number;
  /**
   * Called once a ticket that the customer was told "will follow" is created, or, with
   * `existing`, once their complaint was added to a K44 ticket that opened meanwhile.
   */
  onDelayedTicketCreated?: (recipient: Recipient, ticket: Ticket, how: { existing: boolean }) => Promise<void>;
  /** Per send attempt, in ms; a turn passes less. */
  sendBudgetMs?: number;
  /** Counts tickets by result (created, replayed, noted_existing, failed). */
  telemetry?: Telemetry;
}

type SendOutcome = { ok: true; ticket?: Ticket; existing?: boolean; replayed?: boolean } | { ok: false; final: boolean; reason: string };

const HISTORY_DAYS = 30;

/** The note that replaces a delayed ticket on the K44 ticket opened meanwhile: this conversation's facts. */
export function joinedNote(request: TicketRequest, ticketId: string): NoteRequest {
  const text = [
    `[Bot] Keluhan tambahan (SOP-007 Notes 1) dari percakapan ${request.conversationId}: tiket baru tidak dibuat karena tiket K44 ${ticketId} sudah terbuka.`,
    `Hasil diagnosis bot: ${request.outcome}, rute ${request.route ?? 'tidak diketahui'}.`,
    request.summary,
  ].join('\n');
  return { text: text.length > 4000 ? `${text.slice(0, 3999)}…` : text, author: 'sop007-bot' };
}

export class Outbox {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: OutboxOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Stores the ticket, then tries it once within `budgetMs`; pending means it will follow. */
  async submitTicket(built: BuiltTicket, recipient: Recipient, budgetMs: number): Promise<SubmitResult> {
    const entry: OutboxEntry = {
      ...this.base(built.idempotencyKey, recipient.conversationId),
      kind: 'ticket',
      request: built.request,
      recipient,
      // Stored as "the customer waits": if this turn's try fails they are told it will
      // follow, and whichever instance creates it later tells them it has.
      customerWaiting: true,
    };
    const sent = await this.storeAndSend(entry, budgetMs);
    return sent.ok && sent.ticket ? { status: 'created', ticket: sent.ticket } : { status: 'pending' };
  }

  /** Notes are fire-and-forget for the conversation: stored, tried once, retried later. */
  async submitNote(ticketId: string, built: BuiltNote, conversationId: string, budgetMs: number): Promise<boolean> {
    const entry: OutboxEntry = { ...this.base(built.idempotencyKey, conversationId), kind: 'note', ticketId, request: built.request };
    return (await this.storeAndSend(entry, budgetMs)).ok;
  }

  /**
   * One pass over the entries that are due (or all pending ones, after a restart: whatever
   * kept them from going out may be gone). Safe to run on every instance at once.
   */
  async runDue(options: { ignoreBackoff?: boolean } = {}): Promise<void> {
    const keys = await this.options.store.keys(PREFIX);
    for (const key of keys) {
      const entry = await this.read(key.slice(PREFIX.length));
      if (!entry || entry.status !== 'pending') continue;
      if (!options.ignoreBackoff && entry.nextAttemptAt > this.now()) continue;
      await this.attempt(entry.key, this.options.sendBudgetMs ?? 5000, true);
    }
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    const pass = (ignoreBackoff: boolean) => {
      if (this.running) return;
      this.running = this.runDue({ ignoreBackoff })
        .catch((err: unknown) => this.options.log.error({ event: 'outbox.pass_failed', err }, 'outbox pass failed'))
        .finally(() => (this.running = null));
    };
    pass(true);
    this.timer = setInterval(() => pass(false), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** For operators: every entry still held, and counts by status. */
  async summary(): Promise<{ pending: number; failed: number; entries: Array<Omit<OutboxEntry, 'request' | 'recipient'>> }> {
    const keys = await this.options.store.keys(PREFIX);
    const entries = (await Promise.all(keys.map((k) => this.read(k.slice(PREFIX.length))))).filter((e): e is OutboxEntry => !!e);
    return {
      pending: entries.filter((e) => e.status === 'pending').length,
      failed: entries.filter((e) => e.status === 'failed').length,
      // Requests hold personal data; the listing names entries, it does not show them.
      entries: entries.map(({ request: _r, ...rest }) => {
        const { recipient: _p, ...listed } = rest as typeof rest & { recipient?: unknown };
        return listed;
      }),
    };
  }

  private base(key: string, conversationId: string): EntryBase {
    const now = this.now();
    return { key, conversationId, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now };
  }

  private async storeAndSend(entry: OutboxEntry, budgetMs: number): Promise<SendOutcome> {
    const existing = await this.read(entry.key);
    if (!existing) await this.options.store.write({ [PREFIX + entry.key]: { ...entry, eTag: '*' } });
    return this.attempt(entry.key, budgetMs, false);
  }

  /**
   * Sends one entry under its lock, so two instances never send it at the same moment.
   * `retry` (a pass over stored entries, not the turn's first try): the ticket has waited, so
   * the CRM history is read again first — a K44 ticket may have opened meanwhile.
   */
  private async attempt(key: string, budgetMs: number, retry: boolean): Promise<SendOutcome> {
    const notifyCustomer = retry;
    const lease = await this.options.locks.acquire(`lock/outbox/${key}`, { ttlMs: budgetMs + 5000, waitMs: 0 });
    if (!lease) return { ok: false, final: false, reason: 'another sender holds it' };
    try {
      let entry = await this.read(key);
      if (!entry) return { ok: true }; // sent meanwhile by someone else
      if (retry && entry.kind === 'ticket' && !entry.joined) entry = await this.lookForOpenTicket(entry, budgetMs);
      const outcome = await this.send(entry, budgetMs);
      if (outcome.ok) {
        await this.options.store.delete([PREFIX + key]);
        if (notifyCustomer && entry.kind === 'ticket' && entry.customerWaiting && outcome.ticket) {
          await this.tellCustomer(entry.recipient, outcome.ticket, outcome.existing === true);
        }
        if (entry.kind === 'ticket') this.options.telemetry?.ticket(outcome.existing ? 'noted_existing' : outcome.replayed ? 'replayed' : 'created');
        this.options.log.info({ event: entry.kind === 'ticket' ? 'ticket.created' : 'note.added', key, kind: entry.kind, attempts: entry.attempts + 1 }, 'outbox entry delivered');
        return outcome;
      }
      const attempts = entry.attempts + 1;
      const failed = outcome.final || attempts >= this.options.retry.maxAttempts;
      await this.update(key, (e) => ({
        ...e,
        attempts,
        lastError: outcome.reason,
        status: failed ? 'failed' : 'pending',
        nextAttemptAt: this.now() + nextAttemptDelay(this.options.retry, attempts),
      }));
      if (failed) {
        if (entry.kind === 'ticket') this.options.telemetry?.ticket('failed');
        this.options.log.error(
          { event: 'outbox.entry_failed', alert: 'OUTBOX_ENTRY_FAILED', key, kind: entry.kind, conversationId: entry.conversationId, attempts, reason: outcome.reason },
          'a ticket or note could not be delivered after its retries; kept for an operator',
        );
      }
      return outcome;
    } finally {
      await lease.release();
    }
  }

  /**
   * SOP Notes 1 for a ticket that waited: an OPEN or IN_PROGRESS K44 ticket in the history now
   * (the customer called the contact centre meanwhile) turns this entry, durably and for good,
   * into a note on that ticket. A history that cannot be read leaves the entry as it was.
   */
  private async lookForOpenTicket(entry: Extract<OutboxEntry, { kind: 'ticket' }>, budgetMs: number): Promise<OutboxEntry> {
    const call = { correlationId: entry.conversationId, deadline: Date.now() + budgetMs };
    const history = await this.options.client.getInteractionHistory(entry.request.customer.msisdn, HISTORY_DAYS, call);
    if (history.status !== 'ok') {
      this.options.log.warn({ event: 'outbox.history_unreadable', key: entry.key, status: history.status }, 'CRM history unreadable before a delayed ticket; sending it as it is');
      return entry;
    }
    const open = openK44In(history.value);
    if (!open) return entry;
    // Without the MSISDN: the admin listing shows entries without personal data.
    const { msisdn: _m, ...ticket } = open;
    const joined = { ...entry, joined: ticket };
    await this.options.store.write({ [PREFIX + entry.key]: { ...joined, eTag: '*' } });
    this.options.log.info({ event: 'outbox.joined_open_ticket', key: entry.key, ticketId: open.ticketId }, 'a K44 ticket opened meanwhile: the delayed ticket becomes a note on it');
    return joined;
  }

  /** The conversation may be busy with a turn right now: a few tries before an alert. */
  private async tellCustomer(recipient: Recipient, ticket: Ticket, existing: boolean): Promise<void> {
    const notify = this.options.onDelayedTicketCreated;
    if (!notify) return;
    for (let attempt = 1; ; attempt++) {
      try {
        return await notify(recipient, ticket, { existing });
      } catch (err) {
        if (attempt >= 3) {
          this.options.log.error(
            { event: 'outbox.customer_not_told', err, alert: 'CUSTOMER_NOT_TOLD', conversationId: recipient.conversationId, ticketId: ticket.ticketId },
            'the ticket was created but the customer could not be told',
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
      }
    }
  }

  private async send(entry: OutboxEntry, budgetMs: number): Promise<SendOutcome> {
    // Deadlines are wall-clock (the client checks them against Date.now), unlike the schedule clock.
    const call = { correlationId: entry.conversationId, deadline: Date.now() + budgetMs };
    const { client } = this.options;
    if (entry.kind === 'ticket' && entry.joined) {
      // Its own key: a retry of this note replays it, and it can never be taken for the ticket.
      const result = await client.addTicketNote(entry.joined.ticketId, joinedNote(entry.request, entry.joined.ticketId), `${entry.key}-joined`, call);
      if (result.status === 'created' || result.status === 'replayed') return { ok: true, ticket: entry.joined, existing: true };
      if (result.status === 'not_found') return { ok: false, final: true, reason: `ticket ${entry.joined.ticketId} not found` };
      if (result.status === 'rejected') return { ok: false, final: true, reason: 'note rejected' };
      return { ok: false, final: false, reason: 'reason' in result ? result.reason : 'unavailable' };
    }
    if (entry.kind === 'ticket') {
      const result = await client.createTicket(entry.request, entry.key, call);
      if (result.status === 'created' || result.status === 'replayed') return { ok: true, ticket: result.ticket, replayed: result.status === 'replayed' };
      if (result.status === 'rejected') return { ok: false, final: true, reason: `rejected: ${result.problem.title ?? result.problem.status ?? ''}` };
      return { ok: false, final: false, reason: 'reason' in result ? result.reason : 'unavailable' };
    }
    const result = await client.addTicketNote(entry.ticketId, entry.request, entry.key, call);
    if (result.status === 'created' || result.status === 'replayed') return { ok: true };
    if (result.status === 'not_found') return { ok: false, final: true, reason: 'ticket not found' };
    if (result.status === 'rejected') return { ok: false, final: true, reason: 'rejected' };
    return { ok: false, final: false, reason: 'reason' in result ? result.reason : 'unavailable' };
  }

  private async read(key: string): Promise<OutboxEntry | undefined> {
    const items = await this.options.store.read([PREFIX + key]);
    return items[PREFIX + key] as OutboxEntry | undefined;
  }

  private async update(key: string, change: (entry: OutboxEntry) => OutboxEntry): Promise<void> {
    const entry = await this.read(key);
    if (entry) await this.options.store.write({ [PREFIX + key]: { ...change(entry), eTag: '*' } });
  }
}
