/**
 * The composition root. Wiring: config → logger → translations → stores → backend (the built-in
 * simulator when no gateway is configured) → conversation state → adapter → proactive notifiers
 * → the core (outbox → monitor → case services → bot, `src/bot/core.ts`) → server → retention.
 * Used by the process entry (`index.ts`) and by end-to-end tests, which start the very same app.
 */
import type { AddressInfo } from 'node:net';
import { createAdapter, handleTurnError } from './bot/adapter.js';
import { routeByChannel } from './channels/channelRouter.js';
import { createDirectLine } from './channels/directline/index.js';
import { chatPage } from './channels/webchat/page.js';
import { abandonRecords, conversationRecords } from './bot/conversationKeys.js';
import { AbandonmentSweep } from './services/abandonment.js';
import { DailyAggregates } from './services/report/dailyAggregates.js';
import { reportJson } from './services/report/reportJson.js';
import { reportPage } from './services/report/page.js';
import { fanOut } from './services/telemetry.js';
import { createCore } from './bot/core.js';
import { delayedTicketNotifier, monitorNotifier, type ProactiveDeps } from './bot/proactive.js';
import { createBotState } from './bot/state.js';
import { createEcareVerifier } from './services/ecareIdentity.js';
import type { Config } from './config.js';
import { createTranslator } from './i18n.js';
import { createLogger, type Logger } from './log.js';
import { createServer, type BotServer } from './server.js';
import { createBackendClient } from './services/backend/client.js';
import { createScheduler, monitorQueueName } from './services/monitoring/index.js';
import type { Outbox } from './services/outbox.js';
import { tcpReachable } from './services/readiness.js';
import { createRateLimiter } from './services/rateLimit.js';
import { Retention } from './services/retention.js';
import { createPrometheusTelemetry } from './services/metrics/prometheus.js';
import { metricsRoutes } from './services/metrics/route.js';
import { storeSharedState } from './services/metrics/sharedState.js';
import { startSimulator, type Simulator } from './simulator/server.js';
import { createStores } from './storage/index.js';
import { handoffTarget } from './channels/handoff/target.js';
import { deskCustomerChannel, deskHandoffHook, deskIntercept } from './bot/desk.js';
import { createDesk } from './desk/setup.js';

export interface AppOverrides {
  log?: Logger;
  now?: () => Date;
  /** How often the outbox looks for tickets and notes to retry. */
  outboxPollMs?: number;
  /** How often forgotten conversations are looked for; default a quarter of the retention, between 10 s and an hour. */
  retentionSweepMs?: number;
  /** How often abandoned conversations are looked for; default a quarter of ABANDON_AFTER_MINUTES, between 1 s and a minute. */
  abandonSweepMs?: number;
  /** How often this instance adds its counts to the daily report in the store (default 5 s). */
  reportFlushMs?: number;
}

export interface RunningApp {
  readonly url: string;
  readonly address: AddressInfo;
  readonly server: BotServer;
  /** The in-process simulator, when `BACKEND_BASE_URL` is unset. */
  readonly simulator: Simulator | null;
  readonly backendUrl: string;
  readonly outbox: Outbox;
  /** Graceful: lets in-flight turns finish within SHUTDOWN_GRACE_MS. */
  stop(): Promise<void>;
}

