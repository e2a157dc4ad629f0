/**
 * The layer boundaries of docs/architecture.md, checked on the imports: botbuilder only at
 * the edge (so a move to the Microsoft 365 Agents SDK touches src/bot, src/dialogs and
 * src/channels alone), and the pure core importing no shell.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm;
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1]!);
const files = sources(projectPath('src')).map((f) => ({ path: relative(projectPath(), f), imports: importsOf(f) }));

describe('layers', () => {
  it('only src/bot, src/dialogs and src/channels import botbuilder or botframework-*', () => {
    const edge = /^src\/(bot|dialogs|channels)\//;
    const offenders = files.filter((f) => !edge.test(f.path) && f.imports.some((i) => /^(botbuilder|botframework-)/.test(i)));
    expect(offenders.map((f) => f.path)).toEqual([]);
    expect(files.filter((f) => edge.test(f.path) && f.imports.some((i) => i.startsWith('botbuilder'))).length).toBeGreaterThan(5);
  });

  it('the pure core (domain, nlu, conversation) imports no shell: no services, storage, http, bot or dialogs', () => {
    const core = /^src\/(domain|nlu|conversation)\//;
    const shell = /\/(services|storage|http|bot|dialogs|channels|simulator)\//;
    const offenders = files.filter((f) => core.test(f.path)).flatMap((f) => f.imports.filter((i) => i.startsWith('.') && shell.test(`/${i.replace(/^(\.\.\/)+/, '')}`)).map((i) => `${f.path} → ${i}`));
    expect(offenders).toEqual([]);
  });
});
