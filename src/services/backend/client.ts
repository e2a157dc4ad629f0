/**
 * Typed client for every operation of the backend gateway contract
 * (docs/backend.openapi.json). Each method maps the statuses its operation
 * defines to a result and parses every body with the contract's zod schema; anything else
 * (5xx, timeout, refused connection, invalid JSON, a body off the contract, an undefined
 * status) is `unavailable`. Methods never throw.
 */
import type { z } from 'zod';
import {
  Device,
  FinancialAccount,
  HlrStatus,
  InteractionHistory,
  NoteResponse,
  OutageList,
  Problem,
  SubscriberProfile,
  Ticket,
  type NoteRequest,
  type TicketRequest,
} from '../../contracts/backend.js';
import type { Lookup } from '../../domain/types.js';
import {
  BackendHttp,
  type BackendClientOptions,
  type CallOptions,
  type HttpResponse,
  type RequestSpec,
  type UnavailableLookup,
} from './http.js';

import { backendResultOf, backendSystemLabel, noTelemetry, type Telemetry } from '../telemetry.js';

export type { BackendClientOptions, CallOptions } from './http.js';

/** `created` is the contract's 201, `replayed` its 200 for an Idempotency-Key seen before. */
export type CreateTicketResult =
  | { status: 'created' | 'replayed'; ticket: Ticket }
  | { status: 'rejected'; problem: Problem }
  | UnavailableLookup;

export type AddTicketNoteResult =
  | { status: 'created' | 'replayed'; noteId: string }
  | { status: 'not_found' }
  | { status: 'rejected'; problem: Problem }
  | UnavailableLookup;

export interface BackendClient {
  getSubscriberProfile(msisdn: string, call?: CallOptions): Promise<Lookup<SubscriberProfile>>;
  /** `since` is a `YYYY-MM-DD` date (Asia/Jakarta). */
  getPayments(msisdn: string, since: string, call?: CallOptions): Promise<Lookup<FinancialAccount>>;
  getHlrStatus(msisdn: string, call?: CallOptions): Promise<Lookup<HlrStatus>>;
  getDevice(msisdn: string, call?: CallOptions): Promise<Lookup<Device>>;
  getInteractionHistory(msisdn: string, days?: number, call?: CallOptions): Promise<Lookup<InteractionHistory>>;
  listOutages(location: string, call?: CallOptions): Promise<Lookup<OutageList>>;
  createTicket(request: TicketRequest, idempotencyKey: string, call?: CallOptions): Promise<CreateTicketResult>;
  getTicket(ticketId: string, call?: CallOptions): Promise<Lookup<Ticket>>;
  addTicketNote(ticketId: string, note: NoteRequest, idempotencyKey: string, call?: CallOptions): Promise<AddTicketNoteResult>;
}

const seg = encodeURIComponent;

export class HttpBackendClient implements BackendClient {
  private readonly http: BackendHttp;
  private readonly telemetry: Telemetry;

  constructor(options: BackendClientOptions) {
    this.http = new BackendHttp(options);
    this.telemetry = options.telemetry ?? noTelemetry;
  }

  /** One request's time and result for the metrics: unavailable is split into timeout, invalid (off the contract) and error. */
  private async observed<R extends { status: string; reason?: string }>(spec: RequestSpec, run: Promise<R>): Promise<R> {
    const started = performance.now();
    const result = await run;
    const outcome = result.status === 'unavailable' ? backendResultOf(result.reason ?? '') : result.status === 'rejected' ? 'error' : 'ok';
    this.telemetry.backendRequest(backendSystemLabel(spec.system, spec.template), outcome, (performance.now() - started) / 1000);
    return result;
  }

  getSubscriberProfile(msisdn: string, call?: CallOptions) {
    const spec = get('DSC', '/dsc/v1/subscribers/{msisdn}', `/dsc/v1/subscribers/${seg(msisdn)}`);
    return this.read(SubscriberProfile, spec, call, { notFound: true });
  }

  getPayments(msisdn: string, since: string, call?: CallOptions) {
    const spec = get('FA', '/billing/v1/subscribers/{msisdn}/payments', `/billing/v1/subscribers/${seg(msisdn)}/payments`, { since });
    return this.read(FinancialAccount, spec, call, { notFound: true });
  }

  getHlrStatus(msisdn: string, call?: CallOptions) {
    const spec = get('HLR', '/hlr/v1/subscribers/{msisdn}', `/hlr/v1/subscribers/${seg(msisdn)}`);
    return this.read(HlrStatus, spec, call, { notFound: true });
  }

  getDevice(msisdn: string, call?: CallOptions) {
    const spec = get('DEVICE', '/device/v1/subscribers/{msisdn}', `/device/v1/subscribers/${seg(msisdn)}`);
    return this.read(Device, spec, call, { notFound: true });
  }

