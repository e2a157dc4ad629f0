/**
 * The bot's core: outbox, monitor, case services and the bot itself, built in one place for the
 * app (`src/app.ts`) and the dialog tests (`test/support/dialogs.ts`), so both run the same
 * wiring and differ only in what they pass in (scheduler, intervals, notifiers, budgets).
 *
 * Dependency direction, each part made from what exists before it and nothing bound later:
 *
 *   conversation state → adapter → notifiers          (the caller's: they need the channel)
 *     → outbox (tells of delayed tickets through a notifier)
 *     → monitor (notes through the outbox, tells through a notifier)
 *     → case services (outbox + monitor) → bot (services, on the same conversation state)
 *
 * One call runs against that direction: the outbox's "a delayed ticket was created" event, which
 * the monitor answers first (`ticketCreated`: the watch takes the ticket) before the customer is
 * told. The outbox raises it only from its retry pass, which starts after all of this exists;
 * the handler reads `monitor`, a constant, not a slot filled in afterwards.
 */
import type { Middleware } from 'botbuilder';
import type { Translator } from '../i18n.js';
import type { Logger } from '../log.js';
import type { BackendClient } from '../services/backend/client.js';
import type { Telemetry } from '../services/telemetry.js';
import { createCaseServices, type CaseServices } from '../services/caseServices.js';
import { Monitor, type MonitorNotifier, type Scheduler } from '../services/monitoring/index.js';
import { Outbox, type OutboxOptions } from '../services/outbox.js';
import type { KeyValueStore, LockService } from '../storage/types.js';
import { assembleBot, type BotParts } from './assemble.js';
import type { SopBot } from './bot.js';
import type { BotStateParts } from './state.js';

/** "Your ticket has been created" (or "added to your open ticket"), said in the customer's conversation. */
export type DelayedTicketNotifier = NonNullable<OutboxOptions['onDelayedTicketCreated']>;

/** How the core speaks to customers outside their turns (`src/bot/proactive.ts`; no-ops in dialog tests). */
export interface CoreNotifiers {
  delayedTicket: DelayedTicketNotifier;
  monitor: MonitorNotifier;
}

export interface CoreOptions {
  store: KeyValueStore;
  locks: LockService;
  client: BackendClient;
  /** Made first (`createBotState`): the adapter and the notifiers use the same one. */
  state: BotStateParts;
  notifiers: CoreNotifiers;
  translator: Translator;
  log: Logger;
  now?: () => Date;
  outbox: Pick<OutboxOptions, 'retry' | 'sendBudgetMs'>;
  monitor: { scheduler: Scheduler; intervalMs: number; horizonMs: number };
  /** Within a turn: a diagnosis, and the first try of a ticket or a note. */
  budgetMs: number;
  bot: Pick<BotParts, 'lockWaitMs' | 'rateLimiter' | 'verifyEcare' | 'teamsAllowedTenants' | 'handoff'>;
  /** Where turns, outcomes, hand-offs, tickets and time to active are counted (default: nowhere). */
  telemetry?: Telemetry;
  /** Wraps the real services before the bot gets them (tests count or fail calls). */
  wrapServices?: (services: CaseServices) => CaseServices;
}

export interface Core {
  outbox: Outbox;
  monitor: Monitor;
  /** What the bot was given (after `wrapServices`). */
  services: CaseServices;
  bot: SopBot;
  /** To `adapter.use(...)`, in this order, before the bot runs. */
  middleware: Middleware[];
}

export function createCore(o: CoreOptions): Core {
  const { store, locks, client, log, notifiers } = o;
  const outbox = new Outbox({
    store,
    locks,
    client,
    log,
    telemetry: o.telemetry,
    ...o.outbox,
    // The one call back (see above): the watch takes the ticket, then the customer hears of it.
    onDelayedTicketCreated: async (recipient, ticket, how) => {
      await monitor.ticketCreated(recipient.conversationId, ticket.ticketId);
      await notifiers.delayedTicket(recipient, ticket, how);
    },
  });
  const monitor = new Monitor({ store, client, outbox, notifier: notifiers.monitor, log, telemetry: o.telemetry, ...o.monitor });
  const real = createCaseServices(client, outbox, monitor, { budgetMs: o.budgetMs, log });
  const services = o.wrapServices ? o.wrapServices(real) : real;
  const { bot, middleware } = assembleBot({ state: o.state, services, translator: o.translator, log, locks, now: o.now, telemetry: o.telemetry, ...o.bot });
  return { outbox, monitor, services, bot, middleware };
}
