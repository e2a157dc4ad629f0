/**
 * `npm run i18n:review` — writes `dist/i18n/review.html`: every sentence with Indonesian and
 * English side by side (and any other language in locales/), where the code uses it (file,
 * dialog/step), its {{placeholders}} filled with sample values like the simulator's, and the
 * buttons shown with it. A static page: open it in a browser, no server needed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createTranslator } from '../src/i18n.js';
import type { MessageKey } from '../src/messageKeys.js';
import { projectPath } from '../src/paths.js';
import { findCodeUses, placeholders, PLURAL_SUFFIX, readLanguageConfig, readLocales, type Problem } from './i18n-lib.js';

/** Values like the simulator's demo cases (docs/simulator.md), one per placeholder name. */
const SAMPLES: Record<string, string> = {
  msisdn: '0811-****-0007',
  date: '24 November 2026',
  time: '18.00 WIB',
  channel: 'm-banking BCA',
  method: 'm-banking',
  provider: 'BCA',
  services: 'internet dan telepon',
  location: 'Bandung, Coblong',
  ticketId: 'TT-20261124-0007',
  status: 'Diproses',
  name: 'Budi Santoso',
  notification: 'sudah',
  value: '0812-3456-7890',
  changes: 'nomor HP: 0812-3456-7890',
  publicMessage: 'Gangguan jaringan di Bandung sedang ditangani.',
  count: '2',
};

/** The buttons a sentence goes with (as src/dialogs/slotPrompt.ts and the cancel question show them). */
const BUTTONS: Record<string, string[]> = {
  'slots.ask.affectedServices': ['slots.button.data', 'slots.button.voice', 'slots.button.sms', 'slots.button.all'],
  'slots.retry.affectedServices': ['slots.button.data', 'slots.button.voice', 'slots.button.sms', 'slots.button.all'],
  'slots.ask.notificationReceived': ['slots.button.yes', 'slots.button.no'],
  'slots.retry.notificationReceived': ['slots.button.yes', 'slots.button.no'],
  'slots.ask.refreshWorked': ['slots.button.yes', 'slots.button.no'],
  'slots.retry.refreshWorked': ['slots.button.yes', 'slots.button.no'],
  'slots.ask.alternateContact': ['slots.button.noOtherNumber'],
  'slots.retry.alternateContact': ['slots.button.noOtherNumber'],
  'control.confirmCancel': ['control.button.cancelYes', 'control.button.cancelNo'],
};

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const problems: Problem[] = [];
const dir = projectPath('locales');
const config = readLanguageConfig(dir);
const { byLang } = readLocales(dir, problems);
const langs = config.supported.filter((l) => byLang.has(l));
const reference = langs[0]!;
const keys = [...new Set([...(byLang.get(reference)?.keys() ?? [])].map((k) => k.replace(PLURAL_SUFFIX, '')))];
const areas = new Set(keys.map((k) => k.split('.')[0]!));
const uses = findCodeUses(areas);
const translator = createTranslator(dir, { onMissingEverywhere: 'polite' });

function usesOf(key: string): string[] {
  return uses.filter((u) => (u.family ? key.startsWith(u.key) : u.key === key)).map((u) => `${u.file}:${u.line}${u.where ? ` (${u.where})` : ''}${u.family ? ` — as ${u.key}…` : ''}`);
}

function render(lang: string, key: string): string {
  const entry = byLang.get(lang)?.get(key) ?? byLang.get(lang)?.get(`${key}_other`);
  const raw = entry?.text ?? byLang.get(reference)?.get(key)?.text ?? '';
  const values = Object.fromEntries(placeholders(raw).map((p) => [p, SAMPLES[p] ?? `‹${p}›`]));
  const text = translator.forLocale(lang as never)(key as MessageKey, { ...values, count: 2 });
  const buttons = (BUTTONS[key] ?? []).map((b) => `<span class="btn">${escape(translator.forLocale(lang as never)(b as MessageKey))}</span>`).join(' ');
  const missing = entry ? '' : ' <em class="warn">(missing: Indonesian shown)</em>';
  return `<td lang="${lang}"><div class="bubble">${escape(text).replace(/\n/g, '<br>')}</div>${buttons ? `<div class="buttons">${buttons}</div>` : ''}<details><summary>as written</summary><code>${escape(raw)}</code></details>${missing}</td>`;
}

const sections = [...areas].map((area) => {
  const rows = keys
    .filter((k) => k.startsWith(`${area}.`))
    .map((key) => `<tr id="${escape(key)}"><th><code>${escape(key)}</code><div class="where">${usesOf(key).map(escape).join('<br>') || '<em class="warn">not used in the code</em>'}</div></th>${langs.map((l) => render(l, key)).join('')}</tr>`)
    .join('\n');
  return `<h2 id="area-${area}">${area} <small>locales/&lt;lang&gt;/${area}.json</small></h2>\n<table><thead><tr><th>key · where it is used</th>${langs.map((l) => `<th>${l}</th>`).join('')}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
});

const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SOP-007 bot — sentences for review</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}
th,td{border-top:1px solid #ddd;padding:.6rem;vertical-align:top;text-align:left}
thead th{background:#f4f4f4}
tbody th{width:22%;font-weight:normal}
.where{color:#666;font-size:.8rem;margin-top:.3rem}
.bubble{background:#eef3ff;border-radius:12px;padding:.5rem .8rem;max-width:36rem}
.buttons{margin-top:.4rem}.btn{display:inline-block;border:1px solid #4a6cf7;color:#4a6cf7;border-radius:14px;padding:.1rem .6rem;margin:.1rem;font-size:.9rem}
details{font-size:.8rem;color:#666;margin-top:.3rem}.warn{color:#b00}
</style></head><body>
<h1>Sentences for review</h1>
<p>Every sentence the bot can say, as a customer reads it: placeholders filled with sample values, buttons under their question. Generated by <code>npm run i18n:review</code> from <code>locales/</code>; see <code>docs/translating.md</code>. To try them live: <code>npm run chat -- --locale en</code>.</p>
<p>${[...areas].map((a) => `<a href="#area-${a}">${a}</a>`).join(' · ')}</p>
${sections.join('\n')}
</body></html>
`;

const out = projectPath('dist/i18n/review.html');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`i18n:review wrote ${out.replace(`${projectPath()}/`, '')}: ${keys.length} sentences in ${langs.join(', ')}.${problems.length ? ` (${problems.length} problem(s) in the files; run npm run i18n:check)` : ''}`);
