/** A real (masking) logger whose lines a test can read back. */
import { createLogger, type Logger } from '../../src/log.js';

export interface CapturedLog {
  log: Logger;
  lines: Array<Record<string, unknown> & { level: number; msg?: string }>;
  /** Lines at error level (50) or above. */
  errors(): Array<Record<string, unknown>>;
}

export function captureLog(level = 'info'): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const log = createLogger({
    level,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as CapturedLog['lines'][number]) },
  });
  return { log, lines, errors: () => lines.filter((l) => l.level >= 50) };
}
