/**
 * The Prometheus side of `Telemetry` (prom-client): one Registry per app (never the global
 * one, so two apps in one test process do not share counts), Node's default metrics, and
 * every label value from the fixed sets of `src/services/telemetry.ts`.
 *
 * Counters and histograms are per process (Prometheus sums the instances). The two gauges
 * that describe shared state — the outbox and the watched numbers — are read from the store
 * at scrape time instead, so each instance reports the same, correct total.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import {
  BACKEND_RESULTS,
  BACKEND_SYSTEMS,
  CHANNELS,
  ENDINGS,
  HANDOFF_REASONS,
  HANDOFF_TARGETS,
  OUTCOMES,
  TICKET_RESULTS,
  channelLabel,
  handoffReasonLabel,
  type Telemetry,
} from '../telemetry.js';

/** Scrape-time readings of shared state. */
export interface SharedState {
  outbox(): Promise<{ pending: number; failed: number }>;
  activeWatches(): Promise<number>;
}

export interface PrometheusTelemetry extends Telemetry {
  readonly registry: Registry;
}

/** Turns take tens of milliseconds to a few seconds (a diagnosis is bounded by DIAGNOSIS_BUDGET_MS). */
const TURN_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13];
const BACKEND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** Minutes to the monitoring horizon (72 h by default). */
const ACTIVE_BUCKETS = [60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 172_800, 259_200];

export function createPrometheusTelemetry(shared: SharedState, options: { defaultMetrics?: boolean } = {}): PrometheusTelemetry {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const turns = new Counter({ name: 'sop007_turns_total', help: 'Turns (customer messages processed), by channel.', labelNames: ['channel'], registers });
  const turnDuration = new Histogram({ name: 'sop007_turn_duration_seconds', help: 'Time from a message arriving to the turn finishing, by channel.', labelNames: ['channel'], buckets: TURN_BUCKETS, registers });
  const outcomes = new Counter({ name: 'sop007_outcomes_total', help: "Outcomes of SOP-007's decision table.", labelNames: ['outcome'], registers });
  const handoffs = new Counter({ name: 'sop007_handoffs_total', help: 'Conversations handed to a human agent, by reason and target.', labelNames: ['reason', 'target'], registers });
  const backend = new Histogram({ name: 'sop007_backend_request_duration_seconds', help: 'Backend requests (retries included), by system and result.', labelNames: ['system', 'result'], buckets: BACKEND_BUCKETS, registers });
  const tickets = new Counter({ name: 'sop007_tickets_total', help: 'Ticket submissions, by result.', labelNames: ['result'], registers });
  const conversations = new Counter({ name: 'sop007_conversations_total', help: 'Conversations ended, by ending (contained, escalated, cancelled, abandoned).', labelNames: ['ending'], registers });
  const timeToActive = new Histogram({ name: 'sop007_time_to_active_seconds', help: 'From the ticket (start of monitoring) to the number seen active again.', buckets: ACTIVE_BUCKETS, registers });

  new Gauge({
    name: 'sop007_outbox_entries',
    help: 'Tickets and notes held in the outbox (shared store), by state.',
    labelNames: ['state'],
    registers,
    async collect() {
      const { pending, failed } = await shared.outbox();
      this.set({ state: 'pending' }, pending);
      this.set({ state: 'failed' }, failed);
    },
  });
  new Gauge({
    name: 'sop007_watches_active',
    help: 'Numbers being monitored until they are active again (shared store).',
    registers,
    async collect() {
      this.set(await shared.activeWatches());
    },
  });

  // Every label combination is exported from the start at 0, so increase() and the ratios of
  // docs/operations.md count the first event of a kind (a series born at 1 shows no increase)
  // and the series set is visibly bounded. `labels()` alone exports nothing: inc by 0, zero().
  for (const channel of CHANNELS) {
    turns.inc({ channel }, 0);
    turnDuration.zero({ channel });
  }
  for (const outcome of OUTCOMES) outcomes.inc({ outcome }, 0);
  for (const reason of HANDOFF_REASONS) for (const target of HANDOFF_TARGETS) handoffs.inc({ reason, target }, 0);
  for (const system of BACKEND_SYSTEMS) for (const result of BACKEND_RESULTS) backend.zero({ system, result });
  for (const result of TICKET_RESULTS) tickets.inc({ result }, 0);
  for (const ending of ENDINGS) conversations.inc({ ending }, 0);

  return {
    registry,
    turn(channel, seconds) {
      const label = channelLabel(channel);
      turns.inc({ channel: label });
      turnDuration.observe({ channel: label }, seconds);
    },
    outcome: (code) => outcomes.inc({ outcome: code }),
    handoff: (reason, target) => handoffs.inc({ reason: handoffReasonLabel(reason), target }),
    backendRequest: (system, result, seconds) => backend.observe({ system, result }, seconds),
    ticket: (result) => tickets.inc({ result }),
    conversationEnded: (ending) => conversations.inc({ ending }),
    timeToActive: (seconds) => timeToActive.observe(seconds),
  };
}
