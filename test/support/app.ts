/** Starts the real app in-process on a free port, on the test's configuration. */
import { startApp, type AppOverrides, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { ChannelServer, EmulatedConversation, type ConversationOptions } from './emulator.js';

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
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SHUTDOWN_GRACE_MS: '2000', STORAGE: 'memory', ...env });
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
