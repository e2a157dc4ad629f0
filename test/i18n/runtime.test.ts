import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator, resolveLocale, SUPPORTED_LOCALES } from '../../src/i18n.js';
import type { MessageKey } from '../../src/messageKeys.js';

function localesDir(files: Record<string, Record<string, object>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'i18n-runtime-'));
  for (const [lang, areas] of Object.entries(files)) {
    mkdirSync(join(dir, lang));
    for (const [area, tree] of Object.entries(areas)) writeFileSync(join(dir, lang, `${area}.json`), JSON.stringify(tree));
  }
  return dir;
}

function recorder() {
  const warnings: unknown[] = [];
  const errors: unknown[] = [];
  return { warnings, errors, log: { warn: (obj: unknown) => void warnings.push(obj), error: (obj: unknown) => void errors.push(obj) } as never };
}

describe('a customer never sees a key', () => {
  const dir = localesDir({
    id: { greeting: { welcome: 'Selamat datang', only: 'Hanya Indonesia {{name}}' }, errors: { missingSentence: 'Mohon maaf, ada kendala.' } },
    en: { greeting: { welcome: 'Welcome' }, errors: { missingSentence: 'Sorry, something went wrong.' } },
  });

  it('a key missing in the customer’s language falls back to Indonesian, warned once with the key', () => {
    const r = recorder();
    const t = createTranslator(dir, { log: r.log }).forLocale('en');
    const key = 'greeting.only' as MessageKey;
    expect(t(key, { name: 'Budi' })).toBe('Hanya Indonesia Budi');
    expect(t(key, { name: 'Sari' })).toBe('Hanya Indonesia Sari');
    expect(r.warnings).toEqual([{ event: 'i18n.fallback', key: 'greeting.only', locale: 'en', fallback: 'id' }]);
  });

  it('a key missing everywhere is an error in tests', () => {
    const t = createTranslator(dir, { log: recorder().log }).forLocale('en');
    expect(() => t('greeting.nowhere' as MessageKey)).toThrow(/greeting\.nowhere/);
  });

  it('in production the customer gets a polite sentence, and the key is logged once', () => {
    const r = recorder();
    const t = createTranslator(dir, { log: r.log, onMissingEverywhere: 'polite' }).forLocale('en');
    expect(t('greeting.nowhere' as MessageKey)).toBe('Mohon maaf, ada kendala.');
    expect(t('greeting.nowhere' as MessageKey)).not.toContain('greeting.');
    expect(r.errors).toHaveLength(1);
  });

  it('a defaultValue given by the code is used, not reported', () => {
    const r = recorder();
    const t = createTranslator(dir, { log: r.log }).forLocale('id');
    expect(t('greeting.status.NEW' as MessageKey, { defaultValue: 'NEW' })).toBe('NEW');
    expect(r.errors).toEqual([]);
  });

  it('the real locales have the polite sentence in every language', () => {
    for (const lang of SUPPORTED_LOCALES) expect(createTranslator().forLocale(lang)('errors.missingSentence')).not.toBe('errors.missingSentence');
  });
});

describe('the channel’s locale maps to the nearest supported language', () => {
  it.each([
    ['id-ID', 'id'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['EN_us', 'en'],
    ['jv-ID', 'id'],
    ['fr-FR', 'id'],
    ['', 'id'],
    [undefined, 'id'],
  ])('%s → %s', (tag, lang) => expect(resolveLocale(tag)).toBe(lang));

  it('a language listed in locales/languages.json is reached by its region tags', () => {
    expect(resolveLocale('jv-ID', ['id', 'en', 'jv'])).toBe('jv');
    expect(resolveLocale('pt-BR', ['id', 'pt-br', 'pt'])).toBe('pt-br');
    expect(resolveLocale('pt-PT', ['id', 'pt-br', 'pt'])).toBe('pt');
  });
});
