/**
 * Wiring: config → logger → translations → storage → adapter → bot → server. Used by the
 * process entry (`index.ts`) and by end-to-end tests, which start the very same app.
 */
import type { AddressInfo } from 'node:net';
import { ConversationState, MemoryStorage, type Storage } from 'botbuilder';
import { createAdapter } from './bot/adapter.js';
import { SopBot } from './bot/bot.js';
import type { Config } from './config.js';
import { MainDialog } from './dialogs/mainDialog.js';
import { createTranslator } from './i18n.js';
import { createLogger, type Logger } from './log.js';
import { createServer, type BotServer } from './server.js';

export interface AppOverrides {
  log?: Logger;
  storage?: Storage;
}

export interface RunningApp {
  readonly url: string;
  readonly address: AddressInfo;
  readonly server: BotServer;
  /** Graceful: lets in-flight turns finish within SHUTDOWN_GRACE_MS. */
  stop(): Promise<void>;
}

export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<RunningApp> {
  const log = overrides.log ?? createLogger({ level: config.LOG_LEVEL });
  const translator = createTranslator();
  const storage = overrides.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const adapter = createAdapter(config, { log, translator, conversationState });
  const bot = new SopBot({ conversationState, translator, mainDialog: new MainDialog(translator) });

  const server = createServer({
    log,
    maxBodyBytes: config.MAX_BODY_BYTES,
    handleActivity: (req, res) => adapter.handle(req, res, (context) => bot.run(context)),
  });
  const address = await server.listen(config.PORT, config.HOST);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  log.info({ url, anonymous: !config.MicrosoftAppId }, 'bot listening');

  return {
    url,
    address,
    server,
    async stop() {
      await server.shutdown(config.SHUTDOWN_GRACE_MS);
    },
  };
}
