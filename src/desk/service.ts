/**
 * The desk's work: a hand-off enters the queue; the customer's messages reach the agent; an
 * agent claims, replies (the customer receives it in their channel) and closes (the note goes
 * to the ticket through the outbox, exactly once; the bot answers the customer again). Every
 * step is published as an event. Unclaimed past DESK_MAX_WAIT_MINUTES, the customer is told
 * the ticket number and that the team will contact them (once, whichever instance sweeps).
 */
import type { HandoffCase } from '../channels/handoff/caseContext.js';
import type { BuiltNote } from '../domain/ticket.js';
import type { Logger } from '../log.js';
import type { Recipient } from '../services/outbox.js';
import type { LockService } from '../storage/types.js';
import type { DeskEvents } from './events.js';
import {
  appendLine,
  claim,
  closeByAgent,
  closeByCustomer,
  mayReply,
  openCase,
  waitExpired,
  type Agent,
  type DeskCase,
  type DeskTranscriptEntry,
  type Outcome,
} from './machine.js';
import type { DeskRepository } from './repository.js';

/** How the desk speaks to the customer (src/bot/deskNotifier.ts: proactive messages). */
export interface DeskCustomerChannel {
  agentMessage(recipient: Recipient, agentName: string, text: string): Promise<void>;
  /** The agent closed: the customer is told, and the conversation is the bot's again. */
  closed(recipient: Recipient, agentName: string): Promise<void>;
  waitExpired(recipient: Recipient, ticketId: string | null): Promise<void>;
}

export interface DeskServiceOptions {
  repository: DeskRepository;
  events: DeskEvents;
  locks: LockService;
  customer: DeskCustomerChannel;
  submitNote: (ticketId: string, note: BuiltNote, conversationId: string) => Promise<boolean>;
  maxWaitMs: number;
  /** A closed case (transcript and all) is forgotten this long after closing (CONVERSATION_RETENTION_HOURS; UU PDP). */
  closedRetentionMs: number;
  log: Logger;
  now?: () => Date;
}

export type DeskResult = Outcome<DeskCase> | { ok: false; reason: 'not_found' };

export class DeskService {
  private readonly now: () => Date;

  constructor(private readonly o: DeskServiceOptions) {
    this.now = o.now ?? (() => new Date());
  }

  get repository(): DeskRepository {
    return this.o.repository;
  }

  /** A hand-off reaches the desk. */
  async enqueue(input: { handoff: HandoffCase; transcript: DeskTranscriptEntry[]; recipient: Recipient; channel: string }): Promise<number> {
    const c = openCase({ ...input, at: this.now() });
    await this.o.repository.put(c);
    await this.o.events.publish({ type: 'handoff', conversationId: c.conversationId });
    this.o.log.info({ event: 'desk.queued', conversationId: c.conversationId, outcome: c.outcome }, 'desk: hand-off queued');
    return (await this.o.repository.placeInQueue(c)) ?? 1;
  }

  /** The open desk case of a conversation, or null when the bot has it. */
  async openCaseOf(conversationId: string): Promise<DeskCase | null> {
    const c = await this.o.repository.get(conversationId);
    return c && c.state !== 'closed' ? c : null;
  }

  /**
   * The customer wrote while with the desk: recorded and told to the agent. Back: their place
   * when waiting, and whether they were already told nobody could take it in time (then the
   * place would contradict "our team will contact you").
   */
  async customerMessage(conversationId: string, text: string): Promise<{ place: number | null; waitExpired: boolean; ticketId: string | null } | null> {
    const at = this.now().toISOString();
    const result = await this.o.repository.update(conversationId, (c) =>
      c.state === 'closed' ? { ok: false, reason: 'closed' } : { ok: true, value: appendLine(c, { from: 'customer', text, at }) },
    );
    if (!result?.ok) return null;
    await this.o.events.publish({ type: 'customerMessage', conversationId, text: result.value.transcript.at(-1)!.text, at });
    const c = result.value;
    return { place: await this.o.repository.placeInQueue(c), waitExpired: c.waitExpired === true, ticketId: c.ticketId };
  }

