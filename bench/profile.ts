/**
 * `npm run bench:profile`: our bot under the benchmark's load (the real conversation, bench/workload.ts) with `node --cpu-prof`, then the
 * functions and packages that took the most CPU. The .cpuprofile opens in Chrome DevTools.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelServer } from '../src/cli/emulator.js';
import { drive } from './load.js';
import { BOT_URL, SIMULATOR_URL, startProcess } from './processes.js';
import { REAL_SCRIPT, realCheck } from './workload.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

const storage = process.env.BENCH_STORAGE ?? 'memory';
const dir = mkdtempSync(join(tmpdir(), 'sop007-prof-'));
const channel = await new ChannelServer().start();
const simulator = await startProcess(['dist/src/simulator/main.js'], { SIMULATOR_PORT: '0', SIMULATOR_LATENCY_MS: '0', SIMULATOR_TICKETS_IN_HISTORY: 'false', LOG_LEVEL: 'warn' }, SIMULATOR_URL);
const bot = await startProcess(
  ['--cpu-prof', `--cpu-prof-dir=${dir}`, 'dist/src/index.js'],
  { PORT: '0', HOST: '127.0.0.1', STORAGE: storage, DATA_DIR: join(dir, 'data'), BACKEND_BASE_URL: simulator.url, LOG_LEVEL: 'info' },
  BOT_URL,
);
console.log(JSON.stringify(await drive({ botUrl: bot.url, channel, concurrency: 50, conversations: Number(process.env.BENCH_CONVERSATIONS ?? 400), script: REAL_SCRIPT, check: realCheck })));
await bot.stop();
await simulator.stop();
await channel.stop();

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const total = profile.timeDeltas.reduce((a, b) => a + b, 0);
const where = (url: string) => url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, '').replace(/^file:\/\//, '');
const selfTime = new Map<string, number>();
const byPackage = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)!.callFrame;
  const fn = `${frame.functionName || '(anonymous)'} ${where(frame.url)}:${frame.lineNumber}`;
  selfTime.set(fn, (selfTime.get(fn) ?? 0) + profile.timeDeltas[i]!);
  const pkg = where(frame.url).split('/').slice(0, frame.url.includes('node_modules/@') ? 2 : 1).join('/') || frame.functionName;
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + profile.timeDeltas[i]!);
});
const top = (m: Map<string, number>, n: number) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`profile: ${join(dir, file)}\n\nself time, top functions:\n${top(selfTime, 25)}\n\nby package:\n${top(byPackage, 20)}`);
