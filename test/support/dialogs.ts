/**
 * Drives the real bot unit (dialogs, state, transcript) with botbuilder's TestAdapter, against
 * the built-in simulator through the real HTTP client: only the channel is simulated.
 */
import { TestAdapter, type Activity } from 'botbuilder';
import { handleTurnError } from '../../src/bot/adapter.js';
import { conversationIdOf } from '../../src/bot/conversationKeys.js';
import { createCore, type CoreOptions } from '../../src/bot/core.js';
import { createBotState } from '../../src/bot/state.js';
import { createTranslator, type Translator } from '../../src/i18n.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { createBackendClient } from '../../src/services/backend/client.js';
import type { CaseServices } from '../../src/services/caseServices.js';
import { createEcareVerifier } from '../../src/services/ecareIdentity.js';
import { TEST_ECARE_SECRET } from './ecare.js';
import { StoreScheduler } from '../../src/services/monitoring/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { LocalLockService } from '../../src/storage/localLock.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';

export const translator = createTranslator();
export const tId = translator.forLocale('id');
export const tEn = translator.forLocale('en');

export interface HarnessOptions {
  locale?: string;
  channelId?: string;
  channelData?: unknown;
  /** Sentences from another locales/ directory (e.g. a generated pseudo-locale). */
  translator?: Translator;
  /** Wraps the real services, e.g. to count calls or fail one. */
  wrapServices?: (services: CaseServices) => CaseServices;
  /** The bot's logger (silent by default); test/support/logs.ts captures one to read back. */
  log?: Logger;
  /** Activities keep their own locale and channelData (Teams-shaped tests send whole activities). */
  ownActivityFields?: boolean;
  /** Middleware options the app passes from its configuration. */
  teamsAllowedTenants?: string[];
  /** HANDOFF_TARGET and the desk's hook, as the app passes them. */
  handoff?: CoreOptions['bot']['handoff'];
}

export class DialogHarness {
  readonly all: Partial<Activity>[] = [];

  private constructor(
    readonly adapter: TestAdapter,
    readonly simulator: Simulator,
    /** The bot's store, to check what it keeps. */
    readonly store: MemoryStore,
    private readonly ownsSimulator: boolean,
  ) {}

  static async start(options: HarnessOptions = {}, shared?: Simulator): Promise<DialogHarness> {
    const simulator = shared ?? (await startSimulator({ latencyMs: 0 }));
    const client = createBackendClient({ baseUrl: simulator.url, timeoutMs: 2000, retryDelayMs: 10 });
    const store = new MemoryStore();
    const locks = new LocalLockService();
    const state = createBotState(store);
    // The app's own core; only the channel differs: no proactive messages, and monitoring's
    // first check is far away (dialog tests see only that watches are set).
    const { bot, middleware } = createCore({
      store,
      locks,
      client,
      state,
      notifiers: {
        delayedTicket: async () => undefined,
        monitor: { numberActive: async () => undefined, monitoringEnded: async () => undefined, refreshFollowUp: async () => undefined },
      },
      translator: options.translator ?? translator,
      log: options.log ?? silentLogger,
      outbox: { retry: { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 } },
      monitor: {
        scheduler: new StoreScheduler({ store, locks, log: silentLogger, pollMs: 60_000 }),
        intervalMs: 3_600_000,
        horizonMs: 72 * 3_600_000,
      },
      budgetMs: 5000,
      bot: { lockWaitMs: 2000, verifyEcare: createEcareVerifier({ secret: TEST_ECARE_SECRET }), teamsAllowedTenants: options.teamsAllowedTenants, handoff: options.handoff },
      wrapServices: options.wrapServices,
    });
    const adapter = new TestAdapter(
      async (context) => bot.run(context),
      options.ownActivityFields
        ? { channelId: options.channelId ?? 'emulator' }
        : { locale: options.locale ?? 'id-ID', channelId: options.channelId ?? 'emulator', channelData: options.channelData },
      true,
    );
    adapter.onTurnError = (context, error) => handleTurnError(context, error, { log: silentLogger, translator: options.translator ?? translator, conversationState: state.conversationState });
    for (const m of middleware) adapter.use(m);
    return new DialogHarness(adapter, simulator, store, !shared);
  }

  /** Sends a message; resolves with everything the bot sent during that turn. */
  async say(text: string): Promise<Partial<Activity>[]> {
    return this.send({ type: 'message', text });
  }

  /** Sends a whole activity (its own ids, entities, value); resolves with the turn's replies. */
  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.adapter.receiveActivity(activity);
    const replies: Partial<Activity>[] = [];
    for (let reply = this.adapter.getNextReply(); reply; reply = this.adapter.getNextReply()) replies.push(reply);
    this.all.push(...replies);
    return replies;
  }

  /** Sends an event activity (e.g. a hub's `handoff.status`); resolves with the bot's replies. */
  async event(name: string, value: unknown): Promise<Partial<Activity>[]> {
    await this.adapter.receiveActivity({ type: 'event', name, value });
    const replies: Partial<Activity>[] = [];
    for (let reply = this.adapter.getNextReply(); reply; reply = this.adapter.getNextReply()) replies.push(reply);
    this.all.push(...replies);
    return replies;
  }

  /** The conversation's persisted state (TestAdapter's channel and conversation ids). */
  async conversationState(): Promise<Record<string, unknown> | undefined> {
    const key = (await this.store.keys('')).find((k) => conversationIdOf(k) !== null);
    return key ? (await this.store.read([key]))[key] : undefined;
  }

  async close(): Promise<void> {
    if (this.ownsSimulator) await this.simulator.close();
  }
}

export const texts = (activities: Partial<Activity>[]): string[] =>
  activities.filter((a) => a.type === 'message' && a.text).map((a) => a.text as string);

export const slotPrompts = (activities: Partial<Activity>[]): string[] =>
  activities.filter((a) => a.type === 'trace' && a.name === 'SlotPrompt').map((a) => (a.value as { slot: string }).slot);

export const diagnosisTrace = (activities: Partial<Activity>[]): { outcome: string; evidence: Record<string, unknown> } | undefined =>
  activities.find((a) => a.type === 'trace' && a.name === 'Diagnosis')?.value as { outcome: string; evidence: Record<string, unknown> } | undefined;

export const handoffEvent = (activities: Partial<Activity>[]): Partial<Activity> | undefined =>
  activities.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
