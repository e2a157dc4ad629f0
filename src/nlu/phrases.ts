/**
 * One phrase index over every lexicon: each phrase carries the roles it plays (a provider, a
 * service, a yes/no answer, a filler, a payment verb…), and a message is cut into the longest
 * phrases left to right. Longest-first is what resolves overlaps the way a reader does:
 * "internet banking" is a method and not the service "internet", "tidak jadi" is a
 * cancellation and not the answer "tidak", "sms konfirmasi" is a notification and not SMS.
 */
import { canonicalList, files } from './lexicon.js';
import { isBreakToken } from './normalize.js';
import { LexiconError, type Intent, type Method, type Provider, type Service } from './lexicon-schema.js';

export interface Roles {
  provider?: Provider;
  method?: Method;
  /** The provider/method counts only in a payment context (see channels.ts). */
  contextual?: boolean;
  service?: Service | 'ALL';
  answer?: 'YES' | 'NO';
  answerKind?: 'particle' | 'aspect';
  intent?: Intent;
  intentStrength?: 'strong' | 'weak';
  filler?: boolean;
  hedge?: boolean;
  paymentVerb?: boolean;
  paymentContext?: boolean;
  receipt?: boolean;
  working?: boolean;
  problem?: boolean;
  notification?: boolean;
  notificationSource?: boolean;
  request?: boolean;
  requestTail?: boolean;
  conjunction?: boolean;
  clauseBreak?: boolean;
  answerBlocker?: boolean;
  only?: boolean;
  activity?: boolean;
  except?: boolean;
  /** "yang lain", "sisanya": the other services (services.ts). */
  rest?: boolean;
  /** "ralat", "eh maksudnya": what follows replaces a value named before. */
  correction?: boolean;
}

export interface Span {
  start: number;
  /** Exclusive. */
  end: number;
  roles: Roles;
}

interface Entry {
  tokens: string[];
  roles: Roles;
}

const SLOT_KEYS = ['provider', 'method', 'service', 'answer', 'intent'] as const;

const entries = new Map<string, Entry>();

function add(file: string, phrases: readonly string[], roles: Roles): void {
  for (const tokens of canonicalList(phrases)) {
    const key = tokens.join(' ');
    const existing = entries.get(key);
    if (existing === undefined) {
      entries.set(key, { tokens, roles: { ...roles } });
      continue;
    }
    for (const slot of SLOT_KEYS) {
      const a = existing.roles[slot];
      const b = roles[slot];
      if (a !== undefined && b !== undefined && a !== b) {
        throw new LexiconError(
          `Lexicon file src/nlu/lexicons/${file} is invalid:\n  "${key}" is both ${a} and ${b}`,
        );
      }
    }
    // Slots cannot conflict (checked above); flags accumulate.
    existing.roles = { ...roles, ...existing.roles };
  }
}

const { channels, services, answers, intents, context } = files;

for (const [provider, phrases] of Object.entries(channels.providers)) {
  add('channels.json', phrases ?? [], { provider: provider as Provider });
}
for (const [method, phrases] of Object.entries(channels.methods)) {
  add('channels.json', phrases ?? [], { method: method as Method });
}
for (const b of channels.bundles) add('channels.json', b.aliases, { provider: b.provider, method: b.method });
for (const c of channels.contextual) {
  const roles: Roles = { contextual: true };
  if (c.provider !== undefined) roles.provider = c.provider;
  if (c.method !== undefined) roles.method = c.method;
  add('channels.json', c.aliases, roles);
}
add('channels.json', channels.paymentContext, { paymentContext: true });
add('channels.json', channels.notChannel, {});

for (const [service, phrases] of Object.entries(services.services)) {
  add('services.json', phrases, { service: service as Service | 'ALL' });
}
add('services.json', services.notService, {});
add('services.json', services.rest, { rest: true });

for (const answer of ['YES', 'NO'] as const) {
  add('answers.json', answers[answer].particles, { answer, answerKind: 'particle' });
  add('answers.json', answers[answer].aspects, { answer, answerKind: 'aspect' });
}
add('answers.json', answers.notAnswer, {});

for (const [intent, words] of Object.entries(intents.intents)) {
  add('intents.json', words.strong, { intent: intent as Intent, intentStrength: 'strong' });
  add('intents.json', words.weak, { intent: intent as Intent, intentStrength: 'weak' });
}
add('intents.json', intents.notIntent, {});

const contextRoles: Array<[readonly string[], Roles]> = [
  [context.fillers, { filler: true }],
  [context.hedges, { hedge: true }],
  [context.paymentVerbs, { paymentVerb: true }],
  [context.receiptVerbs, { receipt: true }],
  [context.workingWords, { working: true }],
  [context.problemWords, { problem: true }],
  [context.notificationWords, { notification: true }],
  [context.notificationSources, { notificationSource: true }],
  [context.requestCues, { request: true }],
  [context.requestTails, { requestTail: true }],
  [context.conjunctions, { conjunction: true }],
  [context.clauseBreaks, { clauseBreak: true }],
  [context.answerBlockers, { answerBlocker: true }],
  [context.onlyWords, { only: true }],
  [context.activityWords, { activity: true }],
  [context.exceptWords, { except: true }],
  [context.correctionMarkers, { correction: true }],
];
for (const [phrases, roles] of contextRoles) add('context.json', phrases, roles);

/** First token → phrases starting with it, longest first. */
const index = new Map<string, Entry[]>();
for (const entry of entries.values()) {
  const list = index.get(entry.tokens[0]!) ?? [];
  list.push(entry);
  index.set(entry.tokens[0]!, list);
}
for (const list of index.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);

const BREAK_ROLES: Roles = Object.freeze({ clauseBreak: true });
const NO_ROLES: Roles = Object.freeze({});

/** Longest-match segmentation covering every token; a token in no phrase has no roles. */
export function matchPhrases(tokens: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (isBreakToken(token)) {
      spans.push({ start: i, end: i + 1, roles: BREAK_ROLES });
      i++;
      continue;
    }
    const candidates = index.get(token);
    let matched: Entry | undefined;
    if (candidates !== undefined) {
      for (const entry of candidates) {
        const n = entry.tokens.length;
        let ok = i + n <= tokens.length;
        for (let k = 1; ok && k < n; k++) ok = tokens[i + k] === entry.tokens[k];
        if (ok) {
          matched = entry;
          break;
        }
      }
    }
    if (matched === undefined) {
      spans.push({ start: i, end: i + 1, roles: NO_ROLES });
      i++;
      continue;
    }
    spans.push({ start: i, end: i + matched.tokens.length, roles: matched.roles });
    i += matched.tokens.length;
  }
  return spans;
}
