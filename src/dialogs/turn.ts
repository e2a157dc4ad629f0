/**
 * What every dialog step needs from the turn: the customer's locale and translations, the
 * case, the message as understood (once per turn), and the emulator-only traces.
 */
import type { Telemetry } from '../services/telemetry.js';
import { TurnContext, type StatePropertyAccessor } from 'botbuilder';
import { z } from 'zod';
import type { TranscriptEntry } from '../contracts/backend.js';
import { newCase, type CaseState, type EcareIdentity } from '../conversation/case.js';
import { resolveLocale, type Locale, type Translate, type Translator } from '../i18n.js';
import type { Logger } from '../log.js';
import type { Signals, Understanding } from '../nlu/understand.js';
import type { CaseServices, Recipient } from '../services/caseServices.js';
import type { EcareVerifier } from '../services/ecareIdentity.js';
import type { HandoffTarget } from '../channels/handoff/target.js';
import type { HandoffCase } from '../channels/handoff/caseContext.js';

export interface DialogDeps {
  cases: StatePropertyAccessor<CaseState>;
  transcript: StatePropertyAccessor<TranscriptEntry[]>;
  translator: Translator;
  services: CaseServices;
  understand: (text: string, options: { now: Date; locale: Locale }) => Understanding;
  /** What the message says about itself: corrections, a place, proof of payment, a side question, tone. */
  signals: (text: string, options: { askedLocation: boolean; locale: Locale }) => Signals;
  now: () => Date;
  log: Logger;
  /** Verifies `channelData.ecare.token`; absent = E-Care identity is never accepted. */
  verifyEcare?: EcareVerifier;
  /** Outcomes and hand-offs are counted here (`src/services/telemetry.ts`). */
  telemetry: Telemetry;
  /** Where hand-offs go (`HANDOFF_TARGET`); absent = the `handoff.initiate` event only. */
  handoffTarget?: HandoffTarget;
  /** After a hand-off was sent: the built-in desk queues the case here. */
  onHandoff?: (context: TurnContext, handoffCase: HandoffCase, transcript: TranscriptEntry[]) => Promise<void>;
}

/** Longer messages are not understood but answered with a request to keep it short. */
export const MAX_MESSAGE_CHARS = 1000;

export const localeOf = (context: TurnContext): Locale => resolveLocale(context.activity.locale);

export const translate = (context: TurnContext, deps: DialogDeps): Translate => deps.translator.forLocale(localeOf(context));

const UNDERSTANDING = Symbol('understanding');

/** The current message as understood; computed once per turn however many steps ask. */
export function understandTurn(context: TurnContext, deps: DialogDeps): Understanding {
  const cached = context.turnState.get<Understanding | undefined>(UNDERSTANDING);
  if (cached) return cached;
  const text = (context.activity.text ?? '').slice(0, MAX_MESSAGE_CHARS);
  const understanding = deps.understand(text, { now: deps.now(), locale: localeOf(context) });
  context.turnState.set(UNDERSTANDING, understanding);
  return understanding;
}

const SIGNALS = Symbol('signals');

/** The current message's signals (src/nlu/signals.ts), read once per turn for the question waiting. */
export function signalsOfTurn(context: TurnContext, deps: DialogDeps, askedLocation: boolean): Signals {
  const cached = context.turnState.get<{ askedLocation: boolean; read: Signals } | undefined>(SIGNALS);
  if (cached?.askedLocation === askedLocation) return cached.read;
  const text = (context.activity.text ?? '').slice(0, MAX_MESSAGE_CHARS);
  const read = deps.signals(text, { askedLocation, locale: localeOf(context) });
  context.turnState.set(SIGNALS, { askedLocation, read });
  return read;
}

const PROGRESS = Symbol('progress');

/** MainDialog marks a turn whose message filled or corrected a slot, and whether it said so. */
export function markProgress(context: TurnContext, acknowledged: boolean): void {
  context.turnState.set(PROGRESS, { acknowledged });
}

