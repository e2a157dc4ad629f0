import { describe, expect, it } from 'vitest';
import type { BotActivity } from '../../src/cli/emulator.js';
import { TranscriptPrinter } from '../../src/cli/transcriptPrinter.js';

const message = (text: string): BotActivity => ({ type: 'message', text });

describe('TranscriptPrinter', () => {
  it('prints a reply that arrived during a slow turn once: the poll keeps quiet until the turn ends', async () => {
    const out: string[] = [];
    const printer = new TranscriptPrinter((l) => out.push(l), (a) => a.text ?? null);
    const channel: BotActivity[] = [];
    let finish!: (replies: BotActivity[]) => void;
    const turn = printer.turn(() => new Promise((resolve) => (finish = resolve)), () => channel);
    const reply = message('summary');
    channel.push(reply); // arrives while the turn is still running
    expect(printer.poll(channel)).toBeNull();
    finish([reply]);
    await turn;
    expect(printer.poll(channel)).toBe(0);
    expect(out).toEqual(['summary\n']);
  });

  it('prints a proactive message between turns once, after a blank line', () => {
    const out: string[] = [];
    const printer = new TranscriptPrinter((l) => out.push(l), (a) => a.text ?? null);
    const channel = [message('nomor aktif')];
    expect(printer.poll(channel)).toBe(1);
    expect(printer.poll(channel)).toBe(0);
    expect(out).toEqual(['\n', 'nomor aktif\n']);
  });
});
