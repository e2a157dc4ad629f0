/**
 * Shared by `npm run i18n:check` and `npm run i18n:review`: reading the locale files the way a
 * translator wrote them (with line numbers and duplicate keys, which JSON.parse hides), and
 * finding where the code names each key.
 *
 * Why not i18next-cli: its `lint`/`extract` find keys from `t('…')` calls, but this code names
 * sentences in data (`{ key: 'outcome.blocked' }` in the playbook) and in template-literal
 * families (`slots.ask.${slot}`); it has no duplicate-key, line-numbered JSON, button-length
 * or sentence-length check. The checks below are small and run in well under a second.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectPath } from '../src/paths.js';

export interface LanguageConfig {
  supported: string[];
  maxSentenceLength: number;
  maxButtonTitle: number;
}

export function readLanguageConfig(dir = projectPath('locales')): LanguageConfig {
  return JSON.parse(readFileSync(join(dir, 'languages.json'), 'utf8')) as LanguageConfig;
}

export interface Problem {
  file: string;
  line?: number;
  message: string;
}

/** One flat sentence: `area.key.sub` → text, with the line it is on. */
export interface Entry {
  key: string;
  text: string;
  line: number;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * A minimal JSON reader that keeps what JSON.parse throws away: the line of every string leaf
 * and keys written twice in one object (JSON.parse silently keeps the last one).
 */
export function parseLocaleFile(source: string, area: string, file: string, problems: Problem[]): Entry[] | undefined {
  try {
    JSON.parse(source);
  } catch (error) {
    const message = (error as Error).message;
    const pos = /position (\d+)/.exec(message);
    const lineCol = /line (\d+)/.exec(message);
    const line = pos ? lineAt(source, Number(pos[1])) : lineCol ? Number(lineCol[1]) : undefined;
    problems.push({ file, line, message: `is not valid JSON (${message}). Check for a missing comma, a missing quote, or a quote " inside a sentence that needs \\" before it.` });
    return undefined;
  }
  const entries: Entry[] = [];
  let i = 0;
  const ws = () => {
    while (i < source.length && /\s/.test(source[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(source.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    const c = source[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (source[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const keyLine = lineAt(source, i);
        const key = str();
        if (seen.has(key)) problems.push({ file, line: keyLine, message: `the key "${path ? `${path}.` : ''}${key}" is written twice in this file; only the last one would be used.` });
        seen.add(key);
        ws();
        i++; // :
        ws();
        const child = path ? `${path}.${key}` : key;
        if (source[i] === '"') {
          const line = lineAt(source, i);
          const text = str();
          if (!key.startsWith('$')) entries.push({ key: `${area}.${child}`, text, line });
        } else value(child);
        ws();
        if (source[i] === ',') {
          i++;
          continue;
        }
        i++; // }
        return;
      }
    }
    // Arrays, numbers, booleans: not used in locale files; skip the token.
    const start = i;
    if (c === '"') str();
    else while (i < source.length && !/[,}\]\s]/.test(source[i]!)) i++;
    if (start === i) i++;
    problems.push({ file, line: lineAt(source, start), message: `"${path}" is not a sentence (text in quotes) or a group of sentences.` });
  };
  value('');
  return entries;
}

export interface LocaleSet {
  /** lang → key → entry */
  byLang: Map<string, Map<string, Entry>>;
  /** lang → key → file (for messages) */
  fileOf: Map<string, Map<string, string>>;
}

export function readLocales(dir: string, problems: Problem[]): LocaleSet {
  const byLang = new Map<string, Map<string, Entry>>();
  const fileOf = new Map<string, Map<string, string>>();
  for (const lang of readdirSync(dir).sort()) {
    const langDir = join(dir, lang);
    if (!statSync(langDir).isDirectory()) continue;
    const entries = new Map<string, Entry>();
    const files = new Map<string, string>();
    for (const name of readdirSync(langDir).filter((f) => f.endsWith('.json')).sort()) {
      const file = relative(projectPath(), join(langDir, name)) || join(langDir, name);
      const parsed = parseLocaleFile(readFileSync(join(langDir, name), 'utf8'), name.replace(/\.json$/, ''), file, problems);
      for (const entry of parsed ?? []) {
        entries.set(entry.key, entry);
        files.set(entry.key, file);
      }
    }
    byLang.set(lang, entries);
    fileOf.set(lang, files);
  }
  return { byLang, fileOf };
}

export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*-?\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]!))].sort();
}

/** Where the code names a key: literal `'area.key'` or a family `` `area.prefix.${…}` ``. */
export interface CodeUse {
  file: string;
  line: number;
  /** the dialog/function around it, when one is found (e.g. `askNextSlotStep`) */
  where: string;
  key: string;
  family: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|js|html)$/.test(name)) out.push(path);
  }
  return out;
}

/**
 * Strings in the code that look like `area.key` but are not sentences: Bot Framework event
 * names, the admin route `report.json`, and the log events operators search on (`src/logEvents.ts`, e.g. `outcome.decided`).
 * Listed here so the check does not report them as missing keys.
 */
const NOT_KEYS = new Set(['handoff.initiate', 'handoff.status', 'report.json']);
/** The catalogue of log events, and `event: '…'` in a log call: names, not sentences. */
const LOG_EVENTS_FILE = 'logEvents.ts';
const LOG_EVENT_VALUE = /event:\s*(?:[^,}]*\?\s*)?$/;

export function findCodeUses(areas: Set<string>, srcDir = projectPath('src')): CodeUse[] {
  const uses: CodeUse[] = [];
  const area = [...areas].join('|');
  const literal = new RegExp(`['"\`]((?:${area})\\.[A-Za-z0-9_.]*[A-Za-z0-9_])(['"\`]|\\.?\\$\\{)`, 'g');
  for (const path of sourceFiles(srcDir)) {
    if (path.endsWith('messageKeys.ts') || path.endsWith(LOG_EVENTS_FILE)) continue;
    const source = readFileSync(path, 'utf8');
    const lines = source.split('\n');
    let where = '';
    lines.forEach((text, index) => {
      // The enclosing function or step: `function x(`, `const x = (async) (`, `async x(…) {`.
      const fn = /^\s*(?:export\s+)?(?:async\s+)?function\s+(\w+)|^\s*(?:export\s+)?const\s+(\w+)\s*=\s*(?:async\s*)?\(|^\s*(?:private\s+|public\s+|protected\s+)?(?:async\s+)?(\w+)\s*\([^)]*\)[^;=]*\{\s*$/.exec(text);
      const name = fn?.[1] ?? fn?.[2] ?? fn?.[3];
      if (name && !/^(if|for|while|switch|catch|return)$/.test(name)) where = name;
      if (/^\s*(\*|\/\/|\/\*)/.test(text)) return; // comments name keys in prose
      for (const m of text.matchAll(literal)) {
        if (NOT_KEYS.has(m[1]!) || LOG_EVENT_VALUE.test(text.slice(0, m.index))) continue;
        const family = m[2] !== m[0][0];
        uses.push({ file: relative(projectPath(), path), line: index + 1, where, key: family ? `${m[1]!.replace(/\.$/, '')}.` : m[1]!, family });
      }
    });
  }
  return uses;
}