  /** The customer said "batal": the case closes, the agent is told. */
  async customerLeft(conversationId: string): Promise<void> {
    const result = await this.o.repository.update(conversationId, (c) => ({ ok: true, value: closeByCustomer(c, this.now()) }));
    if (result?.ok) await this.o.events.publish({ type: 'closed', conversationId, by: 'customer' });
  }

  async claim(conversationId: string, agent: Agent): Promise<DeskResult> {
    const result = (await this.o.repository.update(conversationId, (c) => claim(c, agent))) ?? { ok: false, reason: 'not_found' };
    if (result.ok) await this.o.events.publish({ type: 'claimed', conversationId, agent: agent.displayName });
    return result;
  }

  async reply(conversationId: string, agent: Agent, text: string): Promise<DeskResult> {
    const at = this.now().toISOString();
    const result =
      (await this.o.repository.update(conversationId, (c) => {
        const allowed = mayReply(c, agent);
        return allowed.ok ? { ok: true, value: appendLine(c, { from: 'agent', text, at, agent: agent.displayName }) } : allowed;
      })) ?? { ok: false, reason: 'not_found' };
    if (!result.ok) return result;
    await this.o.events.publish({ type: 'agentMessage', conversationId, text, at, agent: agent.displayName });
    await this.o.customer.agentMessage(result.value.recipient, agent.displayName, text);
    return result;
  }

  async close(conversationId: string, agent: Agent, note?: string): Promise<DeskResult> {
    const result = (await this.o.repository.update(conversationId, (c) => closeByAgent(c, agent, this.now(), note))) ?? { ok: false, reason: 'not_found' };
    if (!result.ok) return result;
    const c = result.value;
    await this.o.events.publish({ type: 'closed', conversationId, by: 'agent' });
    if (c.ticketId) {
      // The key is the case's own (conversation + when it reached the desk): a retried close never notes twice.
      const text = `[Desk] ${agent.displayName} menutup percakapan ${conversationId}.${note ? ` Catatan: ${note}` : ''}`.slice(0, 4000);
      await this.o.submitNote(c.ticketId, { idempotencyKey: `desk-close:${conversationId}:${c.since}`, request: { text, author: agent.username } }, conversationId);
    }
    await this.o.customer.closed(c.recipient, agent.displayName);
    return result;
  }

  /**
   * Tells customers waiting past the longest wait, forgets cases closed longer ago than
   * retention, and heals the queue's index; safe on every instance at once (a store lock).
   */
  async sweepWaiting(): Promise<void> {
    const lease = await this.o.locks.acquire('desk/sweep', { ttlMs: 30_000, waitMs: 0 });
    if (!lease) return;
    try {
      const now = this.now();
      for (const c of await this.o.repository.waitingSince(new Date(now.getTime() - this.o.maxWaitMs).toISOString())) {
        if (!waitExpired(c, now, this.o.maxWaitMs)) continue;
        const marked = await this.o.repository.update(c.conversationId, (current) =>
          waitExpired(current, now, this.o.maxWaitMs) ? { ok: true, value: { ...current, waitExpired: true } } : { ok: false, reason: 'closed' },
        );
        if (!marked?.ok) continue;
        try {
          await this.o.customer.waitExpired(c.recipient, c.ticketId);
        } catch (err) {
          this.o.log.warn({ event: 'desk.customer_not_told', err, conversationId: c.conversationId }, 'desk: the customer could not be told the wait is over');
        }
      }
      const forgotten = await this.o.repository.forgetClosedBefore(new Date(now.getTime() - this.o.closedRetentionMs).toISOString());
      if (forgotten > 0) this.o.log.info({ event: 'desk.forgot_closed', count: forgotten }, 'desk: forgot closed cases past retention');
      await this.o.repository.verifyIndex();
    } finally {
      await lease.release();
    }
  }
}
