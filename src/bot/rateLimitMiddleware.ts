/**
 * Applies the per-conversation message budget before anything else of a turn runs (before
 * the turn lock, so a flood cannot keep a conversation's lock busy either). A message over
 * the budget is acknowledged to the channel (HTTP 200, so it does not retry) and dropped; the
 * first one in a window gets one polite line, the rest nothing.
 */
import type { Middleware, TurnContext } from 'botbuilder';
import { resolveLocale, type Translator } from '../i18n.js';
import type { Logger } from '../log.js';
import type { ConversationRateLimiter } from '../services/rateLimit.js';

export class RateLimitMiddleware implements Middleware {
  constructor(
    private readonly limiter: ConversationRateLimiter,
    private readonly translator: Translator,
    private readonly log: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    // Only customers' messages count: proactive turns and conversation updates are the bot's own.
    if (activity.type !== 'message' || !activity.conversation?.id) return next();
    const decision = await this.limiter.check(activity.conversation.id);
    switch (decision.verdict) {
      case 'allow':
        return next();
      case 'unknown':
        this.log.warn({ event: 'ratelimit.unavailable', err: decision.error }, 'rate limit store failed: message let through');
        return next();
      case 'reject-and-tell':
        this.log.warn({ event: 'turn.rate_limited', conversationId: activity.conversation.id, retryAfterMs: decision.retryAfterMs }, 'conversation over its message budget: further messages dropped for the window');
        await context.sendActivity(this.translator.forLocale(resolveLocale(activity.locale))('errors.tooManyMessages'));
        return;
      case 'reject':
        return;
    }
  }
}
