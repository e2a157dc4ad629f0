/**
 * /metrics over real HTTP after whole conversations ending each way: contained (confirm with
 * the payment channel), escalated (ticket and hand-off), cancelled ("batal"), abandoned (no answer for ABANDON_AFTER_MINUTES). Parsed, and
 * checked for what an operator reads: outcomes, hand-offs, tickets, endings, backend requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { parsePromText, valueOf } from '../support/promText.js';

const TOKEN = 'metrics-token-for-tests-0123';

describe('GET /metrics after conversations', () => {
  let bot: TestBot;
  beforeAll(async () => {
    // Abandoned after 6 s without a turn; the sweep looks every 200 ms.
    bot = await startTestBot({ METRICS_TOKEN: TOKEN, ABANDON_AFTER_MINUTES: '0.1' }, undefined, { abandonSweepMs: 200 });
  });
  afterAll(async () => bot.stop());

  const scrape = async () => {
    const res = await fetch(`${bot.app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePromText(await res.text());
  };

  it('wants the token', async () => {
    expect((await fetch(`${bot.app.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${bot.app.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0000000000' } })).status).toBe(401);
  });

  it('counts each ending, the outcomes, the hand-off, the ticket and the backend calls', async () => {
    const contained = bot.conversation();
    await contained.join();
    for (const text of ['halo', '0811-0000-0002', 'kmrn', 'atm bca', 'internet', 'belum']) await contained.say(text);

    const escalated = bot.conversation();
    await escalated.join();
    for (const text of ['halo', '0811-0000-0007', 'kmrn', 'atm bca', 'internet', 'udah', 'Bekasi', '0813 2222 3333']) await escalated.say(text);

    const cancelled = bot.conversation();
    await cancelled.join();
    for (const text of ['halo', '0811-0000-0007', 'batal']) await cancelled.say(text);

    const abandoned = bot.conversation();
    await abandoned.join();
    for (const text of ['halo', '0811-0000-0007']) await abandoned.say(text);

    // The walked-away conversation is counted once, however many sweeps pass.
    await expect.poll(async () => valueOf(await scrape(), 'sop007_conversations_total', { ending: 'abandoned' }), { timeout: 10_000, interval: 250 }).toBe(1);
    await new Promise((r) => setTimeout(r, 600));
    const s = await scrape();
    expect(valueOf(s, 'sop007_conversations_total', { ending: 'abandoned' })).toBe(1);
    expect(valueOf(s, 'sop007_conversations_total', { ending: 'contained' })).toBe(1);
    expect(valueOf(s, 'sop007_conversations_total', { ending: 'escalated' })).toBe(1);
    expect(valueOf(s, 'sop007_conversations_total', { ending: 'cancelled' })).toBe(1);
    expect(valueOf(s, 'sop007_outcomes_total', { outcome: 'CONFIRM_WITH_PAYMENT_CHANNEL' })).toBe(1);
    expect(valueOf(s, 'sop007_outcomes_total', { outcome: 'TICKET_BLOCKED' })).toBe(1);
    expect(valueOf(s, 'sop007_handoffs_total', { reason: 'OUTCOME', target: 'event' })).toBe(1);
    expect(valueOf(s, 'sop007_tickets_total', { result: 'created' })).toBe(1);
    expect(valueOf(s, 'sop007_turns_total', { channel: 'emulator' })).toBe(19);
    expect(valueOf(s, 'sop007_turn_duration_seconds_count', { channel: 'emulator' })).toBe(19);
    expect(valueOf(s, 'sop007_backend_request_duration_seconds_count', { system: 'dsc', result: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(valueOf(s, 'sop007_backend_request_duration_seconds_count', { system: 'tickets', result: 'ok' })).toBe(1);
    // The blocked number is watched until it is active again; the outbox is empty.
    expect(valueOf(s, 'sop007_watches_active')).toBe(1);
    expect(valueOf(s, 'sop007_outbox_entries', { state: 'pending' })).toBe(0);
    // The daily report has the same numbers (admin route; loopback while ADMIN_TOKEN is unset).
    const report = (await (await fetch(`${bot.app.url}/admin/report.json`)).json()) as {
      days: Array<{ conversations: Record<string, number>; rates: Record<string, number | null>; outcomes: Record<string, number>; handoffReasons: Record<string, number>; tickets: Record<string, number>; backend: Record<string, { requests: number }> }>;
    };
    expect(report.days).toHaveLength(1);
    const [today] = report.days;
    expect(today!.conversations).toEqual({ contained: 1, escalated: 1, cancelled: 1, abandoned: 1, total: 4 });
    expect(today!.rates).toEqual({ containment: 0.25, escalation: 0.25, abandonment: 0.25 });
    expect(today!.outcomes).toEqual({ CONFIRM_WITH_PAYMENT_CHANNEL: 1, TICKET_BLOCKED: 1 });
    expect(today!.handoffReasons).toEqual({ OUTCOME: 1 });
    expect(today!.tickets).toEqual({ created: 1 });
    expect(today!.backend.dsc!.requests).toBe(valueOf(s, 'sop007_backend_request_duration_seconds_count', { system: 'dsc' }));
    expect(JSON.stringify(report)).not.toMatch(/6281|0811|Bekasi/);
    // No personal data in any label.
    const labels = JSON.stringify(s.map((x) => x.labels));
    expect(labels).not.toMatch(/6281|0811|Bekasi/);
  });
});

describe('METRICS=off', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ METRICS: 'OFF' });
  });
  afterAll(async () => bot.stop());

  it('serves no /metrics, and conversations and the daily report still work', async () => {
    expect((await fetch(`${bot.app.url}/metrics`)).status).toBe(404);
    const conversation = bot.conversation();
    await conversation.join();
    for (const text of ['halo', '0811-0000-0007', 'batal']) await conversation.say(text);
    const report = (await (await fetch(`${bot.app.url}/admin/report.json`)).json()) as { days: Array<{ conversations: Record<string, number> }> };
    expect(report.days.at(-1)?.conversations.cancelled).toBe(1);
  });
});
