/**
 * Every sentence a customer reads comes from `locales/<lang>/<area>.json`. Each file is one
 * area of the conversation; its keys are reached as `<area>.<key>` (e.g. `greeting.welcome`),
 * so translators work file by file and code names sentences by meaning.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction, type TOptions } from 'i18next';
import type { Logger } from './log.js';
import type { MessageKey } from './messageKeys.js';
import { projectPath } from './paths.js';

/** The languages the code formats dates and understands answers in. */
export type Locale = 'id' | 'en';
export const DEFAULT_LOCALE: Locale = 'id';

/**
 * The languages the bot speaks: `locales/languages.json` "supported" (one line per language,
 * with its folder `locales/<lang>/`), so translators add a language without code. The first
 * is the last fallback.
 */
export const SUPPORTED_LOCALES: readonly Locale[] = readSupported();

function readSupported(dir = projectPath('locales')): Locale[] {
  try {
    const config = JSON.parse(readFileSync(join(dir, 'languages.json'), 'utf8')) as { supported?: unknown };
    const list = Array.isArray(config.supported) ? config.supported.filter((l): l is string => typeof l === 'string') : [];
    return list.length > 0 ? (list.map((l) => l.toLowerCase()) as Locale[]) : [DEFAULT_LOCALE];
  } catch {
    return ['id', 'en'];
  }
}

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

/**
 * The channel's locale → the nearest supported language: the whole tag (`pt-br`), then its
 * language (`en-US`, `en-GB` → `en`; `jv-ID` → `jv` when listed), else Indonesian.
 */
export function resolveLocale(activityLocale: string | undefined | null, supported: readonly string[] = SUPPORTED_LOCALES): Locale {
  const tag = (activityLocale ?? '').toLowerCase().replace(/_/g, '-').trim();
  const parts = tag.split('-');
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('-');
    if (candidate && supported.includes(candidate)) return candidate as Locale;
  }
  return DEFAULT_LOCALE;
}

export interface Translator {
  /** A `t` bound to one locale. */
  forLocale(locale: Locale): Translate;
  readonly instance: i18n;
}

export interface TranslatorOptions {
  /** Where a missing sentence is reported (once per language and key). */
  log?: Pick<Logger, 'warn' | 'error'>;
  /**
   * A key missing in every language: `throw` (tests: a bug to fix) or `polite` (production:
   * the customer reads `errors.missingSentence`). Default: `throw` under vitest, else `polite`.
   */
  onMissingEverywhere?: 'throw' | 'polite';
}

/** Said instead of a sentence that is in no file (never the raw key). */
const MISSING_SENTENCE: MessageKey = 'errors.missingSentence';

/** A sentence read straight from a locale tree by its dotted key. */
function sentenceIn(tree: Tree | undefined, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

function flatKeys(tree: Tree, prefix = '', out = new Set<string>()): Set<string> {
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix + k;
    if (typeof v === 'string') out.add(path.replace(/_(zero|one|two|few|many|other)$/, ''));
    else flatKeys(v, `${path}.`, out);
  }
  return out;
}

const consoleLog: Pick<Logger, 'warn' | 'error'> = {
  warn: ((obj: object, msg: string) => process.emitWarning(`${msg} ${JSON.stringify(obj)}`)) as Logger['warn'],
  error: ((obj: object, msg: string) => process.emitWarning(`${msg} ${JSON.stringify(obj)}`)) as Logger['error'],
};

export function createTranslator(dir?: string, options: TranslatorOptions = {}): Translator {
  const files = readLocaleFiles(dir);
  const resources = Object.fromEntries(Object.entries(files).map(([lang, tree]) => [lang, { translation: tree }]));
  const keys = new Map(Object.entries(files).map(([lang, tree]) => [lang, flatKeys(tree)]));
  const log = options.log ?? consoleLog;
  const onMissingEverywhere = options.onMissingEverywhere ?? (process.env.VITEST ? 'throw' : 'polite');
  const reported = new Set<string>();
  const instance = i18next.createInstance();
  // The sentence a customer reads instead of a missing one, taken from the files, not from code.
  const polite = sentenceIn(files[DEFAULT_LOCALE], MISSING_SENTENCE);
  if (polite === undefined) throw new Error(`locales/${DEFAULT_LOCALE} has no "${MISSING_SENTENCE}"`);
  void instance.init({
    resources,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...new Set([...SUPPORTED_LOCALES, ...Object.keys(files)])],
    initAsync: false,
    // Chat text is not HTML; channels render it as text or markdown.
    interpolation: { escapeValue: false },
    returnNull: false,
    // A key in no language at all (the fallback found nothing): never show the raw key.
    saveMissing: true,
    missingKeyHandler: (lngs, _ns, key, fallbackValue) => {
      // A call with its own `defaultValue` (e.g. a ticket status the files do not name) is fine.
      if (fallbackValue !== key || reported.has(`*:${key}`)) return;
      reported.add(`*:${key}`);
      log.error({ event: 'i18n.missing', key, locales: lngs }, 'i18n: sentence missing in every language');
    },
    parseMissingKeyHandler: (key, defaultValue?: string) => {
      if (defaultValue !== undefined && defaultValue !== key) return defaultValue;
      if (onMissingEverywhere === 'throw') throw new Error(`i18n: the key "${key}" is in no file of locales/`);
      return polite;
    },
  });
  const cache = new Map<Locale, Translate>();
  return {
    instance,
    forLocale(locale) {
      let t = cache.get(locale);
      if (!t) {
        const own = keys.get(locale) ?? new Set<string>();
        const memo = memoizePlainKeys(instance.getFixedT(locale));
        // A key missing in this language falls back to Indonesian; say so once, with the key.
        const fallbackWarned: Translate = (key, opts) => {
          if (locale !== DEFAULT_LOCALE && !own.has(key) && !reported.has(`${locale}:${key}`)) {
            reported.add(`${locale}:${key}`);
            if (keys.get(DEFAULT_LOCALE)?.has(key)) log.warn({ event: 'i18n.fallback', key, locale, fallback: DEFAULT_LOCALE }, 'i18n: sentence missing in this language, Indonesian used');
          }
          return opts === undefined ? memo(key) : memo(key, opts);
        };
        t = fallbackWarned;
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