  /** The contract defines no 404 here (no history is 200 with empty arrays), so a 404 is unavailable. */
  getInteractionHistory(msisdn: string, days = 30, call?: CallOptions) {
    const spec = get('CRM', '/crm/v1/subscribers/{msisdn}/interactions', `/crm/v1/subscribers/${seg(msisdn)}/interactions`, { days });
    return this.read(InteractionHistory, spec, call, { notFound: false });
  }

  listOutages(location: string, call?: CallOptions) {
    const spec = get('NETWORK', '/network/v1/outages', '/network/v1/outages', { location });
    return this.read(OutageList, spec, call, { notFound: false });
  }

  getTicket(ticketId: string, call?: CallOptions) {
    const spec = get('CRM', '/crm/v1/tickets/{ticketId}', `/crm/v1/tickets/${seg(ticketId)}`);
    return this.read(Ticket, spec, call, { notFound: true });
  }

  createTicket(request: TicketRequest, idempotencyKey: string, call?: CallOptions): Promise<CreateTicketResult> {
    const spec: RequestSpec = { system: 'CRM', method: 'POST', template: '/crm/v1/tickets', path: '/crm/v1/tickets', body: request, idempotencyKey };
    return this.observed(spec, this.sendTicket(spec, call));
  }

  private async sendTicket(spec: RequestSpec, call?: CallOptions): Promise<CreateTicketResult> {
    const reply = await this.http.send(spec, call);
    if (reply.kind === 'unavailable') return { status: 'unavailable', reason: reply.reason };
    const created = createdOrReplayed(reply);
    if (created) {
      // Off-contract here means the ticket may exist unseen: unavailable, so the caller retries with the same key and gets it replayed.
      const ticket = this.http.parse(Ticket, spec, reply);
      return ticket.status === 'ok' ? { status: created, ticket: ticket.value } : ticket;
    }
    return this.rejectedOrUnavailable(spec, reply);
  }

  addTicketNote(ticketId: string, note: NoteRequest, idempotencyKey: string, call?: CallOptions): Promise<AddTicketNoteResult> {
    const path = `/crm/v1/tickets/${seg(ticketId)}/notes`;
    const spec: RequestSpec = { system: 'CRM', method: 'POST', template: '/crm/v1/tickets/{ticketId}/notes', path, body: note, idempotencyKey };
    return this.observed(spec, this.sendNote(spec, call));
  }

  private async sendNote(spec: RequestSpec, call?: CallOptions): Promise<AddTicketNoteResult> {
    const reply = await this.http.send(spec, call);
    if (reply.kind === 'unavailable') return { status: 'unavailable', reason: reply.reason };
    if (reply.status === 404) return { status: 'not_found' };
    const created = createdOrReplayed(reply);
    if (created) {
      const body = this.http.parse(NoteResponse, spec, reply);
      return body.status === 'ok' ? { status: created, noteId: body.value.noteId } : body;
    }
    return this.rejectedOrUnavailable(spec, reply);
  }

  private read<T>(schema: z.ZodType<T>, spec: RequestSpec, call: CallOptions | undefined, opts: { notFound: boolean }): Promise<Lookup<T>> {
    return this.observed(spec, this.readOnce(schema, spec, call, opts));
  }

  private async readOnce<T>(schema: z.ZodType<T>, spec: RequestSpec, call: CallOptions | undefined, opts: { notFound: boolean }): Promise<Lookup<T>> {
    const reply = await this.http.send(spec, call);
    if (reply.kind === 'unavailable') return { status: 'unavailable', reason: reply.reason };
    if (reply.status === 200) return this.http.parse(schema, spec, reply);
    if (reply.status === 404 && opts.notFound) return { status: 'not_found' };
    return this.http.unexpected(spec, reply);
  }

  /** A 4xx is the gateway refusing this request: retrying it unchanged cannot help. 408/429 are transient. */
  private rejectedOrUnavailable(spec: RequestSpec, reply: HttpResponse): { status: 'rejected'; problem: Problem } | UnavailableLookup {
    if (reply.status < 400 || reply.status === 408 || reply.status === 429) return this.http.unexpected(spec, reply);
    const problem = Problem.safeParse(reply.body);
    this.http.report(spec, reply, `rejected with HTTP ${reply.status}`);
    return { status: 'rejected', problem: { ...(problem.success ? problem.data : {}), status: reply.status } };
  }
}

export function createBackendClient(options: BackendClientOptions): BackendClient {
  return new HttpBackendClient(options);
}

function get(system: RequestSpec['system'], template: string, path: string, query?: RequestSpec['query']): RequestSpec {
  return { system, method: 'GET', template, path, ...(query ? { query } : {}) };
}

function createdOrReplayed(reply: HttpResponse): 'created' | 'replayed' | undefined {
  if (reply.status === 201) return 'created';
  if (reply.status === 200) return 'replayed';
  return undefined;
}
