import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';

function check(dir?: string): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', projectPath('scripts/i18n-check.ts'), ...(dir ? ['--dir', dir] : [])], { encoding: 'utf8', cwd: projectPath() });
    return { code: 0, out };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'i18n-check-'));
  cpSync(projectPath('locales'), dir, { recursive: true });
  return dir;
}

describe('npm run i18n:check', () => {
  it('passes on the project’s locales/', () => {
    const { code, out } = check();
    expect(out).toMatch(/i18n:check OK/);
    expect(code).toBe(0);
  });

  it('reports each kind of problem in plain words, with file and line, and fails', () => {
    const dir = copy();
    const en = join(dir, 'en', 'greeting.json');
    const tree = JSON.parse(readFileSync(en, 'utf8')) as Record<string, string>;
    delete tree.privacy; // missing key
    tree.extra = 'An extra sentence'; // key only in en
    writeFileSync(en, JSON.stringify(tree, null, 2));
    const slots = join(dir, 'en', 'slots.json');
    writeFileSync(slots, readFileSync(slots, 'utf8').replace('"noOtherNumber": "', '"noOtherNumber": "No, I have no other number at all, '));
    const ticket = join(dir, 'en', 'ticket.json');
    writeFileSync(ticket, readFileSync(ticket, 'utf8').replace('{{ticketId}}', '{{ticket}}'));
    const format = join(dir, 'id', 'format.json');
    writeFileSync(format, readFileSync(format, 'utf8').replace(/\{\n/, '{\n  "listJoin": ", ",\n'));
    const handoff = join(dir, 'id', 'handoff.json');
    writeFileSync(handoff, readFileSync(handoff, 'utf8').replace(/",\n/, '"\n'));
    const { code, out } = check(dir);
    expect(code).toBe(1);
    expect(out).toMatch(/en\/greeting\.json is missing "greeting\.privacy"/);
    expect(out).toMatch(/en\/greeting\.json:\d+ has "greeting\.extra", which id does not have/);
    expect(out).toMatch(/button "slots\.button\.noOtherNumber" is \d+ characters/);
    expect(out).toMatch(/en\/ticket\.json:\d+ "ticket\.\w+" lost \{\{ticketId\}\}/);
    expect(out).toMatch(/id\/format\.json:\d+ the key "listJoin" is written twice/);
    expect(out).toMatch(/id\/handoff\.json:\d+ is not valid JSON/);
  });
});
