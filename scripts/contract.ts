/**
 * `npm run contract`: the backend gateway contract as an OpenAPI 3.1 document, generated from
 * the zod schemas the bot validates with (src/contracts/backend.ts), written to
 * docs/backend.openapi.json. `npm run contract -- --check` writes nothing and exits 1 with one
 * line when the checked-in file is not what the schemas give (CI runs it).
 *
 * The paths, methods and status codes are the ones the client (src/services/backend/client.ts)
 * calls and maps and the simulator (src/simulator/routes.ts, server.ts) answers;
 * test/unit/contract.test.ts holds both to this document. Bodies are described as they travel
 * on the wire, i.e. as the zod schemas' input (`io: 'input'`): the client parses response
 * bodies with them, the simulator request bodies.
 *
 * Uses zod 4's own `z.toJSONSchema`, no other dependency. The output depends only on the code:
 * objects are built in a fixed order and component schemas are sorted by name.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import {
  Device,
  FinancialAccount,
  HlrBarring,
  HlrStatus,
  Interaction,
  InteractionHistory,
  Msisdn,
  NoteRequest,
  NoteResponse,
  Outage,
  OutageList,
  Payment,
  Problem,
  ServiceName,
  SubscriberProfile,
  Ticket,
  TicketRequest,
  TicketStatus,
  TranscriptEntry,
} from '../src/contracts/backend.js';
import { projectPath } from '../src/paths.js';

export const CONTRACT_FILE = 'docs/backend.openapi.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Every schema that gets a name under components.schemas; nested uses become $refs. */
const NAMED: Readonly<Record<string, z.ZodType>> = {
  Device,
  FinancialAccount,
  HlrBarring,
  HlrStatus,
  Interaction,
  InteractionHistory,
  NoteRequest,
  NoteResponse,
  Outage,
  OutageList,
  Payment,
  Problem,
  ServiceName,
  SubscriberProfile,
  Ticket,
  TicketRequest,
  TicketStatus,
  TranscriptEntry,
};

function componentSchemas(): JsonObject {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(NAMED)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  }) as unknown as { schemas: Record<string, JsonObject> };
  const out: JsonObject = {};
  for (const id of Object.keys(generated.schemas).sort()) {
    // Each entry is embedded in one document: its own $schema and $id would only repeat that.
    const { $schema: _schema, $id: _id, ...rest } = generated.schemas[id]!;
    out[id] = rest;
  }
  return out;
}

/** A standalone JSON Schema of one (unnamed) zod schema, e.g. a parameter. */
function inline(schema: z.ZodType): JsonObject {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as unknown as JsonObject;
  return rest;
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string): JsonObject => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const problem = (description: string): JsonObject => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const COMMON = {
  '400': problem('a path, query or header value off the contract (e.g. an MSISDN not in the form 62…)'),
  '401': problem('the gateway requires a bearer token and this one is missing or wrong'),
  default: problem(
    'any other answer (5xx, timeouts, a body off the contract, an undefined status): the bot treats it as "system unavailable" for this system, never as data',
  ),
} as const;

const msisdnParameter: JsonObject = { name: 'msisdn', in: 'path', required: true, schema: inline(Msisdn) };
const ticketIdParameter: JsonObject = { name: 'ticketId', in: 'path', required: true, schema: { type: 'string' } };
const idempotencyKeyParameter: JsonObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description: 'the same key within 24 hours answers the first result again (200) instead of doing the work twice',
  schema: { type: 'string', minLength: 8, maxLength: 128 },
};

interface Read {
  operationId: string;
  summary: string;
  system: string;
  description?: string;
  parameters: JsonObject[];
  body: string;
  /** The client maps 404 to "not found" (data); elsewhere the contract defines no 404. */
  notFound?: string;
}

function read(op: Read): JsonObject {
  return {
    get: {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.system],
      parameters: op.parameters,
      responses: {
        '200': json(op.body, op.summary),
        '400': COMMON['400'],
        '401': COMMON['401'],
        ...(op.notFound ? { '404': problem(op.notFound) } : {}),
        default: COMMON.default,
      },
    },
  };
}

