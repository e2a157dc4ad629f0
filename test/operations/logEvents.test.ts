/**
 * The `event` names are a contract with operators: the code emits exactly the names in
 * src/logEvents.ts, and docs/operations.md lists exactly those.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_EVENTS } from '../../src/logEvents.js';
import { projectPath } from '../../src/paths.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'simulator' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('logEvents.ts') ? [path] : [];
  });
}

const code = sources(projectPath('src')).map((f) => readFileSync(f, 'utf8')).join('\n');
/** `event: 'x'` and both names of `event: a === b ? 'x' : 'y'`. */
const emitted = new Set<string>();
for (const [, expr] of code.matchAll(/\bevent: ([^,}]+)/g)) for (const [, name] of expr!.matchAll(/'([a-z0-9]+\.[a-z_]+)'/g)) emitted.add(name!);
const listed = Object.keys(LOG_EVENTS);

describe('log events', () => {
  it('the code emits exactly the events of src/logEvents.ts', () => {
    expect([...emitted].sort()).toEqual([...listed].sort());
  });

  it('docs/operations.md lists exactly those events', () => {
    const docs = readFileSync(projectPath('docs', 'operations.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Log events'), docs.indexOf('\n## ', docs.indexOf('## Log events') + 5));
    const documented = [...section.matchAll(/^\| `([a-z0-9]+\.[a-z_]+)` \|/gm)].map((m) => m[1]!);
    expect(documented.sort()).toEqual([...listed].sort());
  });
});
