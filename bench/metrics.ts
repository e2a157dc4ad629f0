/**
 * `npm run bench:metrics`: what the Prometheus metrics cost the bot, measured directly (the
 * end-to-end METRICS=on/off comparison of `npm run bench` moves by more than the cost itself):
 * CPU per conversation's worth of metric updates, and the time of one scrape.
 */
import { createPrometheusTelemetry } from '../src/services/metrics/prometheus.js';

const telemetry = createPrometheusTelemetry({ outbox: async () => ({ pending: 0, failed: 0 }), activeWatches: async () => 0 });

/** The updates of one conversation of bench/workload.ts: 9 turns, 8 backend requests, an outcome, a ticket, a hand-off, an ending. */
function conversation(): void {
  for (let i = 0; i < 9; i++) telemetry.turn('webchat', 0.1);
  for (const system of ['dsc', 'billing', 'hlr', 'device', 'crm', 'network', 'tickets', 'tickets'] as const) telemetry.backendRequest(system, 'ok', 0.01);
  telemetry.outcome('TICKET_BLOCKED');
  telemetry.ticket('created');
  telemetry.handoff('OUTCOME', 'desk');
  telemetry.conversationEnded('escalated');
}

const N = 200_000;
for (let i = 0; i < N / 10; i++) conversation(); // warm-up
const before = process.cpuUsage();
for (let i = 0; i < N; i++) conversation();
const used = process.cpuUsage(before);
const perConversation = (used.user + used.system) / N;
const scrapes = 20;
const started = performance.now();
for (let i = 0; i < scrapes; i++) await telemetry.registry.metrics();
console.table({
  'CPU per conversation (µs)': { value: Number(perConversation.toFixed(2)) },
  'CPU per turn (µs)': { value: Number((perConversation / 9).toFixed(2)) },
  'one scrape, default Node metrics included (ms)': { value: Number(((performance.now() - started) / scrapes).toFixed(2)) },
});
