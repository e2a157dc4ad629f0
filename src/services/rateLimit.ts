/**
 * How many messages one conversation may have processed: `RATE_LIMIT_MESSAGES` in every
 * `RATE_LIMIT_WINDOW_SECONDS`. Each message can cost six backend calls and a turn lock, so a
 * client that floods must not be able to make the bot do more; other conversations are never
 * slowed, since each conversation has its own budget.
 *
 * `rate-limiter-flexible` keeps the counters: in memory with one instance, in Redis (one
 * atomic script per message) when instances share state, so a flood spread over instances
 * still counts once. Its windows are fixed (they start at a conversation's first message),
 * which bounds a conversation to twice the limit across a window edge at worst.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface RateLimitOptions {
  /** Messages processed per window (RATE_LIMIT_MESSAGES, default 20). */
  messages: number;
  /** The window in seconds (RATE_LIMIT_WINDOW_SECONDS, default 10). */
  windowSeconds: number;
  /** With several instances: the shared connection, and the prefix of every key this bot writes. */
  redis?: { client: Redis; prefix: string };
}

export type RateDecision =
  /** Process it. */
  | { verdict: 'allow' }
  /** Over the limit, and the first message over it in this window: say "slow down" once. */
  | { verdict: 'reject-and-tell'; retryAfterMs: number }
  /** Over the limit, already told: acknowledge silently. */
  | { verdict: 'reject'; retryAfterMs: number }
  /** The counter store failed: let it through (a Redis hiccup must not silence customers). */
  | { verdict: 'unknown'; error: unknown };

export interface ConversationRateLimiter {
  check(conversationId: string): Promise<RateDecision>;
}

export function createRateLimiter(options: RateLimitOptions): ConversationRateLimiter {
  const { messages, windowSeconds } = options;
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({ storeClient: options.redis.client, keyPrefix: `${options.redis.prefix}ratelimit`, points: messages, duration: windowSeconds })
    : new RateLimiterMemory({ keyPrefix: 'ratelimit', points: messages, duration: windowSeconds });
  return {
    async check(conversationId) {
      try {
        await limiter.consume(conversationId);
        return { verdict: 'allow' };
      } catch (outcome) {
        if (!(outcome instanceof RateLimiterRes)) return { verdict: 'unknown', error: outcome };
        return { verdict: outcome.consumedPoints === messages + 1 ? 'reject-and-tell' : 'reject', retryAfterMs: outcome.msBeforeNext };
      }
    },
  };
}
