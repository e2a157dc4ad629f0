/**
 * The simulator's data: subscribers keyed by MSISDN and outages keyed by area, from
 * fixtures/*.json. Each system's body is checked against the contract's own zod schema at
 * load (times resolved against the clock), so the simulator can only serve contract-valid
 * data — except where a fixture deliberately asks for a malformed body or a failure.
 */
import { z } from 'zod';
import {
  Device,
  FinancialAccount,
  HlrStatus,
  InteractionHistory,
  MSISDN_PATTERN,
  Outage,
  SubscriberProfile,
} from '../contracts/backend.js';
import { SYSTEMS, type SystemName } from '../domain/types.js';
import { resolveTimes } from './relative-time.js';
// Imported rather than read from disk so that `tsc` copies them next to the compiled code.
import subscribersJson from './fixtures/subscribers.json' with { type: 'json' };
import outagesJson from './fixtures/outages.json' with { type: 'json' };

const System = z.enum(SYSTEMS);

/** A system body is stored raw (times may be relative) and parsed when served. */
export const SubscriberRecord = z.strictObject({
  /** What the number demonstrates; printed by `npm run simulator` and listed in docs/simulator.md. */
  demo: z.strictObject({ outcome: z.string(), shows: z.string() }).optional(),
  /** null (or absent): that system answers 404. */
  profile: z.unknown().optional(),
  billing: z.unknown().optional(),
  hlr: z.unknown().optional(),
  device: z.unknown().optional(),
  /** Absent: the CRM answers with empty arrays, as the contract says it does for no history. */
  history: z.unknown().optional(),
  /** Per-system answer delay for this number (the `latencyMs` start option overrides it). */
  latencyMs: z.partialRecord(System, z.number().min(0)).optional(),
  /** The system answers this error status (problem+json) for this number, every time. */
  failWith: z.partialRecord(System, z.number().int().min(400).max(599)).optional(),
  /** The system answers 200 with this body, which must violate the contract. */
  malformed: z.partialRecord(System, z.unknown()).optional(),
});
export type SubscriberRecord = z.infer<typeof SubscriberRecord>;

export type BodyKey = 'profile' | 'billing' | 'hlr' | 'device' | 'history';

/** Where each subscriber system keeps its body, and the contract schema it must satisfy. */
const SUBSCRIBER_BODIES = {
  DSC: { key: 'profile', schema: SubscriberProfile },
  FA: { key: 'billing', schema: FinancialAccount },
  HLR: { key: 'hlr', schema: HlrStatus },
  DEVICE: { key: 'device', schema: Device },
  CRM: { key: 'history', schema: InteractionHistory },
} as const satisfies Partial<Record<SystemName, { key: BodyKey; schema: z.ZodType }>>;

const SubscribersFile = z.object({ subscribers: z.record(z.string().regex(MSISDN_PATTERN), SubscriberRecord) });
const OutagesFile = z.object({ areas: z.record(z.string().min(1), z.array(z.unknown())) });

export interface Fixtures {
  subscribers: Map<string, SubscriberRecord>;
  /** Area name → raw outages (times may be relative). */
  outages: Map<string, unknown[]>;
}

export function loadFixtures(now: Date): Fixtures {
  const subscribersFile = SubscribersFile.parse(subscribersJson);
  const outagesFile = OutagesFile.parse(outagesJson);
  // A copy: the imported JSON lives as long as the process and must stay pristine for every reset().
  const subscribers = new Map(Object.entries(structuredClone(subscribersFile.subscribers)));
  for (const [msisdn, record] of subscribers) validateSubscriber(msisdn, record, now);
  const outages = new Map(Object.entries(outagesFile.areas));
  for (const [area, list] of outages) {
    list.forEach((raw, i) => assertValid(Outage, resolveTimes(raw, now), `outages.json ${area}[${i}]`));
  }
  return { subscribers, outages };
}

/** Throws with the MSISDN and the field when a record would serve something off the contract. */
export function validateSubscriber(msisdn: string, record: SubscriberRecord, now: Date): void {
  for (const [system, { key, schema }] of Object.entries(SUBSCRIBER_BODIES)) {
    const raw = record[key];
    if (raw !== undefined && raw !== null) assertValid(schema, resolveTimes(raw, now), `${msisdn}.${key}`);
    const malformed = record.malformed?.[system as SystemName];
    if (malformed !== undefined && schema.safeParse(resolveTimes(malformed, now)).success) {
      throw new Error(`fixture ${msisdn}.malformed.${system} is valid under the contract; it would demonstrate nothing`);
    }
  }
  const profile = record.profile as { msisdn?: unknown } | null | undefined;
  if (profile && profile.msisdn !== msisdn) throw new Error(`fixture ${msisdn}.profile.msisdn does not match its key`);
}

function assertValid(schema: z.ZodType, value: unknown, where: string): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`fixture ${where} violates the contract: ${z.prettifyError(parsed.error)}`);
}
