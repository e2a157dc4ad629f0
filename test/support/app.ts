/** Starts the real app in-process on a free port, on the test's configuration. */
import { startApp, type AppOverrides, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { monitorQueueName } from '../../src/services/monitoring/index.js';
import { ChannelServer, EmulatedConversation, type ConversationOptions } from './emulator.js';
import { deleteKeysWithPrefix, redisSuite, requireRedis, uniquePrefix } from './redis.js';

export interface TestBot {
  app: RunningApp;
  channel: ChannelServer;
  conversation(options?: ConversationOptions): EmulatedConversation;
  stop(): Promise<void>;
}

export async function startTestBot(
  env: Record<string, string> = {},
  log: Logger = silentLogger,
  overrides: AppOverrides = {},
): Promise<TestBot> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SHUTDOWN_GRACE_MS: '2000', STORAGE: 'memory', HANDOFF_TARGET: 'event', ...env });
  const app = await startApp(config, { log, outboxPollMs: 100, ...overrides });
  const channel = await new ChannelServer().start();
  return {
    app,
    channel,
    conversation: (options) => new EmulatedConversation(app.url, channel, options),
    async stop() {
      await app.stop();
      await channel.stop();
    },
  };
}

/** Two instances sharing one Redis (state, locks, monitoring queue), cleaned up on stop. */
export async function startRedisPair(label: string, env: Record<string, string>): Promise<{ a: TestBot; b: TestBot; stop(): Promise<void> }> {
  requireRedis();
  const prefix = uniquePrefix(label);
  const shared = { STORAGE: 'redis', REDIS_URL: redisSuite.url, REDIS_PREFIX: prefix, ...env };
  const a = await startTestBot(shared);
  const b = await startTestBot(shared);
  return {
    a,
    b,
    async stop() {
      await a.stop();
      await b.stop();
      await deleteKeysWithPrefix(prefix);
      await deleteKeysWithPrefix(`bull:${monitorQueueName(prefix)}`);
    },
  };
}
