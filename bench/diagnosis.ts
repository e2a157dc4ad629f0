/**
 * Diagnosis fan-out: wall time of diagnose() with every simulated system at the same latency,
 * against that latency (the floor: all reads run at once), and what a hanging system costs.
 *
 *   npm run bench:diagnosis
 */
import { createBackendClient } from '../src/services/backend/client.js';
import { diagnose } from '../src/services/diagnose.js';
import { startSimulator } from '../src/simulator/server.js';
import { percentile } from './load.js';

export interface DiagnosisBench {
  latencyMs: number;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** p95 ÷ latency: 1.0 is the floor, the target is ≤ 1.2. */
  ratio: number;
  /** One system hangs: the diagnosis still returns, in about one client timeout. */
  hangingSystemMs: number;
  timeoutMs: number;
}

export async function runDiagnosisBench(latencyMs = 200, runs = 40): Promise<DiagnosisBench> {
  const simulator = await startSimulator({ latencyMs });
  const timeoutMs = 2000;
  const client = createBackendClient({ baseUrl: simulator.url, timeoutMs });
  const answers = { msisdn: '6281100000010', paymentDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), location: 'Surabaya' };
  try {
    for (let i = 0; i < 3; i++) await diagnose(client, answers); // warm-up: connections, JIT
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await diagnose(client, answers)).wallTimeMs);
    times.sort((a, b) => a - b);

    // A hanging HLR (the simulator's slow number answers after 3 s at its own latency).
    const slow = await startSimulator({});
    const slowClient = createBackendClient({ baseUrl: slow.url, timeoutMs, retryGets: true });
    const hanging = await diagnose(slowClient, { ...answers, msisdn: '6281100000014' });
    await slow.close();

    return {
      latencyMs,
      runs,
      p50Ms: Math.round(percentile(times, 50)),
      p95Ms: Math.round(percentile(times, 95)),
      maxMs: Math.round(times[times.length - 1]!),
      ratio: Number((percentile(times, 95) / latencyMs).toFixed(3)),
      hangingSystemMs: Math.round(hanging.wallTimeMs),
      timeoutMs,
    };
  } finally {
    await simulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runDiagnosisBench();
  console.table({
    'diagnosis (6 systems at 200 ms)': { p50: result.p50Ms, p95: result.p95Ms, max: result.maxMs, 'p95 ÷ 200 ms': result.ratio, target: '≤ 1.2' },
    'one system hanging (timeout 2000 ms)': { p50: result.hangingSystemMs, p95: '', max: '', 'p95 ÷ 200 ms': '', target: '≈ timeout' },
  });
}
