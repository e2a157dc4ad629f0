/**
 * `npm run i18n:check` — the translators' check of `locales/`. Plain-words output, exit 1 on
 * any problem. See docs/translating.md. (Why a script and not i18next-cli: scripts/i18n-lib.ts.)
 */
import { performance } from 'node:perf_hooks';
import { projectPath } from '../src/paths.js';
import { type Entry, findCodeUses, placeholders, PLURAL_SUFFIX, readLanguageConfig, readLocales, type Problem } from './i18n-lib.js';

const started = performance.now();
const dirArg = process.argv.indexOf('--dir');
const dir = dirArg >= 0 && process.argv[dirArg + 1] ? process.argv[dirArg + 1]! : projectPath('locales');
const problems: Problem[] = [];
const config = readLanguageConfig(dir);
const { byLang, fileOf } = readLocales(dir, problems);
const reference = config.supported[0]!;
const ref: Map<string, Entry> = byLang.get(reference) ?? new Map<string, Entry>();
const base = (key: string) => key.replace(PLURAL_SUFFIX, '');
const fileFor = (lang: string, key: string) => fileOf.get(lang)?.get(key) ?? `locales/${lang}/${key.split('.')[0]}.json`;

// 1. Languages: every folder is listed, every listed language has a folder.
for (const lang of config.supported) if (!byLang.has(lang)) problems.push({ file: 'locales/languages.json', message: `lists "${lang}" but there is no folder locales/${lang}/.` });
for (const lang of byLang.keys()) if (!config.supported.includes(lang)) problems.push({ file: `locales/${lang}/`, message: `is not listed in locales/languages.json "supported", so the bot never uses it.` });

// 2. The same keys in every language (plural forms count as one key; see 4).
const baseKeys = new Map([...byLang].map(([lang, entries]) => [lang, new Set([...entries.keys()].map(base))]));
const refBase = baseKeys.get(reference) ?? new Set<string>();
for (const [lang, keys] of baseKeys) {
  if (lang === reference) continue;
  for (const key of refBase) if (!keys.has(key)) problems.push({ file: fileFor(lang, key), message: `is missing "${key}" (it is in ${reference}: "${ref.get(key)?.text ?? ref.get(`${key}_other`)?.text ?? ''}").` });
  for (const key of keys) if (!refBase.has(key)) problems.push({ file: fileFor(lang, key), line: byLang.get(lang)?.get(key)?.line, message: `has "${key}", which ${reference} does not have (a typo, or a sentence that was removed).` });
}

// 3. The same {{placeholders}} in every language.
for (const [lang, entries] of byLang) {
  if (lang === reference) continue;
  for (const [key, entry] of entries) {
    const refEntry = ref.get(key) ?? ref.get(`${base(key)}_other`);
    if (!refEntry) continue;
    const want = placeholders(refEntry.text).filter((p) => p !== 'count');
    const got = placeholders(entry.text).filter((p) => p !== 'count');
    const missing = want.filter((p) => !got.includes(p));
    const extra = got.filter((p) => !want.includes(p));
    if (missing.length) problems.push({ file: fileFor(lang, key), line: entry.line, message: `"${key}" lost ${missing.map((p) => `{{${p}}}`).join(', ')} — keep it exactly as in ${reference}, only move it inside the sentence.` });
    if (extra.length) problems.push({ file: fileFor(lang, key), line: entry.line, message: `"${key}" has ${extra.map((p) => `{{${p}}}`).join(', ')}, which ${reference} does not have; the bot has no value for it.` });
  }
}

// 4. Plural forms complete for each language's rules (Intl.PluralRules, as i18next uses).
for (const [lang, entries] of byLang) {
  let categories: string[];
  try {
    categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  } catch {
    continue;
  }
  const plurals = new Map<string, Set<string>>();
  for (const key of entries.keys()) {
    const m = PLURAL_SUFFIX.exec(key);
    if (m) plurals.set(base(key), (plurals.get(base(key)) ?? new Set()).add(m[1]!));
  }
  for (const [key, forms] of plurals) {
    const missing = categories.filter((c) => !forms.has(c));
    if (missing.length) problems.push({ file: fileFor(lang, `${key}_other`), message: `"${key}" needs the plural form(s) ${missing.map((c) => `${key.split('.').pop()!}_${c}`).join(', ')} in ${lang}.` });
  }
}

// 5. Keys the code uses and keys nobody uses.
const areas = new Set([...refBase].map((k) => k.split('.')[0]!));
const uses = findCodeUses(areas);
const families = uses.filter((u) => u.family).map((u) => u.key);
for (const use of uses) {
  if (use.family) {
    if (![...refBase].some((k) => k.startsWith(use.key))) problems.push({ file: use.file, line: use.line, message: `builds keys "${use.key}…" but locales/${reference} has none under it.` });
  } else if (!refBase.has(use.key) && !families.some((f) => use.key.startsWith(f))) {
    problems.push({ file: use.file, line: use.line, message: `uses "${use.key}", which is not in locales/${reference}.` });
  }
}
const used = new Set(uses.filter((u) => !u.family).map((u) => u.key));
for (const key of refBase) {
  if (used.has(key) || families.some((f) => key.startsWith(f))) continue;
  problems.push({ file: fileFor(reference, key), line: ref.get(key)?.line, message: `"${key}" is not used anywhere in the code (remove it, or ask a developer).` });
}

// 6. Lengths a channel shows comfortably; button titles Teams and Web Chat cut after 20.
const isButton = (key: string) => /\.button\./.test(key);
for (const [lang, entries] of byLang) {
  for (const [key, entry] of entries) {
    const length = [...entry.text].length;
    if (isButton(key) && length > config.maxButtonTitle) problems.push({ file: fileFor(lang, key), line: entry.line, message: `button "${key}" is ${length} characters; Teams and Web Chat cut button titles after ${config.maxButtonTitle}: "${entry.text}".` });
    else if (length > config.maxSentenceLength) problems.push({ file: fileFor(lang, key), line: entry.line, message: `"${key}" is ${length} characters, over the limit of ${config.maxSentenceLength} (locales/languages.json maxSentenceLength); a chat bubble reads best shorter — split or shorten it.` });
  }
}

const ms = Math.round(performance.now() - started);
const languages = [...byLang.keys()].join(', ');
if (problems.length === 0) {
  console.log(`i18n:check OK — ${refBase.size} sentences in ${byLang.size} languages (${languages}), ${ms} ms.`);
} else {
  problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  for (const p of problems) console.log(`✗ ${p.file}${p.line ? `:${p.line}` : ''} ${p.message}`);
  console.log(`\ni18n:check found ${problems.length} problem(s) in ${byLang.size} languages (${languages}), ${ms} ms. See docs/translating.md.`);
  process.exitCode = 1;
}
