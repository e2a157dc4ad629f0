/**
 * One turn at a time per conversation, and each channel delivery processed once.
 *
 * Channels deliver at least once (Teams and Direct Line retry after 15 s), and with several
 * instances two messages of one conversation can arrive at two processes at once. The lock
 * (in-process, or in Redis across instances) serialises them; a message that cannot get it
 * in time gets a polite "one moment" instead of a turn on half-written state. An activity id
 * seen before in the conversation is acknowledged and not processed again.
 */
import { ActivityTypes, type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { resolveLocale, type Translator } from '../i18n.js';
import type { Logger } from '../log.js';
import { turnLockKey } from './conversationKeys.js';
import type { LockService } from '../storage/types.js';

/** Enough to cover every channel retry of a turn; older ids fall off. */
const REMEMBERED_IDS = 100;
/** A turn never nears this (backend budgets are a few seconds); a crashed holder frees it after. */
const LOCK_TTL_MS = 30_000;

export interface TurnGuardOptions {
  locks: LockService;
  /** In conversation state, so remembering an id costs no extra read or write. */
  seenIds: StatePropertyAccessor<string[]>;
  /** Stamped on every turn: the retention sweep forgets conversations idle for long. */
  lastActivityAt: StatePropertyAccessor<number>;
  now: () => number;
  translator: Translator;
  log: Logger;
  waitMs: number;
}

/** Only deliveries from the channel carry ids worth de-duplicating; our own proactive turns do not. */
const isChannelDelivery = (context: TurnContext) =>
  Boolean(context.activity.id) && ['message', 'conversationUpdate', 'invoke'].includes(context.activity.type);

export class ConversationBusyError extends Error {
  constructor(readonly conversationId: string) {
    super('the conversation is busy with another turn');
    this.name = 'ConversationBusyError';
  }
}

export class TurnGuard implements Middleware {
  constructor(private readonly options: TurnGuardOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) return next();
    const { locks, log, waitMs } = this.options;
    const lease = await locks.acquire(turnLockKey(conversationId), { ttlMs: LOCK_TTL_MS, waitMs });
    if (!lease) {
      if (context.activity.type !== 'message') {
        // A proactive turn (a delayed ticket, monitoring) must not vanish: its caller retries.
        throw new ConversationBusyError(conversationId);
      }
      log.warn({ event: 'turn.busy', conversationId, activityId: context.activity.id }, 'previous turn still running: answered "one moment"');
      await context.sendActivity(this.options.translator.forLocale(resolveLocale(context.activity.locale))('errors.busy'));
      return;
    }
    try {
      if (isChannelDelivery(context)) {
        const id = context.activity.id!;
        const seen = await this.options.seenIds.get(context, []);
        if (seen.includes(id)) {
          log.info({ event: 'turn.duplicate', conversationId, activityId: id }, 'duplicate delivery acknowledged, not processed again');
          // An invoke is answered in its HTTP response; without one botbuilder says 501.
          if (context.activity.type === (ActivityTypes.Invoke as string)) await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
          return;
        }
        // Saved with the rest of the turn's state: a turn that fails is not remembered, so
        // the channel's retry gets a real answer.
        await this.options.seenIds.set(context, [...seen, id].slice(-REMEMBERED_IDS));
      }
      await this.options.lastActivityAt.set(context, this.options.now());
      await next();
    } finally {
      await lease.release();
    }
  }
}