function paths(): JsonObject {
  return {
    '/dsc/v1/subscribers/{msisdn}': read({
      operationId: 'getSubscriberProfile', system: 'DSC', summary: 'Subscriber profile, status and profile blocks (DSC)',
      description: 'An unknown status is still a status (decision table row 10), so `status` is any string.',
      parameters: [msisdnParameter], body: 'SubscriberProfile',
      notFound: 'the number is no known subscriber',
    }),
    '/billing/v1/subscribers/{msisdn}/payments': read({
      operationId: 'getPayments', system: 'FA', summary: 'Financial account: collection status and payments since a date (FA)',
      parameters: [
        msisdnParameter,
        { name: 'since', in: 'query', required: true, description: 'YYYY-MM-DD (Asia/Jakarta)', schema: { type: 'string', format: 'date' } },
      ],
      body: 'FinancialAccount',
      notFound: 'no financial account for the number: no payment can have landed on it',
    }),
    '/hlr/v1/subscribers/{msisdn}': read({
      operationId: 'getHlrStatus', system: 'HLR', summary: 'HLR state and barrings',
      parameters: [msisdnParameter], body: 'HlrStatus',
      notFound: 'the number is not in the HLR',
    }),
    '/device/v1/subscribers/{msisdn}': read({
      operationId: 'getDevice', system: 'DEVICE', summary: 'The device last seen with the SIM',
      parameters: [msisdnParameter], body: 'Device',
      notFound: 'no device known for the number (no device advice)',
    }),
    '/crm/v1/subscribers/{msisdn}/interactions': read({
      operationId: 'getInteractionHistory', system: 'CRM', summary: 'Interactions of the last N days, and tickets (CRM)',
      description:
        '`interactions` covers the last `days` days; `tickets` holds every OPEN or IN_PROGRESS ticket however old, plus those RESOLVED or CLOSED within `days`. No history is a 200 with empty arrays: there is no 404.',
      parameters: [
        msisdnParameter,
        { name: 'days', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 365, default: 30 } },
      ],
      body: 'InteractionHistory',
    }),
    '/network/v1/outages': read({
      operationId: 'listOutages', system: 'NETWORK', summary: 'Outages in progress (gangguan massal) touching a location',
      parameters: [
        { name: 'location', in: 'query', required: true, description: 'free text the customer gave (city, district)', schema: { type: 'string', minLength: 1, maxLength: 200 } },
      ],
      body: 'OutageList',
    }),
    '/crm/v1/tickets': {
      post: {
        operationId: 'createTicket',
        summary: 'Create a ticket (CRM)',
        description: 'Idempotent on the Idempotency-Key header: the same key answers the ticket first created (200) instead of a new one (201).',
        tags: ['CRM'],
        parameters: [idempotencyKeyParameter],
        requestBody: { required: true, content: { 'application/json': { schema: ref('TicketRequest') } } },
        responses: {
          '200': json('Ticket', 'replay of an earlier create with this key'),
          '201': json('Ticket', 'created'),
          '400': problem('the Idempotency-Key header is missing or not 8 to 128 characters'),
          '401': COMMON['401'],
          '422': problem('the body is not a valid TicketRequest; the bot keeps it as rejected, it does not retry it unchanged'),
          default: COMMON.default,
        },
      },
    },
    '/crm/v1/tickets/{ticketId}': read({
      operationId: 'getTicket', system: 'CRM', summary: 'A ticket and its status (CRM)',
      parameters: [ticketIdParameter], body: 'Ticket',
      notFound: 'no such ticket',
    }),
    '/crm/v1/tickets/{ticketId}/notes': {
      post: {
        operationId: 'addTicketNote',
        summary: 'Add a note to a ticket: re-check results, monitoring updates (CRM)',
        tags: ['CRM'],
        parameters: [ticketIdParameter, idempotencyKeyParameter],
        requestBody: { required: true, content: { 'application/json': { schema: ref('NoteRequest') } } },
        responses: {
          '200': json('NoteResponse', 'replay of an earlier add with this key'),
          '201': json('NoteResponse', 'added'),
          '400': problem('the Idempotency-Key header is missing or not 8 to 128 characters'),
          '401': COMMON['401'],
          '404': problem('no such ticket'),
          '422': problem('the body is not a valid NoteRequest'),
          default: COMMON.default,
        },
      },
    },
  };
}

export function buildContract(): JsonObject {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Backend gateway of the SOP-007 bot',
      version: '1.0.0',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description: [
        'The systems SOP-007 (KM1100455) has an agent look at (DSC, FA billing, HLR, device, CRM, network), behind one HTTP gateway at BACKEND_BASE_URL.',
        'Generated by `npm run contract` from src/contracts/backend.ts; do not edit by hand.',
        'MSISDNs are digits in international form without "+" (62…). Times are ISO 8601; dates are YYYY-MM-DD in Asia/Jakarta.',
        'Errors are application/problem+json (RFC 9457). Every request carries X-Request-Id; with BACKEND_API_KEY set, also Authorization: Bearer <key>.',
      ].join('\n'),
    },
    servers: [{ url: 'http://127.0.0.1:4010', description: 'the built-in simulator (`npm run simulator`)' }],
    security: [{}, { bearer: [] }],
    tags: ['DSC', 'FA', 'HLR', 'DEVICE', 'CRM', 'NETWORK'].map((name) => ({ name })),
    paths: paths(),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'BACKEND_API_KEY, when the gateway requires one' } },
      schemas: componentSchemas(),
    },
  };
}

/** The file's exact text: two-space JSON and a trailing newline. */
export function renderContract(): string {
  return `${JSON.stringify(buildContract(), null, 2)}\n`;
}

function main(argv: readonly string[]): number {
  const file = projectPath(CONTRACT_FILE);
  const text = renderContract();
  if (argv.includes('--check')) {
    let current: string | null;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = null;
    }
    if (current === text) return 0;
    process.stderr.write(`${CONTRACT_FILE} is ${current === null ? 'missing' : 'out of date'}: run \`npm run contract\` and commit it\n`);
    return 1;
  }
  writeFileSync(file, text);
  process.stdout.write(`wrote ${CONTRACT_FILE}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
