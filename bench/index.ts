/**
 * `npm run bench`: how fast the bot is, against the floor of its own stack, in one run.
 *
 * 1. A bare botbuilder echo bot and our bot (built output, simulator at 0 ms in its own
 *    process, `npm run simulator`'s entry), C concurrent conversations over HTTP as the Emulator
 *    drives them, each the conversation a customer really has: eight messages, one answer each
 *    (REAL_SCRIPT); our bot once per storage. Turns/s, p50/p95/p99, errors, and ours ÷ echo.
 * 2. Diagnosis fan-out with every system at 200 ms. 3. Memory over many finished
 *    conversations and persisted bytes per conversation. 4. Cold start. 5. `understand`.
 *
 * Results print as tables and are written to bench/results/latest.json.
 *   BENCH_CONVERSATIONS (default 500), BENCH_CONCURRENCY (50), BENCH_MEMORY_CONVERSATIONS (10000)
 *   BENCH_ONLY=load: only part 1 (for repeated runs); BENCH_STORAGES=memory,file: which stores.
 *   METRICS and METRICS_* from the bench's environment are passed to our bot, so
 *   `METRICS=off npm run bench` measures it without metrics (docs/benchmarks.md).
 *   BENCH_NODE_OPTIONS: NODE_OPTIONS for our bot only (V8 flags, e.g. `--max-semi-space-size=32`).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ChannelServer, EmulatedConversation } from '../src/cli/emulator.js';
import { projectPath } from '../src/paths.js';
import { runDiagnosisBench } from './diagnosis.js';
import { drive, type LoadResult } from './load.js';
import { BOT_URL, ECHO_URL, SIMULATOR_URL, startProcess, type Running } from './processes.js';
import { runUnderstandBench } from './understand.js';
import { lastTurnAnswers, REAL_SCRIPT, realCheck } from './workload.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 500);
const MEMORY_CONVERSATIONS = Number(process.env.BENCH_MEMORY_CONVERSATIONS ?? 10_000);

/** One whole SOP-007 conversation that ends in a ticket and a hand-off (6 turns with the join). */
const SOP_SCRIPT = () => ['halo', 'nomor 0811 0000 0007 udh bayar kemarin lwt bca tp internet blm bs', 'iya', 'Bandung', 'tidak ada'];
const ECHO_SCRIPT = () => ['halo', 'apa kabar', 'tes', 'satu dua', 'terima kasih', 'oke', 'sip', 'makasih'];
const ONLY_LOAD = process.env.BENCH_ONLY === 'load';

/** METRICS and METRICS_* from the bench's environment, for a with/without-metrics comparison. */
const passedThrough = (): Record<string, string> =>
  Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => (e[0] === 'METRICS' || e[0].startsWith('METRICS_')) && e[1] !== undefined));

async function redisAnswers(): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function botEnv(storage: string, backendUrl: string): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    STORAGE: storage,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'sop007-bench-')),
    REDIS_PREFIX: `bench${process.pid}:`,
    BACKEND_BASE_URL: backendUrl,
    LOG_LEVEL: 'info',
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    ...passedThrough(),
  };
}

/** The load result, plus the CPU each process of the bot's side spent per turn (ms). */
type MeasuredLoad = LoadResult & { botCpuMsPerTurn: number; backendCpuMsPerTurn?: number };

async function load(bot: Running, channel: ChannelServer, script: () => string[], conversations: number, check?: ReturnType<typeof lastTurnAnswers>, backend?: Running): Promise<MeasuredLoad> {
  // Warm-up: connections, JIT, caches.
  await drive({ botUrl: bot.url, channel, concurrency: CONCURRENCY, conversations: CONCURRENCY, script, check });
  const [botBefore, backendBefore] = [bot.cpuMs(), backend?.cpuMs() ?? 0];
  const result = await drive({ botUrl: bot.url, channel, concurrency: CONCURRENCY, conversations, script, check });
  const perTurn = (ms: number) => Number((ms / result.turns).toFixed(2));
  return { ...result, botCpuMsPerTurn: perTurn(bot.cpuMs() - botBefore), ...(backend ? { backendCpuMsPerTurn: perTurn(backend.cpuMs() - backendBefore) } : {}) };
}

