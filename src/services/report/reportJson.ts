/**
 * `GET /admin/report.json`: the daily aggregates of the last REPORT_DAYS days as the report
 * shows them — per day the raw counts plus the rates a contact-centre lead reads (containment,
 * escalation, abandonment, backend error rate per system, mean time to active). Counts only.
 */
import { BACKEND_SYSTEMS, ENDINGS } from '../telemetry.js';
import { jakartaDay, type DailyAggregates, type DayCounts } from './dailyAggregates.js';

const REPORT_DAYS = 90;

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export function summariseDay(counts: DayCounts) {
  const endings = Object.fromEntries(ENDINGS.map((e) => [e, counts[`ending.${e}`] ?? 0])) as Record<(typeof ENDINGS)[number], number>;
  const ended = ENDINGS.reduce((n, e) => n + endings[e], 0);
  const pick = (prefix: string) =>
    Object.fromEntries(Object.entries(counts).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  const backend = Object.fromEntries(
    BACKEND_SYSTEMS.map((s) => {
      const requests = counts[`backend.${s}.requests`] ?? 0;
      const errors = counts[`backend.${s}.errors`] ?? 0;
      return [s, { requests, errors, errorRate: ratio(errors, requests) }];
    }),
  );
  const activeCount = counts['timeToActive.count'] ?? 0;
  return {
    conversations: { ...endings, total: ended },
    rates: { containment: ratio(endings.contained, ended), escalation: ratio(endings.escalated, ended), abandonment: ratio(endings.abandoned, ended) },
    outcomes: pick('outcome.'),
    handoffReasons: pick('handoff.'),
    tickets: pick('ticket.'),
    backend,
    timeToActive: { count: activeCount, meanSeconds: activeCount > 0 ? (counts['timeToActive.sumSeconds'] ?? 0) / activeCount : null },
  };
}

export async function reportJson(daily: DailyAggregates, now: number) {
  await daily.flush(); // this instance's latest counts first
  const to = jakartaDay(now);
  const from = jakartaDay(now - (REPORT_DAYS - 1) * 86_400_000);
  const days = await daily.read(from, to);
  return { timeZone: 'Asia/Jakarta', from, to, days: days.map(({ day, counts }) => ({ day, ...summariseDay(counts) })) };
}
