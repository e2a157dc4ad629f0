/**
 * docs/backend.openapi.json (`npm run contract`): a well-formed OpenAPI 3.1 document, with
 * every operation the client calls and the simulator serves, and exactly what the zod schemas
 * give today (the checked-in file is not stale).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildContract, CONTRACT_FILE, renderContract } from '../../scripts/contract.js';
import type { TicketRequest } from '../../src/contracts/backend.js';
import { projectPath } from '../../src/paths.js';
import { createBackendClient } from '../../src/services/backend/client.js';
import { ROUTES } from '../../src/simulator/routes.js';

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

const doc = buildContract() as unknown as Document;

/** "/crm/v1/tickets/{ticketId}" → a regex a concrete path must match. */
function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

function operationFor(method: string, path: string): { template: string; op: Operation } | undefined {
  for (const [template, item] of Object.entries(doc.paths)) {
    const op = item[method.toLowerCase()];
    if (op && templateRegex(template).test(path)) return { template, op };
  }
  return undefined;
}

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

/** Every request the client makes, recorded by a fetch that answers nothing useful. */
async function clientCalls(): Promise<{ method: string; path: string; headers: Headers }[]> {
  const calls: { method: string; path: string; headers: Headers }[] = [];
  const fakeFetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push({ method: init?.method ?? 'GET', path: url.pathname, headers: new Headers(init?.headers) });
    return Promise.resolve(new Response('{}', { status: 503, headers: { 'content-type': 'application/json' } }));
  };
  const client = createBackendClient({ baseUrl: 'http://gateway.invalid', fetch: fakeFetch, retryGets: false, retryDelayMs: 1 });
  const msisdn = '6281100000007';
  await client.getSubscriberProfile(msisdn);
  await client.getPayments(msisdn, '2026-11-20');
  await client.getHlrStatus(msisdn);
  await client.getDevice(msisdn);
  await client.getInteractionHistory(msisdn, 30);
  await client.listOutages('Bandung');
  await client.createTicket({} as TicketRequest, 'sop007-ticket-0123456789');
  await client.getTicket('TT-2026-000042');
  await client.addTicketNote('TT-2026-000042', { text: 'x' }, 'sop007-note-0123456789');
  return calls;
}

describe('the backend contract document', () => {
  it('is OpenAPI 3.1 with a title and a version', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
  });

  it('has every operation the client calls, once each, with unique operation ids', async () => {
    const calls = await clientCalls();
    expect(new Set(calls.map((c) => `${c.method} ${c.path}`)).size).toBe(9);
    for (const call of calls) {
      const found = operationFor(call.method, call.path);
      expect(found, `${call.method} ${call.path}`).toBeDefined();
      const headerParams = (found!.op.parameters ?? []).filter((p) => p.in === 'header' && p.required);
      for (const p of headerParams) expect(call.headers.has(p.name), `${call.method} ${call.path} sends ${p.name}`).toBe(true);
    }
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(9);
  });

  it('has an operation for every route the simulator serves', () => {
    for (const route of ROUTES) {
      const template = Object.keys(doc.paths).find((t) => {
        const concrete = t.replace(/\{[^}]+\}/g, '6281100000007');
        return route.pattern.test(concrete) && doc.paths[t]![route.method.toLowerCase()] !== undefined;
      });
      expect(template, `${route.method} ${String(route.pattern)}`).toBeDefined();
    }
  });

  it('describes the statuses the client maps', () => {
    const statuses = (method: string, template: string) => Object.keys(doc.paths[template]![method]!.responses);
    for (const t of ['/dsc/v1/subscribers/{msisdn}', '/billing/v1/subscribers/{msisdn}/payments', '/hlr/v1/subscribers/{msisdn}', '/device/v1/subscribers/{msisdn}', '/crm/v1/tickets/{ticketId}']) {
      expect(statuses('get', t)).toEqual(expect.arrayContaining(['200', '404', 'default']));
    }
    // No 404 where the contract has none: the client reads one there as "unavailable".
    expect(statuses('get', '/crm/v1/subscribers/{msisdn}/interactions')).not.toContain('404');
    expect(statuses('get', '/network/v1/outages')).not.toContain('404');
    expect(statuses('post', '/crm/v1/tickets')).toEqual(expect.arrayContaining(['200', '201', '422', 'default']));
    expect(statuses('post', '/crm/v1/tickets/{ticketId}/notes')).toEqual(expect.arrayContaining(['200', '201', '404', '422', 'default']));
  });

  it('gives every response and request body a schema, and every $ref resolves', () => {
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          expect(response.description, `${method} ${template} ${status}`).toBeTruthy();
          const media = Object.values(response.content ?? {});
          expect(media.length, `${method} ${template} ${status} has content`).toBeGreaterThan(0);
          for (const m of media) expect(m.schema, `${method} ${template} ${status}`).toBeDefined();
        }
        if (method === 'post') expect(op.requestBody?.content['application/json']?.schema).toBeDefined();
      }
    }
    for (const r of refs(doc)) {
      const name = r.replace('#/components/schemas/', '');
      expect(r.startsWith('#/components/schemas/') && name in doc.components.schemas, r).toBe(true);
    }
  });

  it('equals the checked-in file (run `npm run contract` after changing src/contracts/backend.ts)', () => {
    const onDisk = readFileSync(projectPath(CONTRACT_FILE), 'utf8');
    expect(onDisk).toBe(renderContract());
    expect(onDisk.endsWith('}\n')).toBe(true);
  });
});