/** Process start to the first answered message. */
async function coldStart(backendUrl: string, channel: ChannelServer): Promise<number> {
  const bot = await startProcess(['dist/src/index.js'], botEnv('file', backendUrl), BOT_URL);
  try {
    const conversation = new EmulatedConversation(bot.url, channel);
    await conversation.say('halo');
    return Math.round(performance.now() - bot.startedAt);
  } finally {
    await bot.stop();
  }
}

/** Live bytes in a file store's log: the last record of every key still present. */
function persistedBytes(dataDir: string): number {
  const live = new Map<string, number>();
  for (const line of readFileSync(join(dataDir, 'state.log'), 'utf8').split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as { k?: string; del?: boolean; batch?: Array<{ k: string; del?: boolean }> };
    for (const r of record.batch ?? [record as { k: string; del?: boolean }]) {
      if (r.del) live.delete(r.k);
      else live.set(r.k, Buffer.byteLength(JSON.stringify(r)));
    }
  }
  return [...live.values()].reduce((a, b) => a + b, 0);
}

/**
 * RSS while `MEMORY_CONVERSATIONS` whole conversations finish, then after an idle pause, and
 * what the store still holds. `env` shortens the lifecycle for the second run.
 */
async function memory(backendUrl: string, channel: ChannelServer, options: { env?: Record<string, string>; drainMs?: number; nodeArgs?: string[] } = {}) {
  const { env = {}, drainMs = 0, nodeArgs = DEPLOYED_NODE_ARGS } = options;
  const botEnvironment = { ...botEnv('file', backendUrl), ...env };
  const bot = await startProcess([...nodeArgs, 'dist/src/index.js'], botEnvironment, BOT_URL);
  const samples: Array<{ conversations: number; rssMiB: number }> = [];
  try {
    const step = MEMORY_CONVERSATIONS / 5;
    for (let done = 0; done < MEMORY_CONVERSATIONS; done += step) {
      await drive({ botUrl: bot.url, channel, concurrency: CONCURRENCY, conversations: step, script: SOP_SCRIPT });
      samples.push({ conversations: done + step, ...pick(bot.memory(), 'rssMiB') });
    }
    // Idle: the conversations are over. With a drain time, wait (up to it) for their watches
    // to end and for retention to forget them.
    const idleUntil = performance.now() + Math.max(3000, drainMs);
    await new Promise((r) => setTimeout(r, 3000));
    while (performance.now() < idleUntil && persistedBytes(botEnvironment.DATA_DIR!) > 0) await new Promise((r) => setTimeout(r, 2000));
    const idle = bot.memory();
    const bytes = persistedBytes(botEnvironment.DATA_DIR!);
    return { samples, idleRssMiB: idle.rssMiB, peakRssMiB: idle.peakMiB, persistedBytesPerConversation: Math.round(bytes / MEMORY_CONVERSATIONS) };
  } finally {
    await bot.stop();
  }
}

/**
 * The whole life of a conversation in seconds instead of days: the watch after its ticket is
 * checked, ends at its horizon (note and message), and retention then forgets the conversation
 * and the finished watch. Nothing of a finished conversation is left, so RSS must stay flat.
 */
/** The heap limit deploy/Dockerfile sets (NODE_OPTIONS). */
const DEPLOYED_NODE_ARGS = ['--max-old-space-size=256'];

const SHORT_LIFECYCLE = {
  MONITOR_INTERVAL_SECONDS: '5',
  MONITOR_HORIZON_HOURS: String(5 / 3600),
  CONVERSATION_RETENTION_HOURS: String(5 / 3600),
};

const pick = <T extends object, K extends keyof T>(o: T, k: K) => ({ [k]: o[k] }) as Pick<T, K>;

