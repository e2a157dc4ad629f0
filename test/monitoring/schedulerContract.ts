/**
 * The Scheduler contract (src/services/monitoring/scheduler.ts), run against each
 * implementation: runs at its time and once, replace by id, cancel, re-schedule from inside
 * the handler, retry after a throw, jobs outliving their scheduler, one run across instances.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobPayload, Scheduler } from '../../src/services/monitoring/scheduler.js';
import { sleep, waitFor } from './harness.js';

export type Run = { jobId: string; payload: JobPayload; at: number; by: number };

/** Schedulers made with the same `deployment` share their jobs (one store, or one queue). */
export type SchedulerFactory = (deployment: string) => Scheduler;

export function schedulerContract(name: string, make: SchedulerFactory, options: { retryMs: number }): void {
  describe(`${name}: the Scheduler contract`, () => {
    const made: Scheduler[] = [];
    let deployments = 0;
    const fresh = () => `d${++deployments}`;
    const scheduler = (deployment: string) => {
      const s = make(deployment);
      made.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(made.splice(0).map((s) => s.stop()));
    });

    /** Starts `s` with a handler recording its runs; `inside` lets a test act from the handler. */
    async function recording(s: Scheduler, runs: Run[], by = 0, inside?: (run: Run) => Promise<void>) {
      await s.start(async (jobId, payload) => {
        const run = { jobId, payload, at: Date.now(), by };
        runs.push(run);
        await inside?.(run);
      });
    }

    it('runs a job at its time, not before, and once', async () => {
      const s = scheduler(fresh());
      const runs: Run[] = [];
      await recording(s, runs);
      const at = Date.now() + 150;
      await s.schedule('job-1', at, { n: 1 });
      await sleep(80);
      expect(runs).toEqual([]);
      await waitFor('the run', () => runs.length > 0);
      expect(runs[0]).toMatchObject({ jobId: 'job-1', payload: { n: 1 } });
      expect(runs[0]!.at).toBeGreaterThanOrEqual(at - 5);
      await sleep(200);
      expect(runs).toHaveLength(1);
    });

    it('scheduling an id again replaces its time and payload; cancel forgets it', async () => {
      const s = scheduler(fresh());
      const runs: Run[] = [];
      await recording(s, runs);
      await s.schedule('job-r', Date.now() + 100, { v: 'first' });
      await s.schedule('job-r', Date.now() + 250, { v: 'second' });
      await s.schedule('job-c', Date.now() + 100, {});
      await s.cancel('job-c');
      await s.cancel('never-scheduled');
      await sleep(180);
      expect(runs).toEqual([]);
      await waitFor('the replaced run', () => runs.length > 0);
      await sleep(200);
      expect(runs.map((r) => [r.jobId, r.payload])).toEqual([['job-r', { v: 'second' }]]);
    });

    it('a handler may schedule its own job again (the monitor\'s "next interval"); it may also cancel it', async () => {
      const s = scheduler(fresh());
      const runs: Run[] = [];
      await recording(s, runs, 0, async (run) => {
        const n = Number(run.payload.n);
        await s.schedule(run.jobId, Date.now() + 30, { n: n + 1 });
        if (n === 3) await s.cancel(run.jobId); // e.g. the watch ended on this run
      });
      await s.schedule('job-loop', Date.now() + 20, { n: 1 });
      await waitFor('three runs', () => runs.length >= 3);
      await sleep(200);
      expect(runs.map((r) => r.payload.n)).toEqual([1, 2, 3]);
    });

    it('a handler that throws runs again later (at least once)', async () => {
      const s = scheduler(fresh());
      const runs: Run[] = [];
      await recording(s, runs, 0, async () => {
        if (runs.length === 1) throw new Error('backend hiccup');
      });
      await s.schedule('job-throws', Date.now() + 10, {});
      await waitFor('the retry', () => runs.length >= 2, options.retryMs + 3000);
      expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(options.retryMs - 20);
      await sleep(options.retryMs + 100);
      expect(runs).toHaveLength(2);
    });

    it('jobs outlive the scheduler that made them: another one started later runs them', async () => {
      const deployment = fresh();
      const first = scheduler(deployment);
      await first.schedule('job-kept', Date.now() + 50, { kept: true });
      await first.stop();
      const runs: Run[] = [];
      await recording(scheduler(deployment), runs);
      await waitFor('the kept job', () => runs.length > 0);
      expect(runs[0]).toMatchObject({ jobId: 'job-kept', payload: { kept: true } });
    });

    it('several schedulers on the same jobs run each job once', async () => {
      const deployment = fresh();
      const runs: Run[] = [];
      const instances = [scheduler(deployment), scheduler(deployment), scheduler(deployment)];
      // A handler slower than the polls, so overlapping attempts would show.
      for (const [i, s] of instances.entries()) await recording(s, runs, i, async () => void (await sleep(40)));
      const at = Date.now() + 60;
      for (let j = 0; j < 12; j++) await instances[j % 3]!.schedule(`job-${j}`, at, { j });
      await waitFor('twelve runs', () => runs.length >= 12);
      await sleep(250);
      expect(runs.map((r) => r.jobId).sort()).toEqual(Array.from({ length: 12 }, (_, j) => `job-${j}`).sort());
    });
  });
}
