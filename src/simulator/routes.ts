/**
 * Every operation of the backend contract, as handlers over the store. A handler returns the
 * answer (status and body) or throws an HttpProblem; the server decides latency, auth and
 * injected failures around it, so a lost answer can be simulated after the work is done.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { MSISDN_PATTERN, NoteRequest, TicketRequest } from '../contracts/backend.js';
import type { SystemName } from '../domain/types.js';
import { HttpProblem } from './http-kit.js';
import type { SimulatorStore } from './store.js';

export interface Reply {
  status: number;
  body: unknown;
}

export interface RouteInput {
  store: SimulatorStore;
  headers: IncomingHttpHeaders;
  url: URL;
  /** The parsed JSON body of a POST (read before the simulated latency, while the client is surely there). */
  body: unknown;
  /** The path's placeholder, decoded: an MSISDN or a ticket id. */
  param: string;
}

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  system: SystemName;
  /** The placeholder is an MSISDN: the number's fixture may add latency, a failure or a malformed body. */
  bySubscriber: boolean;
  handle(input: RouteInput): Reply;
}

export const ROUTES: readonly Route[] = [
  {
    method: 'GET', pattern: /^\/dsc\/v1\/subscribers\/([^/]+)$/, system: 'DSC', bySubscriber: true,
    handle: ({ store, param }) => found(store.profile(msisdn(param)), 'subscriber'),
  },
  {
    method: 'GET', pattern: /^\/billing\/v1\/subscribers\/([^/]+)\/payments$/, system: 'FA', bySubscriber: true,
    handle: ({ store, param, url }) => found(store.payments(msisdn(param), since(url)), 'financial account'),
  },
  {
    method: 'GET', pattern: /^\/hlr\/v1\/subscribers\/([^/]+)$/, system: 'HLR', bySubscriber: true,
    handle: ({ store, param }) => found(store.hlr(msisdn(param)), 'HLR record'),
  },
  {
    method: 'GET', pattern: /^\/device\/v1\/subscribers\/([^/]+)$/, system: 'DEVICE', bySubscriber: true,
    handle: ({ store, param }) => found(store.device(msisdn(param)), 'device'),
  },
  {
    method: 'GET', pattern: /^\/crm\/v1\/subscribers\/([^/]+)\/interactions$/, system: 'CRM', bySubscriber: true,
    handle: ({ store, param, url }) => ({ status: 200, body: store.history(msisdn(param), days(url)) }),
  },
  {
    method: 'GET', pattern: /^\/network\/v1\/outages$/, system: 'NETWORK', bySubscriber: false,
    handle: ({ store, url }) => ({ status: 200, body: store.outagesAt(location(url)) }),
  },
  {
    method: 'POST', pattern: /^\/crm\/v1\/tickets$/, system: 'CRM', bySubscriber: false,
    handle: ({ store, headers, body }) => {
      const key = idempotencyKey(headers);
      const request = valid(TicketRequest, body);
      const { replayed, ticket } = store.createTicket(request, key);
      return { status: replayed ? 200 : 201, body: ticket };
    },
  },
  {
    method: 'GET', pattern: /^\/crm\/v1\/tickets\/([^/]+)$/, system: 'CRM', bySubscriber: false,
    handle: ({ store, param }) => found(store.findTicket(param), 'ticket'),
  },
  {
    method: 'POST', pattern: /^\/crm\/v1\/tickets\/([^/]+)\/notes$/, system: 'CRM', bySubscriber: false,
    handle: ({ store, headers, body, param }) => {
      const key = idempotencyKey(headers);
      const note = valid(NoteRequest, body);
      const added = found(store.addNote(param, note, key), 'ticket');
      return { status: added.body.replayed ? 200 : 201, body: { noteId: added.body.noteId } };
    },
  },
];

function found<T>(value: T | undefined, what: string): Reply & { body: T } {
  if (value === undefined) throw new HttpProblem(404, 'Not Found', `no such ${what}`);
  return { status: 200, body: value };
}

function msisdn(param: string): string {
  if (!MSISDN_PATTERN.test(param)) throw new HttpProblem(400, 'Bad Request', 'msisdn must be digits in the form 62…');
  return param;
}

function since(url: URL): string {
  const value = url.searchParams.get('since');
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new HttpProblem(400, 'Bad Request', 'query parameter since (YYYY-MM-DD) is required');
  }
  return value;
}

function days(url: URL): number {
  const raw = url.searchParams.get('days');
  if (raw === null) return 30;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 365) throw new HttpProblem(400, 'Bad Request', 'days must be an integer from 1 to 365');
  return value;
}

function location(url: URL): string {
  const value = url.searchParams.get('location');
  if (!value || value.length > 200) throw new HttpProblem(400, 'Bad Request', 'query parameter location (up to 200 characters) is required');
  return value;
}

function idempotencyKey(headers: IncomingHttpHeaders): string {
  const key = headers['idempotency-key'];
  if (typeof key !== 'string' || key.length < 8 || key.length > 128) {
    throw new HttpProblem(400, 'Bad Request', 'header Idempotency-Key (8 to 128 characters) is required');
  }
  return key;
}

function valid<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpProblem(422, 'Unprocessable Content', z.prettifyError(parsed.error));
  return parsed.data;
}