export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<RunningApp> {
  const log = overrides.log ?? createLogger({ level: config.LOG_LEVEL });
  const now = overrides.now ?? (() => new Date());
  // A sentence missing in a language is an operator's warning in the app's own log.
  const translator = createTranslator(undefined, { log });
  const stores = await createStores({ kind: config.STORAGE, dataDir: config.DATA_DIR, redisUrl: config.REDIS_URL, redisPrefix: config.REDIS_PREFIX, log });

  const simulator = config.BACKEND_BASE_URL ? null : await startSimulator({ port: 0, host: '127.0.0.1', log, now });
  const backendUrl = config.BACKEND_BASE_URL ?? simulator!.url;
  // The demo's tickets, failure injection and reset are on the simulator's admin page.
  if (simulator) log.info({ event: 'app.simulator', backendUrl, adminUrl: `${backendUrl}/_admin` }, 'BACKEND_BASE_URL unset: using the built-in backend simulator');
  // Operations (issue 19): Prometheus metrics; the gauges read the shared store at scrape time.
  // METRICS=off (docs/benchmarks.md measures the cost): nothing kept, /metrics not served.
  const metrics = config.METRICS === 'on' ? createPrometheusTelemetry(storeSharedState(stores.store)) : null;
  // ... and the daily report's aggregates in the store (counts only), both fed by one port.
  const daily = new DailyAggregates({ store: stores.store, locks: stores.locks, log, retentionDays: config.REPORT_RETENTION_DAYS, now: () => now().getTime() });
  const telemetry = metrics ? fanOut(metrics, daily.telemetry) : daily.telemetry;
  const client = createBackendClient({ baseUrl: backendUrl, apiKey: config.BACKEND_API_KEY, timeoutMs: config.BACKEND_TIMEOUT_MS, log, telemetry });

  // The composition's direction (see src/bot/core.ts): conversation state → adapter →
  // proactive notifiers → outbox → monitor → case services → bot. Each is made from what
  // exists already; nothing is bound after the fact.
  const state = createBotState(stores.store);
  const adapter = createAdapter(config, { log, translator, conversationState: state.conversationState });
  // --- Direct Line (issue 16): the bot's own channel, in-process; proactive sends route by channel.
  const verifyEcare = createEcareVerifier({
    secret: config.ECARE_IDENTITY_SECRET,
    jwksUrl: config.ECARE_IDENTITY_JWKS_URL,
    audience: config.ECARE_IDENTITY_AUDIENCE,
    issuer: config.ECARE_IDENTITY_ISSUER,
  });
  const directLine = createDirectLine({
    secret: config.DIRECT_LINE_SECRET,
    store: stores.store,
    redis: stores.redis ? { client: stores.redis, prefix: config.REDIS_PREFIX } : undefined,
    log,
    onTurnError: (context, error) => handleTurnError(context, error, { log, translator, conversationState: state.conversationState }),
    verifyEcare,
    maxBodyBytes: config.MAX_BODY_BYTES,
    retentionMs: config.CONVERSATION_RETENTION_HOURS * 3_600_000,
    ...(overrides.retentionSweepMs ? { retentionSweepMs: overrides.retentionSweepMs } : {}),
    // The retention sweep keeps a watched conversation's state: its history stays with it.
    // (`monitor` is made below; this runs only at sweep time.)
    stillNeeded: async (conversationId) => {
      const watch = await monitor.current(conversationId);
      return watch !== null && watch.status !== 'done';
    },
    tokenLifetimeS: config.DIRECT_LINE_TOKEN_TTL_SECONDS,
    chatTokensPerMinute: config.CHAT_TOKENS_PER_MINUTE,
    allowedOrigins: config.CHAT_ALLOWED_ORIGINS,
    now,
  });
  const proactive: ProactiveDeps = { adapter: routeByChannel(adapter, { directline: directLine.adapter }), appId: config.MicrosoftAppId ?? '', translator, ...state };
  // --- agent desk (HANDOFF_TARGET=desk, docs/desk.md). Its ticket notes go through the outbox,
  // made by createCore below: the closure reads `outbox` only when an agent closes a case.
  const desk =
    config.HANDOFF_TARGET === 'desk'
      ? await createDesk({
          config,
          stores,
          log,
          now,
          customer: deskCustomerChannel(proactive, state.cases),
          submitNote: (ticketId, note, conversationId) => outbox.submitNote(ticketId, note, conversationId, config.DIAGNOSIS_BUDGET_MS),
        })
      : null;
  // --- end agent desk
  const scheduler = createScheduler({
    kind: config.STORAGE,
    store: stores.store,
    locks: stores.locks,
    redisUrl: config.REDIS_URL,
    queueName: monitorQueueName(config.REDIS_PREFIX),
    log,
    pollMs: Math.min(1000, config.MONITOR_INTERVAL_SECONDS * 500),
  });
  const { bot, outbox, monitor, middleware } = createCore({
    store: stores.store,
    locks: stores.locks,
    client,
    state,
    notifiers: { delayedTicket: delayedTicketNotifier(proactive), monitor: monitorNotifier(proactive) },
    translator,
    log,
    now,
    outbox: {
      retry: { baseMs: config.OUTBOX_RETRY_BASE_MS, maxMs: 5 * 60_000, maxAttempts: config.OUTBOX_MAX_ATTEMPTS },
      sendBudgetMs: config.DIAGNOSIS_BUDGET_MS,
    },
    monitor: {
      scheduler,
      intervalMs: config.MONITOR_INTERVAL_SECONDS * 1000,
      horizonMs: config.MONITOR_HORIZON_HOURS * 3_600_000,
    },
    budgetMs: config.DIAGNOSIS_BUDGET_MS,
    telemetry,
    bot: {
      lockWaitMs: config.TURN_LOCK_WAIT_MS,
      verifyEcare,
      teamsAllowedTenants: config.TEAMS_ALLOWED_TENANTS,
      rateLimiter: createRateLimiter({
        messages: config.RATE_LIMIT_MESSAGES,
        windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
        redis: stores.redis ? { client: stores.redis, prefix: config.REDIS_PREFIX } : undefined,
      }),
      // HANDOFF_TARGET (docs/desk.md).
      handoff: {
        handoffTarget: handoffTarget(config.HANDOFF_TARGET, { livePersonSkill: config.LIVEPERSON_SKILL }),
        ...(desk ? { onHandoff: deskHandoffHook(desk.service, translator), deskIntercept: deskIntercept(desk.service, translator) } : {}),
      },
    },
  });
  for (const m of middleware) adapter.use(m);
  for (const m of middleware) directLine.adapter.use(m);

  const server = createServer({
    log,
    maxBodyBytes: config.MAX_BODY_BYTES,
    handleActivity: (req, res) => adapter.handle(req, res, (context) => bot.run(context)),
    readiness: {
      backend: tcpReachable(backendUrl),
      storage: () => stores.store.ping(),
      outbox: async () => {
        const { pending, failed } = await outbox.summary();
        return { ok: true, detail: { pending, failed } };
      },
    },
    adminRoutes: { outbox: () => outbox.summary(), 'report.json': () => reportJson(daily, now().getTime()) },
    adminToken: config.ADMIN_TOKEN,
    routes: [
      ...(metrics ? [metricsRoutes({ registry: metrics.registry, token: config.METRICS_TOKEN, log })] : []),
      directLine.routes((context) => bot.run(context)),
      chatPage({ translator, retentionHours: config.CONVERSATION_RETENTION_HOURS, frameAncestors: config.CHAT_ALLOWED_ORIGINS }),
      // The report page (docs/operations.md): a shell; its numbers come from /admin/report.json.
      reportPage({ log }),
      ...(desk ? [desk.routes] : []),
    ],
  });
  const address = await server.listen(config.PORT, config.HOST);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  // Tickets left in the outbox by an earlier run (a crash, a restart) go out now.
  outbox.start(overrides.outboxPollMs ?? 1000);
  await monitor.start();
  desk?.start();
  const retentionMs = config.CONVERSATION_RETENTION_HOURS * 3_600_000;
  const retention = new Retention({
    store: stores.store,
    locks: stores.locks,
    conversations: conversationRecords,
    log,
    retentionMs,
    now: () => now().getTime(),
  });
  retention.start(overrides.retentionSweepMs ?? Math.min(3_600_000, Math.max(10_000, retentionMs / 4)));
  // Operations: conversations left without an ending for ABANDON_AFTER_MINUTES count as abandoned.
  const abandonment = new AbandonmentSweep({
    store: stores.store,
    locks: stores.locks,
    records: abandonRecords,
    telemetry,
    log,
    abandonAfterMs: config.ABANDON_AFTER_MINUTES * 60_000,
    now: () => now().getTime(),
  });
  daily.start(overrides.reportFlushMs ?? 5000);
  abandonment.start(overrides.abandonSweepMs ?? Math.min(60_000, Math.max(1000, config.ABANDON_AFTER_MINUTES * 15_000)));
  log.info({ event: 'app.listening', url, anonymous: !config.MicrosoftAppId, storage: config.STORAGE }, 'bot listening');
  log.flush();

  return {
    url,
    address,
    server,
    simulator,
    backendUrl,
    outbox,
    async stop() {
      await server.shutdown(config.SHUTDOWN_GRACE_MS);
      await retention.stop();
      await abandonment.stop();
      await daily.stop();
      await monitor.stop();
      await desk?.stop();
      await outbox.stop();
      await stores.close();
      await simulator?.close();
      await new Promise<void>((resolve) => log.flush(() => resolve()));
    },
  };
}
