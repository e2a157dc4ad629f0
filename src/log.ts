/**
 * Structured logging with privacy by default (UU PDP No. 27/2022): every line goes through
 * `maskValue`, so an MSISDN anywhere in a message or a field is masked, and fields that hold a
 * name, a location or free customer text are masked by key, whatever their nesting.
 */
import { destination as pinoDestination, pino, stdSerializers, type Logger, type DestinationStream } from 'pino';

import { terminalDestination } from './logTerminal.js';

export type { Logger };

/** Keys whose values identify a person or a place, or are the customer's own words. */
const PERSONAL_KEYS = new Set(
  [
    'name', 'customerName', 'accountName', 'fullName', 'firstName', 'lastName',
    'location', 'address', 'city', 'area', 'areas',
    'text', 'transcript', 'alternateContact', 'email',
    'authorization', 'apiKey', 'password', 'token',
  ].map((k) => k.toLowerCase()),
);

/** Indonesian mobile numbers as people write them: 08…, 628…, +62 8…, with separators. */
const PHONE_PATTERN = /(?:\+?62|0)[\s.-]?8(?:[\s.-]?\d){7,12}/g;

/** Keeps the first four and last two digits: enough for an operator to correlate, not to call. */
export function maskMsisdn(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 8) return '***';
  return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 6)}${digits.slice(-2)}`;
}

export function maskText(text: string): string {
  return text.replace(PHONE_PATTERN, (m) => maskMsisdn(m));
}

function maskPersonal(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return value.length === 0 ? value : `[masked:${value.length}]`;
  if (Array.isArray(value)) return `[masked:${value.length} items]`;
  if (typeof value === 'object') return '[masked]';
  return '[masked]';
}

export function maskValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: maskText(value.message), stack: value.stack ? maskText(value.stack) : undefined };
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = PERSONAL_KEYS.has(key.toLowerCase()) ? maskPersonal(v) : maskValue(v, depth + 1);
  }
  return out;
}

export interface LogOptions {
  level?: string;
  /** Where lines go; stdout by default. Tests pass a stream to read what was written. */
  destination?: DestinationStream;
}

export function createLogger(options: LogOptions = {}): Logger {
  // Asynchronous, buffered stdout by default: a synchronous write per line costs every turn.
  // Flushed at least twice a second, so an operator never waits for a quiet system's lines.
  // A person at a terminal gets readable lines (src/logTerminal.ts); anything else gets JSON.
  const destination = options.destination ?? (process.stdout.isTTY ? terminalDestination() : pinoDestination({ dest: 1, sync: false, minLength: 4096 }));
  if (!options.destination) setInterval(() => (destination as { flush?: () => void }).flush?.(), 500).unref();
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'sop007-bot' },
      formatters: { log: (object) => maskValue(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // Mask the message string and any printf-style arguments too.
          const masked = args.map((a) => (typeof a === 'string' ? maskText(a) : a)) as Parameters<typeof method>;
          return method.apply(this, masked);
        },
      },
      serializers: { err: (err: Error) => maskValue(stdSerializers.err(err)) },
    },
    destination,
  );
}

/** A logger that writes nothing: the default for library code and tests that do not read logs. */
export const silentLogger: Logger = pino({ level: 'silent' });
