/**
 * The bot as one unit: dialogs, activity handler and the middleware they rely on, on a
 * conversation state made before it (`createBotState`). The app puts it behind the HTTP
 * adapter; dialog tests put the same unit behind a TestAdapter (both through `createCore`).
 */
import type { Middleware } from 'botbuilder';
import type { TranscriptEntry } from '../contracts/backend.js';
import { MainDialog } from '../dialogs/mainDialog.js';
import type { Translator } from '../i18n.js';
import type { Logger } from '../log.js';
import { signals, understand } from '../nlu/understand.js';
import type { CaseServices } from '../services/caseServices.js';
import type { EcareVerifier } from '../services/ecareIdentity.js';
import type { LockService } from '../storage/types.js';
import type { ConversationRateLimiter } from '../services/rateLimit.js';
import { TeamsIncoming } from '../channels/teams/incoming.js';
import { TeamsOutgoing } from '../channels/teams/outgoing.js';
import { SopBot, type BotDeps } from './bot.js';
import { BridgedDelivery } from './bridgedDelivery.js';
import { handoffStatusHandler } from './handoffStatus.js';
import type { DialogDeps } from '../dialogs/turn.js';
import { LAST_ACTIVITY_PROPERTY } from './conversationKeys.js';
import { RateLimitMiddleware } from './rateLimitMiddleware.js';
import type { BotStateParts } from './state.js';
import { TranscriptRecorder } from './transcript.js';
import { TurnGuard } from './turnGuard.js';
import { TurnMetrics } from './turnMetrics.js';
import { noTelemetry, type Telemetry } from '../services/telemetry.js';

export interface BotParts {
  state: BotStateParts;
  services: CaseServices;
  translator: Translator;
  log: Logger;
  locks: LockService;
  /** How long a message waits for the previous turn of its conversation. */
  lockWaitMs: number;
  /** Per-conversation message budget; none in dialog tests, which send what they mean to. */
  rateLimiter?: ConversationRateLimiter;
  now?: () => Date;
  /** Verifies E-Care identity tokens; absent = E-Care identity not accepted. */
  verifyEcare?: EcareVerifier;
  /** Turns, outcomes, hand-offs (`src/services/telemetry.ts`); none in dialog tests unless given. */
  telemetry?: Telemetry;
  /** Teams tenants allowed (`TEAMS_ALLOWED_TENANTS`); empty or absent = any. */
  teamsAllowedTenants?: readonly string[];
  /** Where hand-offs go and what the desk does with one (src/channels/handoff, src/desk). */
  handoff?: Pick<DialogDeps, 'handoffTarget' | 'onHandoff'> & Pick<BotDeps, 'deskIntercept'>;
}

export interface AssembledBot {
  bot: SopBot;
  /** To `adapter.use(...)`, in this order, before the bot runs. */
  middleware: Middleware[];
}

export function assembleBot(parts: BotParts): AssembledBot {
  const { state, services, translator, log } = parts;
  const { conversationState, cases } = state;
  const now = parts.now ?? (() => new Date());
  const telemetry = parts.telemetry ?? noTelemetry;
  const transcript = conversationState.createProperty<TranscriptEntry[]>('transcript');
  const reportNluError = (err: unknown) => log.error({ event: 'nlu.failed', err }, 'understanding a message failed; the customer is asked again');
  const mainDialog = new MainDialog({
    cases,
    transcript,
    translator,
    services,
    // Understanding never throws; a bug it swallows on an odd message is still an operator's concern.
    understand: (text, options) => understand(text, { ...options, timeZone: 'Asia/Jakarta', onError: reportNluError }),
    signals: (text, options) => signals(text, { ...options, onError: reportNluError }),
    now,
    log,
    verifyEcare: parts.verifyEcare,
    telemetry,
    handoffTarget: parts.handoff?.handoffTarget,
    onHandoff: parts.handoff?.onHandoff,
  });
  const seenIds = conversationState.createProperty<string[]>('seenActivityIds');
  const lastActivityAt = conversationState.createProperty<number>(LAST_ACTIVITY_PROPERTY);
  return {
    bot: new SopBot({
      conversationState,
      translator,
      mainDialog,
      deskIntercept: parts.handoff?.deskIntercept,
      onHandoffStatus: handoffStatusHandler({ cases, agentJoined: conversationState.createProperty<boolean>('handoffAgentJoined'), translator, log }),
    }),
    middleware: [
      new TurnMetrics(telemetry),
      // Teams' input made plain (tenant, mentions, card presses, locale) before anything reads it.
      new TeamsIncoming({ allowedTenants: parts.teamsAllowedTenants ?? [], translator, log }),
      // A flood is dropped before it can take the turn lock or read state.
      ...(parts.rateLimiter ? [new RateLimitMiddleware(parts.rateLimiter, translator, log)] : []),
      // The guard comes next: nothing reads state before the conversation's lock is held.
      new TurnGuard({ locks: parts.locks, seenIds, lastActivityAt, now: () => now().getTime(), translator, log, waitMs: parts.lockWaitMs }),
      new TranscriptRecorder(transcript),
      // Omnichannel: every message for the customer is marked bridged.
      ...(parts.handoff?.handoffTarget?.name === 'omnichannel' ? [new BridgedDelivery()] : []),
      // Last: every other send handler sees what the dialogs said; Teams gets it as Teams shows it.
      new TeamsOutgoing(translator, log),
    ],
  };
}
