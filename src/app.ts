/**
 * Wiring: config → logger → translations → backend (the built-in simulator when no gateway is
 * configured) → storage → adapter → bot → server. Used by the process entry (`index.ts`) and
 * by end-to-end tests, which start the very same app.
 */
import type { AddressInfo } from 'node:net';
import { MemoryStorage, type Storage } from 'botbuilder';
import { createAdapter } from './bot/adapter.js';
import { assembleBot } from './bot/assemble.js';
import type { Config } from './config.js';
import { createTranslator } from './i18n.js';
import { createLogger, type Logger } from './log.js';
import { createServer, type BotServer } from './server.js';
import { createBackendClient } from './services/backend/client.js';
import { createCaseServices, type CaseServices } from './services/caseServices.js';
import { tcpReachable } from './services/readiness.js';
import { startSimulator, type Simulator } from './simulator/server.js';

export interface AppOverrides {
  log?: Logger;
  storage?: Storage;
  /** Replaces the backend port entirely (dialog-level fakes). */
  services?: CaseServices;
  now?: () => Date;
}

export interface RunningApp {
  readonly url: string;
  readonly address: AddressInfo;
  readonly server: BotServer;
  /** The in-process simulator, when `BACKEND_BASE_URL` is unset. */
  readonly simulator: Simulator | null;
  readonly backendUrl: string;
  /** Graceful: lets in-flight turns finish within SHUTDOWN_GRACE_MS. */
  stop(): Promise<void>;
}

export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<RunningApp> {
  const log = overrides.log ?? createLogger({ level: config.LOG_LEVEL });
  const now = overrides.now ?? (() => new Date());
  const translator = createTranslator();

  const simulator = config.BACKEND_BASE_URL ? null : await startSimulator({ port: 0, host: '127.0.0.1', log, now });
  const backendUrl = config.BACKEND_BASE_URL ?? simulator!.url;
  if (simulator) log.info({ backendUrl }, 'BACKEND_BASE_URL unset: using the built-in backend simulator');
  const client = createBackendClient({ baseUrl: backendUrl, apiKey: config.BACKEND_API_KEY, timeoutMs: config.BACKEND_TIMEOUT_MS, log });
  const services = overrides.services ?? createCaseServices(client, { budgetMs: config.DIAGNOSIS_BUDGET_MS, log });

  const storage = overrides.storage ?? new MemoryStorage();
  const { bot, conversationState, middleware } = assembleBot({ storage, services, translator, log, now });
  const adapter = createAdapter(config, { log, translator, conversationState });
  for (const m of middleware) adapter.use(m);

  const server = createServer({
    log,
    maxBodyBytes: config.MAX_BODY_BYTES,
    handleActivity: (req, res) => adapter.handle(req, res, (context) => bot.run(context)),
    readiness: { backend: tcpReachable(backendUrl) },
  });
  const address = await server.listen(config.PORT, config.HOST);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  log.info({ url, anonymous: !config.MicrosoftAppId }, 'bot listening');

  return {
    url,
    address,
    server,
    simulator,
    backendUrl,
    async stop() {
      await server.shutdown(config.SHUTDOWN_GRACE_MS);
      await simulator?.close();
    },
  };
}
