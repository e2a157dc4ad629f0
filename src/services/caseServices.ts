/**
 * What the conversation needs from the backend, as one port: the dialogs call these and
 * never see HTTP. Tickets and notes go through the durable outbox, so a failing ticket
 * endpoint delays a ticket but never loses it or creates it twice.
 */
import type { OutageList } from '../contracts/backend.js';
import type { BuiltNote, BuiltTicket } from '../domain/ticket.js';
import type { Lookup } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { BackendClient } from './backend/client.js';
import { checkOutages, diagnose, type DiagnoseAnswers, type Diagnosis } from './diagnose.js';
import type { CheckResult, Monitor, WatchRequest } from './monitoring/monitor.js';
import type { Outbox, Recipient, SubmitResult } from './outbox.js';

export type { CheckResult, Recipient, SubmitResult, WatchRequest };

/** What a customer who comes back to a watched conversation is told. */
export interface WatchStatus {
  ticketId: string | null;
  result: CheckResult;
}

export interface CaseServices {
  diagnose(answers: DiagnoseAnswers, correlationId: string): Promise<Diagnosis>;
  checkOutages(location: string, correlationId: string): Promise<Lookup<OutageList>>;
  /** Created now, or stored and retried until it is (`pending`). */
  submitTicket(ticket: BuiltTicket, recipient: Recipient): Promise<SubmitResult>;
  /** Added now (true) or stored and retried (false). */
  submitNote(ticketId: string, note: BuiltNote, conversationId: string): Promise<boolean>;
  /** Keep re-checking the number until it is active (SOP-007 Notes 5), or follow up a refresh once. */
  watch(request: WatchRequest): Promise<void>;
  unwatch(conversationId: string): Promise<void>;
  /** For a customer who comes back while watched: a fresh check, or null when not watched. */
  watchStatus(conversationId: string): Promise<WatchStatus | null>;
}

export function createCaseServices(
  client: BackendClient,
  outbox: Outbox,
  monitor: Monitor,
  options: { budgetMs: number; log: Logger },
): CaseServices {
  const { budgetMs, log } = options;
  return {
    watch: async (request) => {
      await monitor.watch(request);
    },
    unwatch: (conversationId) => monitor.unwatch(conversationId),
    watchStatus: async (conversationId) => {
      const watch = await monitor.current(conversationId);
      if (!watch || watch.status !== 'watching' || watch.kind !== 'TICKET') return null;
      const { state } = await monitor.checkNow(conversationId);
      return { ticketId: watch.ticketId, result: state };
    },
    diagnose: (answers, correlationId) => diagnose(client, answers, { budgetMs, log, correlationId }),
    checkOutages: (location, correlationId) => checkOutages(client, location, { budgetMs, log, correlationId }),
    submitTicket: (ticket, recipient) => outbox.submitTicket(ticket, recipient, budgetMs),
    submitNote: (ticketId, note, conversationId) => outbox.submitNote(ticketId, note, conversationId, budgetMs),
  };
}
