/**
 * Log lines for a person at a terminal: `12:03:04 INFO  bot listening url=http://…`. Only when
 * stdout is a TTY; pipes, files and log shippers get pino's JSON unchanged.
 *
 * Hand-written because pino itself has no human format and pino-pretty is not among the
 * project's dependencies; the line is already masked JSON when it gets here (pino's formatters
 * ran first), so this only re-lays it out and cannot leak anything the JSON would not.
 */
import type { DestinationStream } from 'pino';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const COLOURS: Record<number, string> = { 10: '90', 20: '36', 30: '32', 40: '33', 50: '31', 60: '35' };
/** Fields every line has: shown in the prefix or not at all. */
const OMITTED = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);

function field(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** One pino JSON line → one readable line (and an error's stack under it). */
export function formatForTerminal(jsonLine: string, colour = true): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const label = LEVELS[level] ?? String(level);
  const shownLevel = colour ? `\u001b[${COLOURS[level] ?? '0'}m${label}\u001b[0m` : label;
  const err = entry.err as { stack?: string } | undefined;
  const rest = Object.entries(entry)
    .filter(([key]) => !OMITTED.has(key) && !(key === 'err' && err?.stack))
    .map(([key, value]) => `${key}=${field(value)}`)
    .join(' ');
  const head = [time, shownLevel, typeof entry.msg === 'string' ? entry.msg : '', rest].filter((s) => s !== '').join(' ');
  return `${head}\n${err?.stack ? `${err.stack.replace(/^/gm, '    ')}\n` : ''}`;
}

/** A pino destination that writes each line reformatted for a terminal. */
export function terminalDestination(out: NodeJS.WritableStream = process.stdout): DestinationStream {
  return { write: (line: string) => void out.write(formatForTerminal(line)) };
}
