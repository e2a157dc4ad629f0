import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { formatForTerminal, terminalDestination } from '../../src/logTerminal.js';

describe('terminal log format', () => {
  it('lays a JSON line out as time, level, message and fields', () => {
    const line = JSON.stringify({ level: 40, time: Date.UTC(2026, 0, 2, 3, 4, 5, 6), service: 'sop007-bot', msg: 'slow backend', event: 'backend.slow', system: 'HLR', note: 'two words' });
    expect(formatForTerminal(line, false)).toBe('03:04:05.006 WARN  slow backend event=backend.slow system=HLR note="two words"\n');
  });

  it('puts an error stack, indented, under its line', () => {
    const line = JSON.stringify({ level: 50, time: 0, msg: 'turn failed', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' } });
    expect(formatForTerminal(line, false)).toBe('00:00:00.000 ERROR turn failed\n    Error: boom\n        at x\n');
  });

  it('masks as the JSON does: the number is masked before the line is laid out', () => {
    let written = '';
    const out = { write: (chunk: string) => ((written += chunk), true) } as unknown as NodeJS.WritableStream;
    createLogger({ destination: terminalDestination(out) }).info({ msisdn: '081100000002' }, 'customer 0811-0000-0002 asked');
    expect(written).toContain('customer 0811******02 asked');
    expect(written).toContain('msisdn=0811******02');
    expect(written).not.toMatch(/081100000002|0811-0000-0002/);
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatForTerminal('plain', false)).toBe('plain\n');
  });
});
