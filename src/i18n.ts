/**
 * Every sentence a customer reads comes from `locales/<lang>/<area>.json`. Each file is one
 * area of the conversation; its keys are reached as `<area>.<key>` (e.g. `greeting.welcome`),
 * so translators work file by file and code names sentences by meaning.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction, type TOptions } from 'i18next';
import type { MessageKey } from './messageKeys.js';
import { projectPath } from './paths.js';

export const SUPPORTED_LOCALES = ['id', 'en'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'id';

/**
 * A sentence by its name: a key missing from `locales/id` is a compile error. Options are
 * i18next's (interpolation values, `count`, `defaultValue`).
 */
export type Translate = (key: MessageKey, options?: TOptions) => string;

type Tree = { [key: string]: string | Tree };

/** Reads `<dir>/<lang>/*.json` into one tree per language, keyed by file name. */
export function readLocaleFiles(dir = projectPath('locales')): Record<string, Tree> {
  const resources: Record<string, Tree> = {};
  for (const lang of readdirSync(dir)) {
    const langDir = join(dir, lang);
    if (!statSync(langDir).isDirectory()) continue;
    const tree: Tree = {};
    for (const file of readdirSync(langDir).filter((f) => f.endsWith('.json')).sort()) {
      const area = file.replace(/\.json$/, '');
      try {
        tree[area] = JSON.parse(readFileSync(join(langDir, file), 'utf8')) as Tree;
      } catch (error) {
        throw new Error(`locales/${lang}/${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
      }
    }
    resources[lang] = tree;
  }
  return resources;
}

/** `en-US` → `en`; anything unsupported or missing → the default (Indonesian). */
export function resolveLocale(activityLocale: string | undefined | null): Locale {
  const base = (activityLocale ?? '').toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : DEFAULT_LOCALE;
}

export interface Translator {
  /** A `t` bound to one locale. */
  forLocale(locale: Locale): Translate;
  readonly instance: i18n;
}

export function createTranslator(dir?: string): Translator {
  const files = readLocaleFiles(dir);
  const resources = Object.fromEntries(Object.entries(files).map(([lang, tree]) => [lang, { translation: tree }]));
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES],
    initAsync: false,
    // Chat text is not HTML; channels render it as text or markdown.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const cache = new Map<Locale, Translate>();
  return {
    instance,
    forLocale(locale) {
      let t = cache.get(locale);
      if (!t) {
        t = memoizePlainKeys(instance.getFixedT(locale));
        cache.set(locale, t);
      }
      return t;
    },
  };
}

/**
 * Most sentences are asked for by key alone, several times a turn; i18next resolves each call
 * afresh. The texts are loaded once at start, so a key without options always gives the same.
 */
function memoizePlainKeys(t: TFunction): Translate {
  const plain = new Map<string, string>();
  const call = t as unknown as (...args: unknown[]) => unknown;
  return ((key: unknown, ...rest: unknown[]) => {
    if (rest.length > 0 || typeof key !== 'string') return call(key, ...rest);
    let text = plain.get(key);
    if (text === undefined) {
      text = call(key) as string;
      plain.set(key, text);
    }
    return text;
  }) as unknown as Translate;
}