async function main(): Promise<void> {
  const channel = await new ChannelServer().start();
  const simulator = await startProcess(['dist/src/simulator/main.js'], { SIMULATOR_PORT: '0', SIMULATOR_LATENCY_MS: '0', SIMULATOR_TICKETS_IN_HISTORY: 'false', LOG_LEVEL: 'warn' }, SIMULATOR_URL);
  const results: Record<string, unknown> = {
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    settings: { concurrency: CONCURRENCY, conversations: CONVERSATIONS, turnsPerConversation: REAL_SCRIPT().length + 1, passedThrough: passedThrough() },
  };
  try {
    const echoBot = await startProcess(['--import', 'tsx', 'bench/echoBot.ts'], { PORT: '0' }, ECHO_URL);
    const echo = await load(echoBot, channel, ECHO_SCRIPT, CONVERSATIONS);
    await echoBot.stop();
    const rows: Record<string, unknown> = { 'echo bot (floor)': echo };
    const ours: Record<string, MeasuredLoad> = {};
    const storages = process.env.BENCH_STORAGES?.split(',') ?? ['memory', 'file', ...((await redisAnswers()) ? ['redis'] : [])];
    for (const storage of storages) {
      const bot = await startProcess(['dist/src/index.js'], botEnv(storage, simulator.url), BOT_URL);
      ours[storage] = await load(bot, channel, REAL_SCRIPT, CONVERSATIONS, realCheck, simulator);
      await bot.stop();
      rows[`ours, STORAGE=${storage}`] = {
        ...ours[storage],
        'throughput ÷ echo': Number((ours[storage].turnsPerSecond / echo.turnsPerSecond).toFixed(2)),
        'p99 ÷ echo': Number((ours[storage].p99Ms / echo.p99Ms).toFixed(2)),
        'CPU/turn ÷ echo': Number((ours[storage].botCpuMsPerTurn / echo.botCpuMsPerTurn).toFixed(2)),
      };
    }
    console.log(`\nThe real conversation (join + ${REAL_SCRIPT().length} messages) vs the echo bot (${CONCURRENCY} concurrent conversations, ${CONVERSATIONS} conversations each)`);
    // byTurn is its own table (one row per turn of the script), not a column of the comparison.
    console.table(Object.fromEntries(Object.entries(rows).map(([name, row]) => { const { byTurn: _byTurn, ...rest } = row as LoadResult; return [name, rest]; })));
    const script = ['(join)', ...REAL_SCRIPT()];
    console.log('\nOur turns one by one: p50 / p99 in ms (the tail is the turn with the largest p99)');
    console.table(Object.fromEntries(script.map((text, n) => [text, Object.fromEntries(Object.entries(ours).map(([storage, r]) => [storage, `${r.byTurn[n]?.p50Ms} / ${r.byTurn[n]?.p99Ms}`]))])));
    results.load = rows;
    if (ONLY_LOAD) {
      writeResults(results);
      return;
    }

    const diagnosis = await runDiagnosisBench();
    console.log('\nDiagnosis fan-out (6 systems at 200 ms)');
    console.table({ diagnosis });
    results.diagnosis = diagnosis;

    const cold = await coldStart(simulator.url, channel);
    const understand = await runUnderstandBench();
    console.table({ 'cold start (ms, target ≤ 1500)': { value: cold }, 'understand (messages/s)': { value: understand.messagesPerSecond } });
    results.coldStartMs = cold;
    results.understand = understand;

    if (MEMORY_CONVERSATIONS > 0) {
      const runs = {
        'as deployed (heap ≤ 256 MiB), 72 h watches': await memory(simulator.url, channel),
        'as deployed, whole lifecycle in seconds': await memory(simulator.url, channel, { env: SHORT_LIFECYCLE, drainMs: 120_000 }),
        'no heap limit (V8 sizes it to the machine)': await memory(simulator.url, channel, { nodeArgs: [] }),
      };
      console.log(`\nMemory over ${MEMORY_CONVERSATIONS} finished conversations (STORAGE=file): RSS in MiB after each fifth`);
      console.table(
        Object.fromEntries(
          Object.entries(runs).map(([name, m]) => [
            name,
            { ...Object.fromEntries(m.samples.map((x) => [x.conversations, x.rssMiB])), 'idle, after': m.idleRssMiB, peak: m.peakRssMiB, 'persisted B/conversation, idle': m.persistedBytesPerConversation },
          ]),
        ),
      );
      results.memory = runs;
    }
  } finally {
    await simulator.stop();
    await channel.stop();
  }
  writeResults(results);
}

function writeResults(results: Record<string, unknown>): void {
  mkdirSync(projectPath('bench/results'), { recursive: true });
  writeFileSync(projectPath('bench/results/latest.json'), `${JSON.stringify({ at: new Date().toISOString(), ...results }, null, 2)}\n`);
  console.log('\nwritten: bench/results/latest.json');
}

await main();
