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
import type { Outbox, Recipient, SubmitResult } from './outbox.js';

export type { Recipient, SubmitResult };

export interface CaseServices {
  diagnose(answers: DiagnoseAnswers, correlationId: string): Promise<Diagnosis>;
  checkOutages(location: string, correlationId: string): Promise<Lookup<OutageList>>;
  /** Created now, or stored and retried until it is (`pending`). */
  submitTicket(ticket: BuiltTicket, recipient: Recipient): Promise<SubmitResult>;
  /** Added now (true) or stored and retried (false). */
  submitNote(ticketId: string, note: BuiltNote, conversationId: string): Promise<boolean>;
}

export function createCaseServices(client: BackendClient, outbox: Outbox, options: { budgetMs: number; log: Logger }): CaseServices {
  const { budgetMs, log } = options;
  return {
    diagnose: (answers, correlationId) => diagnose(client, answers, { budgetMs, log, correlationId }),
    checkOutages: (location, correlationId) => checkOutages(client, location, { budgetMs, log, correlationId }),
    submitTicket: (ticket, recipient) => outbox.submitTicket(ticket, recipient, budgetMs),
    submitNote: (ticketId, note, conversationId) => outbox.submitNote(ticketId, note, conversationId, budgetMs),
  };
}
