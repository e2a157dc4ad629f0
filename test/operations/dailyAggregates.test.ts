/** Daily report aggregates: counted per Jakarta day, added up across instances, retained. */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { DailyAggregates, jakartaDay } from '../../src/services/report/dailyAggregates.js';
import { summariseDay } from '../../src/services/report/reportJson.js';
import { LocalLockService } from '../../src/storage/localLock.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';

const DAY = 86_400_000;

describe('DailyAggregates', () => {
  it('two instances on one store add up, never overwrite each other', async () => {
    const store = new MemoryStore();
    const locks = new LocalLockService();
    const now = () => Date.parse('2026-03-10T05:00:00Z');
    const a = new DailyAggregates({ store, locks, log: silentLogger, retentionDays: 400, now });
    const b = new DailyAggregates({ store, locks, log: silentLogger, retentionDays: 400, now });
    for (let i = 0; i < 3; i++) a.telemetry.conversationEnded('contained');
    b.telemetry.conversationEnded('escalated');
    b.telemetry.handoff('OUTCOME', 'event');
    a.telemetry.backendRequest('hlr', 'timeout', 2);
    a.telemetry.backendRequest('hlr', 'ok', 0.1);
    b.telemetry.timeToActive(600);
    b.telemetry.timeToActive(1800);
    await Promise.all([a.flush(), b.flush(), a.flush()]);
    const [day] = await a.read('2026-03-01', '2026-03-31');
    expect(day!.day).toBe('2026-03-10');
    const summary = summariseDay(day!.counts);
    expect(summary.conversations).toMatchObject({ contained: 3, escalated: 1, total: 4 });
    expect(summary.rates.containment).toBe(0.75);
    expect(summary.handoffReasons).toEqual({ OUTCOME: 1 });
    expect(summary.backend.hlr).toEqual({ requests: 2, errors: 1, errorRate: 0.5 });
    expect(summary.timeToActive).toEqual({ count: 2, meanSeconds: 1200 });
    // A second flush with nothing new changes nothing.
    await a.flush();
    expect((await a.read('2026-03-10', '2026-03-10'))[0]!.counts['ending.contained']).toBe(3);
  });

  it('uses the Jakarta calendar day and forgets days past the retention', async () => {
    expect(jakartaDay(Date.parse('2026-03-10T18:00:00Z'))).toBe('2026-03-11'); // 01:00 WIB
    const store = new MemoryStore();
    let at = Date.parse('2026-01-01T05:00:00Z');
    const daily = new DailyAggregates({ store, locks: new LocalLockService(), log: silentLogger, retentionDays: 10, now: () => at });
    daily.telemetry.outcome('OUTAGE_INFO');
    await daily.flush();
    at += 20 * DAY;
    daily.telemetry.outcome('OUTAGE_INFO');
    await daily.flush();
    expect((await daily.read('2025-01-01', '2027-01-01')).map((d) => d.day)).toEqual(['2026-01-21']);
  });

  it('a failed write keeps the counts for the next flush', async () => {
    const store = new MemoryStore();
    let broken = true;
    const flaky = Object.assign(Object.create(store) as MemoryStore, {
      write: (changes: Record<string, unknown>) => (broken ? Promise.reject(new Error('down')) : store.write(changes)),
    });
    const daily = new DailyAggregates({ store: flaky, locks: new LocalLockService(), log: silentLogger, retentionDays: 400, now: () => Date.parse('2026-03-10T05:00:00Z') });
    daily.telemetry.ticket('created');
    await daily.flush();
    broken = false;
    await daily.flush();
    expect((await daily.read('2026-03-10', '2026-03-10'))[0]!.counts).toEqual({ 'ticket.created': 1 });
  });
});
