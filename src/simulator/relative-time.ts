/**
 * Fixture times relative to the simulator's clock, so demo data never goes stale: a payment
 * "yesterday at 10:15" stays yesterday whatever the date. All output is Asia/Jakarta (+07:00),
 * as the contract's dates are.
 *
 * Forms, anywhere in a fixture where a time belongs:
 *   { "daysAgo": 1, "time": "10:15" }   that calendar day in Jakarta, at that time (default 09:00)
 *   { "hoursAgo": 3 } / { "minutesAgo": 20 } / { "inHours": 4 }
 * A plain string is already absolute and is kept.
 */
import { z } from 'zod';

const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export const RelativeTime = z.union([
  z.strictObject({ daysAgo: z.number().int().min(0), time: z.string().regex(/^\d{2}:\d{2}$/).optional() }),
  z.strictObject({ hoursAgo: z.number() }),
  z.strictObject({ minutesAgo: z.number() }),
  z.strictObject({ inHours: z.number() }),
]);
export type RelativeTime = z.infer<typeof RelativeTime>;

/** `2026-03-02T10:15:00+07:00` */
export function toJakartaIso(epochMs: number): string {
  return `${new Date(epochMs + JAKARTA_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** The Jakarta calendar date (`YYYY-MM-DD`) of an ISO time with any offset; undefined when unreadable. */
export function jakartaDate(iso: string): string | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
}

export function resolveTime(value: RelativeTime, now: Date): string {
  const nowMs = now.getTime();
  if ('daysAgo' in value) {
    const day = new Date(nowMs + JAKARTA_OFFSET_MS - value.daysAgo * 24 * HOUR_MS).toISOString().slice(0, 10);
    return `${day}T${value.time ?? '09:00'}:00+07:00`;
  }
  if ('hoursAgo' in value) return toJakartaIso(nowMs - value.hoursAgo * HOUR_MS);
  if ('minutesAgo' in value) return toJakartaIso(nowMs - value.minutesAgo * 60 * 1000);
  return toJakartaIso(nowMs + value.inHours * HOUR_MS);
}

/** Replaces every relative time in a fixture value by an absolute one; everything else is copied. */
export function resolveTimes(value: unknown, now: Date): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveTimes(item, now));
  if (value === null || typeof value !== 'object') return value;
  const relative = RelativeTime.safeParse(value);
  if (relative.success) return resolveTime(relative.data, now);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveTimes(item, now)]));
}
