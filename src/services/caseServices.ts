/**
 * What the conversation needs from the backend, as one port: the dialogs call these and
 * never see HTTP. Tests and other transports (an outbox, another SDK) implement the same.
 */
import type { OutageList } from '../contracts/backend.js';
import type { BuiltNote, BuiltTicket } from '../domain/ticket.js';
import type { Lookup } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { AddTicketNoteResult, BackendClient, CreateTicketResult } from './backend/client.js';
import { checkOutages, diagnose, type DiagnoseAnswers, type Diagnosis } from './diagnose.js';

export interface CaseServices {
  diagnose(answers: DiagnoseAnswers, correlationId: string): Promise<Diagnosis>;
  checkOutages(location: string, correlationId: string): Promise<Lookup<OutageList>>;
  createTicket(ticket: BuiltTicket, correlationId: string): Promise<CreateTicketResult>;
  addNote(ticketId: string, note: BuiltNote, correlationId: string): Promise<AddTicketNoteResult>;
}

export function createCaseServices(client: BackendClient, options: { budgetMs: number; log: Logger }): CaseServices {
  const { budgetMs, log } = options;
  return {
    diagnose: (answers, correlationId) => diagnose(client, answers, { budgetMs, log, correlationId }),
    checkOutages: (location, correlationId) => checkOutages(client, location, { budgetMs, log, correlationId }),
    createTicket: (ticket, correlationId) =>
      client.createTicket(ticket.request, ticket.idempotencyKey, { correlationId, deadline: Date.now() + budgetMs }),
    addNote: (ticketId, note, correlationId) =>
      client.addTicketNote(ticketId, note.request, note.idempotencyKey, { correlationId, deadline: Date.now() + budgetMs }),
  };
}
