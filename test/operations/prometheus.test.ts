/** Each metric's update, on its own Registry; label values stay in their fixed sets. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPrometheusTelemetry } from '../../src/services/metrics/prometheus.js';
import { BACKEND_RESULTS, BACKEND_SYSTEMS, backendResultOf, backendSystemLabel, CHANNELS, channelLabel, ENDINGS, HANDOFF_REASONS, HANDOFF_TARGETS, OUTCOMES, TICKET_RESULTS } from '../../src/services/telemetry.js';
import { parsePromText, valueOf } from '../support/promText.js';

const PROM_CLIENT_DEFAULTS = /^nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/;
const shared = { outbox: async () => ({ pending: 3, failed: 1 }), activeWatches: async () => 7 };
const scrape = async (t: ReturnType<typeof createPrometheusTelemetry>) => parsePromText(await t.registry.metrics());

function promtool(): string | null {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return 'promtool';
  } catch {
    return null;
  }
}

describe('Prometheus telemetry', () => {
  it('counts and times turns by channel; an unknown channel id is "other"', async () => {
    const t = createPrometheusTelemetry(shared, { defaultMetrics: false });
    t.turn('msteams', 0.2);
    t.turn('msteams', 0.4);
    t.turn('my-own-channel-6281100000007', 1);
    const s = await scrape(t);
    expect(valueOf(s, 'sop007_turns_total', { channel: 'msteams' })).toBe(2);
    expect(valueOf(s, 'sop007_turns_total', { channel: 'other' })).toBe(1);
    expect(valueOf(s, 'sop007_turn_duration_seconds_sum', { channel: 'msteams' })).toBeCloseTo(0.6);
    expect(valueOf(s, 'sop007_turn_duration_seconds_bucket', { channel: 'msteams', le: '0.25' })).toBe(1);
    expect(JSON.stringify(s)).not.toContain('6281100000007');
  });

  it('outcomes, hand-offs, tickets, endings and time to active', async () => {
    const t = createPrometheusTelemetry(shared, { defaultMetrics: false });
    t.outcome('TICKET_BLOCKED');
    t.handoff('OUTCOME', 'event');
    t.handoff('something a test made up', 'event');
    t.ticket('created');
    t.ticket('failed');
    t.conversationEnded('contained');
    t.conversationEnded('abandoned');
    t.timeToActive(1200);
    const s = await scrape(t);
    expect(valueOf(s, 'sop007_outcomes_total', { outcome: 'TICKET_BLOCKED' })).toBe(1);
    expect(valueOf(s, 'sop007_outcomes_total', { outcome: 'NETWORK_REFRESH' })).toBe(0);
    expect(valueOf(s, 'sop007_handoffs_total', { reason: 'OUTCOME', target: 'event' })).toBe(1);
    expect(valueOf(s, 'sop007_handoffs_total', { reason: 'OTHER', target: 'event' })).toBe(1);
    expect(valueOf(s, 'sop007_tickets_total', { result: 'created' })).toBe(1);
    expect(valueOf(s, 'sop007_tickets_total', { result: 'failed' })).toBe(1);
    expect(valueOf(s, 'sop007_conversations_total', { ending: 'contained' })).toBe(1);
    expect(valueOf(s, 'sop007_conversations_total', { ending: 'abandoned' })).toBe(1);
    expect(valueOf(s, 'sop007_time_to_active_seconds_count')).toBe(1);
    expect(valueOf(s, 'sop007_time_to_active_seconds_bucket', { le: '1800' })).toBe(1);
  });

  it('exports every label combination at 0 before any event, so increase() counts the first one', async () => {
    const s = await scrape(createPrometheusTelemetry(shared, { defaultMetrics: false }));
    // valueOf sums what matches (0 when nothing does): here each series must be there, at 0.
    const exported = (name: string, labels: Record<string, string>) =>
      s.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v))?.value;
    for (const ending of ENDINGS) expect(exported('sop007_conversations_total', { ending }), ending).toBe(0);
    for (const outcome of OUTCOMES) expect(exported('sop007_outcomes_total', { outcome }), outcome).toBe(0);
    for (const result of TICKET_RESULTS) expect(exported('sop007_tickets_total', { result }), result).toBe(0);
    for (const reason of HANDOFF_REASONS) for (const target of HANDOFF_TARGETS) expect(exported('sop007_handoffs_total', { reason, target })).toBe(0);
    for (const channel of CHANNELS) expect(exported('sop007_turn_duration_seconds_count', { channel }), channel).toBe(0);
    for (const system of BACKEND_SYSTEMS) for (const result of BACKEND_RESULTS) expect(exported('sop007_backend_request_duration_seconds_count', { system, result })).toBe(0);
  });

  it('backend requests by system and result', async () => {
    const t = createPrometheusTelemetry(shared, { defaultMetrics: false });
    t.backendRequest('dsc', 'ok', 0.02);
    t.backendRequest('hlr', 'timeout', 2);
    const s = await scrape(t);
    expect(valueOf(s, 'sop007_backend_request_duration_seconds_count', { system: 'dsc', result: 'ok' })).toBe(1);
    expect(valueOf(s, 'sop007_backend_request_duration_seconds_count', { system: 'hlr', result: 'timeout' })).toBe(1);
    expect(valueOf(s, 'sop007_backend_request_duration_seconds_count', { system: 'hlr', result: 'ok' })).toBe(0);
  });

  it('gauges read the shared state at scrape time', async () => {
    let pending = 3;
    const t = createPrometheusTelemetry({ outbox: async () => ({ pending, failed: 1 }), activeWatches: async () => 7 }, { defaultMetrics: false });
    let s = await scrape(t);
    expect(valueOf(s, 'sop007_outbox_entries', { state: 'pending' })).toBe(3);
    expect(valueOf(s, 'sop007_outbox_entries', { state: 'failed' })).toBe(1);
    expect(valueOf(s, 'sop007_watches_active')).toBe(7);
    pending = 0;
    s = await scrape(t);
    expect(valueOf(s, 'sop007_outbox_entries', { state: 'pending' })).toBe(0);
  });

  it('includes the default Node metrics on its own registry (two apps never share counts)', async () => {
    const a = createPrometheusTelemetry(shared);
    const b = createPrometheusTelemetry(shared);
    a.turn('test', 0.1);
    expect(valueOf(await scrape(a), 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect((await a.registry.metrics())).toContain('nodejs_heap_size_used_bytes');
    expect(valueOf(await scrape(b), 'sop007_turns_total')).toBe(0);
  });

  it('label helpers map to the fixed sets', () => {
    expect(channelLabel('MSTeams')).toBe('msteams');
    expect(channelLabel(undefined)).toBe('other');
    expect(backendSystemLabel('FA', '/billing/v1/subscribers/{msisdn}/payments')).toBe('billing');
    expect(backendSystemLabel('CRM', '/crm/v1/tickets')).toBe('tickets');
    expect(backendSystemLabel('CRM', '/crm/v1/subscribers/{msisdn}/interactions')).toBe('crm');
    expect(backendResultOf('timed out after 2000 ms')).toBe('timeout');
    expect(backendResultOf('body does not match the contract at status')).toBe('invalid');
    expect(backendResultOf('HTTP 503')).toBe('error');
  });

  const tool = promtool();
  it.skipIf(!tool)('passes promtool check metrics', async () => {
    const t = createPrometheusTelemetry(shared);
    t.turn('test', 0.1);
    const file = join(mkdtempSync(join(tmpdir(), 'prom-')), 'metrics.txt');
    writeFileSync(file, await t.registry.metrics());
    // promtool reads the exposition from stdin: a format error or a lint finding is a line of output.
    const run = spawnSync('sh', ['-c', `promtool check metrics < "${file}" 2>&1`], { encoding: 'utf8' });
    // prom-client's own default gauges end in _total (its choice, kept for dashboards that expect them).
    const findings = run.stdout.split('\n').filter((line) => line && !PROM_CLIENT_DEFAULTS.test(line));
    expect(findings).toEqual([]);
  });
  if (!tool) console.warn('promtool not on PATH (Debian package "prometheus"): the exposition-format check is SKIPPED');
});
