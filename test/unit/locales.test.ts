import { describe, expect, it } from 'vitest';
import { createTranslator, readLocaleFiles, resolveLocale, SUPPORTED_LOCALES } from '../../src/i18n.js';
import { keysOf, type Tree } from '../support/localeKeys.js';


describe('locales', () => {
  const files = readLocaleFiles();

  it('has every supported language', () => {
    expect(Object.keys(files).sort()).toEqual([...SUPPORTED_LOCALES].sort());
  });

  it('every key exists in every locale', () => {
    const keysByLang = Object.fromEntries(Object.entries(files).map(([lang, tree]) => [lang, keysOf(tree)]));
    const all = new Set(Object.values(keysByLang).flatMap((s) => [...s]));
    for (const [lang, keys] of Object.entries(keysByLang)) {
      const missing = [...all].filter((k) => !keys.has(k));
      expect(missing, `locales/${lang} lacks keys`).toEqual([]);
    }
  });

  it('no sentence is empty', () => {
    for (const [lang, tree] of Object.entries(files)) {
      const walk = (t: Tree, p: string): void => {
        for (const [k, v] of Object.entries(t)) {
          if (typeof v === 'string') expect(v.trim(), `${lang}:${p}${k}`).not.toBe('');
          else walk(v, `${p}${k}.`);
        }
      };
      walk(tree, '');
    }
  });

  it('keeps interpolation variables the same across locales', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]).sort();
    const flat = (t: Tree, p = ''): Record<string, string> =>
      Object.entries(t).reduce<Record<string, string>>((acc, [k, v]) => {
        if (typeof v === 'string') acc[p + k] = v;
        else Object.assign(acc, flat(v, `${p}${k}.`));
        return acc;
      }, {});
    const id = flat(files.id!);
    const en = flat(files.en!);
    for (const [key, text] of Object.entries(id)) {
      if (en[key] !== undefined) expect(vars(en[key]), key).toEqual(vars(text));
    }
  });

  it('resolves the activity locale, falling back to Indonesian', () => {
    expect(resolveLocale('en-US')).toBe('en');
    expect(resolveLocale('en')).toBe('en');
    expect(resolveLocale('id-ID')).toBe('id');
    expect(resolveLocale('fr-FR')).toBe('id');
    expect(resolveLocale(undefined)).toBe('id');
  });

  it('translates with the fallback', () => {
    const translator = createTranslator();
    expect(translator.forLocale('en')('greeting.welcome')).toMatch(/welcome/i);
    expect(translator.forLocale('id')('greeting.welcome')).toMatch(/selamat datang/i);
  });
});

describe('typed sentence names', () => {
  it('src/messageKeys.ts types every area file of locales/id, so a new file cannot go unchecked', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { projectPath } = await import('../../src/paths.js');
    const source = readFileSync(projectPath('src/messageKeys.ts'), 'utf8');
    for (const file of readdirSync(projectPath('locales/id')).filter((f) => f.endsWith('.json'))) {
      expect(source, file).toContain(`${file.replace(/\.json$/, '')}: typeof import('../locales/id/${file}'`);
    }
  });
});