export function progressOf(context: TurnContext): { acknowledged: boolean } | undefined {
  return context.turnState.get<{ acknowledged: boolean } | undefined>(PROGRESS);
}

const CASE = Symbol('case');

/**
 * Reads the case from conversation state into the turn, once: MainDialog does it before any
 * dialog runs, and writes it back once with `saveCaseOfTurn` when they are done. In between,
 * every step reads `caseOf` and sets named changes (src/conversation/changes.ts) with `setCase`.
 */
export async function openCase(context: TurnContext, deps: DialogDeps): Promise<void> {
  if (!context.turnState.has(CASE)) context.turnState.set(CASE, await deps.cases.get(context, newCase()));
}

/** The case as this turn has it so far. */
export function caseOf(context: TurnContext): CaseState {
  const state = context.turnState.get<CaseState | undefined>(CASE);
  if (!state) throw new Error('caseOf() before openCase(): only dialogs under MainDialog read the case');
  return state;
}

/** This turn's case from now on. */
export function setCase(context: TurnContext, state: CaseState): void {
  context.turnState.set(CASE, state);
}

/** Hands the turn's case to conversation state, which the bot saves once at the end of the turn. */
export async function saveCaseOfTurn(context: TurnContext, deps: DialogDeps): Promise<void> {
  const state = context.turnState.get<CaseState | undefined>(CASE);
  if (state) await deps.cases.set(context, state);
}

/** botbuilder's ShowTypingMiddleware waits as long before its first indicator. */
export const TYPING_DELAY_MS = 500;

/**
 * Runs `work` with a typing indicator, sent only once the wait is long enough to notice: a
 * fast answer costs no extra post to the channel.
 */
export async function withTyping<T>(context: TurnContext, work: () => Promise<T>, delayMs = TYPING_DELAY_MS): Promise<T> {
  let typing: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    typing = context.sendActivity({ type: 'typing' }).catch(() => undefined);
  }, delayMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    // The indicator goes out before whatever the turn says next.
    await typing;
  }
}

/** Traces are for the Bot Framework Emulator only; other channels never see them. */
export async function emulatorTrace(context: TurnContext, name: string, value: unknown): Promise<void> {
  if (context.activity.channelId !== 'emulator') return;
  await context.sendTraceActivity(name, value, `https://sop007.bot/schemas/${name}`, name);
}

const EcareChannelData = z.object({ ecare: z.object({ token: z.string().min(1).max(8192) }) });

/**
 * The E-Care portal vouches for its logged-in customer with a signed token in
 * `channelData.ecare.token`; only its verified claims are believed (see docs/ecare.md). Anything
 * else under `channelData.ecare` (a plain msisdn) is refused. Undefined = anonymous.
 */
export async function ecareIdentity(context: TurnContext, deps: DialogDeps): Promise<EcareIdentity | undefined> {
  const channelData = context.activity.channelData as { ecare?: unknown } | undefined;
  if (!channelData || typeof channelData !== 'object' || channelData.ecare === undefined) return undefined;
  const parsed = EcareChannelData.safeParse(channelData);
  const result = !parsed.success
    ? { rejected: 'no_token' as const }
    : deps.verifyEcare
      ? await deps.verifyEcare(parsed.data.ecare.token, deps.now())
      : { rejected: 'not_configured' as const };
  if ('rejected' in result) {
    // No token, no number: the reason only. The customer is told nothing.
    deps.log.warn({ event: 'ecare.identity_rejected', reason: result.rejected }, 'E-Care identity rejected');
    return undefined;
  }
  return result;
}

/** Where a later, proactive message about this case goes. */
export function recipientOf(context: TurnContext): Recipient {
  return {
    conversationId: context.activity.conversation.id,
    reference: TurnContext.getConversationReference(context.activity),
    locale: localeOf(context),
  };
}
