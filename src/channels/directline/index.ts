/**
 * The Direct Line channel assembled: tokens, history in the app's store, live push (Redis
 * pub/sub with several instances), the in-process adapter, the REST routes and the
 * WebSocket streams, as one RouteGroup for `createServer`.
 */
import type { TurnContext } from 'botbuilder';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RouteGroup } from '../../http/routeGroup.js';
import type { Logger } from '../../log.js';
import type { EcareVerifier } from '../../services/ecareIdentity.js';
import { PeriodicPass } from '../../services/periodicPass.js';
import type { KeyValueStore } from '../../storage/types.js';
import { DirectLineAdapter } from './adapter.js';
import { mountCors } from './cors.js';
import { ConversationHistory } from './history.js';
import { createLivePush } from './livePush.js';
import { directLineRoutes } from './routes.js';
import { attachStreams } from './streams.js';
import { createTokenService, randomId } from './tokens.js';

export { DirectLineAdapter } from './adapter.js';

export interface DirectLineOptions {
  /** DIRECT_LINE_SECRET; unset = one made at start (tokens then die with the process). */
  secret?: string;
  store: KeyValueStore;
  redis?: { client: Redis; prefix: string };
  log: Logger;
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
  verifyEcare: EcareVerifier;
  maxBodyBytes: number;
  /** CONVERSATION_RETENTION_HOURS in ms: history is forgotten with the conversation. */
  retentionMs: number;
  /** How often old histories are looked for; default a quarter of the retention, between 10 s and an hour. */
  retentionSweepMs?: number;
  /** True while the bot still keeps a conversation past the retention (its number is watched): its history stays too. */
  stillNeeded?: (conversationId: string) => Promise<boolean>;
  /** DIRECT_LINE_TOKEN_TTL_SECONDS; default 30 minutes. */
  tokenLifetimeS?: number;
  /** `/chat/token` per client IP and minute. */
  chatTokensPerMinute?: number;
  /** CHAT_ALLOWED_ORIGINS: browser pages on these origins may call the routes (CORS). */
  allowedOrigins?: readonly string[];
  now?: () => Date;
}

export interface DirectLine {
  /** Made before the bot (proactive sends route to it); `use` the core's middleware on it. */
  adapter: DirectLineAdapter;
  history: ConversationHistory;
  /** The routes and streams, once the bot exists. */
  routes(logic: (context: TurnContext) => Promise<void>): RouteGroup;
}

export function createDirectLine(o: DirectLineOptions): DirectLine {
  let secret = o.secret;
  if (!secret) {
    secret = randomId('') + randomId('');
    o.log.warn({ event: 'directline.secret_generated' }, 'DIRECT_LINE_SECRET unset: a secret was generated for this run; set DIRECT_LINE_SECRET to keep tokens valid across restarts');
  }
  const now = o.now ?? (() => new Date());
  const tokens = createTokenService(secret, now, o.tokenLifetimeS);
  const history = new ConversationHistory(o.store, () => now().getTime());
  const push = createLivePush(o.redis ? { client: o.redis.client, channel: `${o.redis.prefix}directline:activity` } : undefined);
  const adapter = new DirectLineAdapter({ history, onAppended: (id) => push.publish(id), now });
  adapter.onTurnError = o.onTurnError;
  const points = o.chatTokensPerMinute ?? 10;
  const chatTokenLimiter = o.redis
    ? new RateLimiterRedis({ storeClient: o.redis.client, keyPrefix: `${o.redis.prefix}chat-token`, points, duration: 60 })
    : new RateLimiterMemory({ points, duration: 60 });
  const onError = (error: unknown, where = 'stream') => o.log.error({ event: 'directline.failed', err: error, where }, 'Direct Line request failed');
  return {
    adapter,
    history,
    routes(logic) {
      const rest = directLineRoutes({ tokens, history, adapter, logic, verifyEcare: o.verifyEcare, maxBodyBytes: o.maxBodyBytes, chatTokenLimiter, now, onError });
      let streams: { close(): Promise<void> } | undefined;
      const sweep = new PeriodicPass(
        () => history.forgetOlderThan(o.retentionMs, o.stillNeeded),
        (error) => onError(error, 'retention'),
      );
      return {
        mount(server) {
          mountCors(server, o.allowedOrigins ?? []);
          rest.mount(server);
          streams = attachStreams(server.server, {
            tokens,
            history,
            push,
            onError,
            onSlowConsumer: (conversationId, bufferedBytes) =>
              o.log.warn({ event: 'directline.slow_consumer', conversationId, bufferedBytes }, 'Direct Line socket closed (1013): the client stopped reading'),
          });
          sweep.start(o.retentionSweepMs ?? Math.min(3_600_000, Math.max(10_000, o.retentionMs / 4)));
        },
        async close() {
          await sweep.stop();
          await streams?.close();
          await push.close();
        },
      };
    },
  };
}
