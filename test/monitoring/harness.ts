/**
 * Monitors wired to the real simulator over HTTP and the real outbox, with a notifier that
 * records what the customer would have been sent. Short intervals: the tests run in real time.
 */
import { vi } from 'vitest';
import { silentLogger, type Logger } from '../../src/log.js';
import { createBackendClient, type BackendClient } from '../../src/services/backend/client.js';
import { Monitor, type MonitorNotifier, type MonitorOptions } from '../../src/services/monitoring/monitor.js';
import type { Scheduler } from '../../src/services/monitoring/scheduler.js';
import { StoreScheduler } from '../../src/services/monitoring/storeScheduler.js';
import { Outbox, type Recipient } from '../../src/services/outbox.js';
import type { Simulator } from '../../src/simulator/server.js';
import type { KeyValueStore, LockService } from '../../src/storage/types.js';
import { ticketRequest } from '../services/samples.js';

export const BLOCKED = '6281100000007';
export const REFRESHED = '6281100000010';

export type Sent = { kind: 'numberActive' | 'monitoringEnded' | 'refreshFollowUp'; conversationId: string; ticketId?: string | null; locale: string };

/** One list shared by every instance: "exactly one message in total". */
export class RecordingNotifier implements MonitorNotifier {
  constructor(readonly sent: Sent[] = []) {}
  async numberActive(r: Recipient, info: { ticketId: string | null }) {
    this.sent.push({ kind: 'numberActive', conversationId: r.conversationId, ticketId: info.ticketId, locale: r.locale });
  }
  async monitoringEnded(r: Recipient, info: { ticketId: string | null }) {
    this.sent.push({ kind: 'monitoringEnded', conversationId: r.conversationId, ticketId: info.ticketId, locale: r.locale });
  }
  async refreshFollowUp(r: Recipient) {
    this.sent.push({ kind: 'refreshFollowUp', conversationId: r.conversationId, locale: r.locale });
  }
}

export const recipient = (conversationId: string, locale = 'id'): Recipient => ({
  conversationId,
  reference: { conversation: { id: conversationId }, channelId: 'emulator' },
  locale,
});

/** One GET per system per check (no client retry), so `failNext(n)` costs exactly n checks. */
export function makeClient(simulator: Simulator): BackendClient {
  return createBackendClient({ baseUrl: simulator.url, timeoutMs: 1000, retryGets: false });
}

/** A K44 ticket for the blocked demo number, as the ticket flow would have created it. */
export async function createTicket(client: BackendClient, key = `sop007-ticket-monitor-${Math.random().toString(36).slice(2)}`): Promise<string> {
  const created = await client.createTicket(ticketRequest(), key);
  if (created.status !== 'created' && created.status !== 'replayed') throw new Error(`ticket not created: ${created.status}`);
  return created.ticket.ticketId;
}

export interface Instance {
  monitor: Monitor;
  scheduler: Scheduler;
  notifier: RecordingNotifier;
  /** How often this instance asked the outbox for a note (the simulator de-duplicates; this does not). */
  noteCalls: () => number;
  dscCalls: () => number;
}

export interface InstanceOptions {
  simulator: Simulator;
  store: KeyValueStore;
  locks: LockService;
  sent?: Sent[];
  scheduler?: Scheduler;
  intervalMs?: number;
  horizonMs?: number;
  log?: Logger;
  monitor?: Partial<MonitorOptions>;
}

export function makeInstance(o: InstanceOptions): Instance {
  const log = o.log ?? silentLogger;
  const real = makeClient(o.simulator);
  let dsc = 0;
  const client: BackendClient = Object.assign(Object.create(real) as BackendClient, {
    getSubscriberProfile: (...args: Parameters<BackendClient['getSubscriberProfile']>) => {
      dsc += 1;
      return real.getSubscriberProfile(...args);
    },
  });
  const outbox = new Outbox({ store: o.store, locks: o.locks, client: real, log, retry: { baseMs: 50, maxMs: 200, maxAttempts: 5 } });
  let notes = 0;
  const scheduler = o.scheduler ?? new StoreScheduler({ store: o.store, locks: o.locks, log, pollMs: 10, retryMs: 100 });
  const notifier = new RecordingNotifier(o.sent);
  const monitor = new Monitor({
    scheduler,
    store: o.store,
    client,
    outbox: {
      submitNote: (...args) => {
        notes += 1;
        return outbox.submitNote(...args);
      },
    },
    notifier,
    log,
    intervalMs: o.intervalMs ?? 60,
    horizonMs: o.horizonMs ?? 60_000,
    ...o.monitor,
  });
  return { monitor, scheduler, notifier, noteCalls: () => notes, dscCalls: () => dsc };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A logger whose error/warn calls can be asserted. */
export function spyLogger(): Logger {
  return { ...silentLogger, error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn(), child: () => silentLogger } as unknown as Logger;
}
