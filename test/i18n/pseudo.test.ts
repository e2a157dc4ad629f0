/**
 * Adding a language needs no code: a pseudo-locale generated from `locales/id` (accented and
 * 30% longer, placeholders kept) is loaded from a temporary locales/ directory in place of
 * Indonesian, and every SOP-007 path of the simulator's demo numbers (docs/simulator.md) is
 * walked with it. No raw key, no unfilled placeholder, no button over 20 characters.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n.js';
import { projectPath } from '../../src/paths.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { DialogHarness, diagnosisTrace, slotPrompts } from '../support/dialogs.js';

const ACCENTS: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ö', u: 'ü', A: 'Á', E: 'É', I: 'Í', O: 'Ö', U: 'Ü', n: 'ñ', c: 'ç' };

/** Accents every letter outside {{placeholders}} and $t(nesting), then pads to 130% length. */
export function pseudo(text: string): string {
  const parts = text.split(/(\{\{[^}]*\}\}|\$t\([^)]*\))/);
  const accented = parts.map((p, i) => (i % 2 === 1 ? p : p.replace(/[aeiouAEIOUnc]/g, (c) => ACCENTS[c] ?? c))).join('');
  const pad = Math.ceil([...text.replace(/\{\{[^}]*\}\}/g, '')].length * 0.3);
  return `${accented}${'~'.repeat(pad)}`;
}

type Tree = { [key: string]: string | Tree };
/** Button titles get the accents but stay within the 20 characters every translation must keep. */
const transform = (tree: Tree, short: boolean): Tree =>
  Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, typeof v === 'string' ? (k.startsWith('$') ? v : short ? pseudo(v).slice(0, Math.max(v.length, 20)) : pseudo(v)) : transform(v, short || k === 'button')]));

const RAW_KEY = /\b(control|errors|format|greeting|handoff|monitor|outcome|refresh|slots|summary|ticket)\.[a-z][A-Za-z_.]*\b/;

let simulator: Simulator;
let dir: string;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
  dir = mkdtempSync(join(tmpdir(), 'i18n-pseudo-'));
  cpSync(projectPath('locales/en'), join(dir, 'en'), { recursive: true });
  writeFileSync(join(dir, 'languages.json'), readFileSync(projectPath('locales/languages.json')));
  mkdirSync(join(dir, 'id'));
  for (const file of readdirSync(projectPath('locales/id'))) {
    const tree = JSON.parse(readFileSync(projectPath(`locales/id/${file}`), 'utf8')) as Tree;
    writeFileSync(join(dir, 'id', file), JSON.stringify(transform(tree, false), null, 2));
  }
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());

/** The answers a demo number needs (docs/simulator.md), then whatever each question asks. */
function answer(slot: string, msisdn: string): string {
  if (slot === 'location') return msisdn.endsWith('09') ? 'Bandung' : 'Surabaya';
  if (slot === 'alternateContact') return '0813-1111-2222';
  if (slot === 'refreshWorked') return 'belum';
  if (slot === 'notificationReceived') return msisdn.endsWith('02') ? 'belum' : 'iya';
  if (slot === 'affectedServices') return 'internet';
  return 'tidak ada';
}

function problemsIn(activities: Partial<Activity>[]): string[] {
  const problems: string[] = [];
  for (const a of activities) {
    if (a.type !== 'message') continue;
    const text = a.text ?? '';
    if (RAW_KEY.test(text)) problems.push(`raw key in: ${text}`);
    if (/\{\{|\}\}/.test(text)) problems.push(`unfilled placeholder in: ${text}`);
    if (text.length > 2000) problems.push(`message of ${text.length} characters`);
    for (const action of a.suggestedActions?.actions ?? []) {
      if ([...action.title].length > 20) problems.push(`button over 20 characters: ${action.title}`);
      if (RAW_KEY.test(action.title)) problems.push(`raw key as button: ${action.title}`);
    }
  }
  return problems;
}

describe('a pseudo-locale generated from id walks every SOP-007 path', () => {
  it('keeps placeholders and grows by 30%', () => {
    expect(pseudo('Nomor {{msisdn}} aktif')).toMatch(/^Nömör \{\{msisdn\}\} áktíf~+$/);
  });

  const numbers = Array.from({ length: 17 }, (_, i) => `0811000000${String(i + 1).padStart(2, '0')}`);
  it.each(numbers)('demo number %s', async (msisdn) => {
    const translator = createTranslator(dir);
    const bot = await DialogHarness.start({ translator }, simulator);
    let turn = await bot.say(`nomor ${msisdn} udh bayar kemarin lewat m-banking bca tp internet blm bisa`);
    for (let i = 0; i < 8; i++) {
      const [slot] = slotPrompts(turn);
      if (!slot) break;
      turn = await bot.say(answer(slot, msisdn));
    }
    // The path reached its outcome (number 16 is not a subscriber: no diagnosis).
    if (!msisdn.endsWith('16')) expect(diagnosisTrace(bot.all)?.outcome, msisdn).toBeTruthy();
    const said = bot.all.filter((a) => a.type === 'message');
    expect(said.length).toBeGreaterThan(1);
    // Pseudo text really reached the customer (not the Indonesian files).
    expect(said.some((a) => /[áéíöü]/.test(a.text ?? ''))).toBe(true);
    expect(problemsIn(bot.all)).toEqual([]);
    await bot.close();
  });
});
