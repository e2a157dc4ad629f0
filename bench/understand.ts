/**
 * `npm run bench:understand`: messages per second of understand() in batch on one core (one
 * thread, warmed up, a few seconds over the labelled set repeated), and the cold start of
 * the `understand` command (spawned anew, median of several runs).
 *
 * Targets (issue 3): ≥ 20,000 messages/s; cold start < 1 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { understand, type UnderstandOptions } from '../src/nlu/understand.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_NOW = '2026-11-25T10:00:00+07:00';
const WARM_UP_MS = 1_000;
const MEASURE_MS = 3_000;
const COLD_RUNS = 5;

interface Message {
  text: string;
  options: UnderstandOptions;
}

function corpus(): Message[] {
  const entries = JSON.parse(readFileSync(new URL('../test/nlu/labelled.json', import.meta.url), 'utf8')) as Array<{
    text: string;
    now?: string;
    locale?: string;
  }>;
  return entries.map((e) => ({ text: e.text, options: { now: new Date(e.now ?? DEFAULT_NOW), locale: e.locale ?? 'id' } }));
}

/** A different letters-only word for every number ("zqab", "zqac", …): no digits, so no date. */
function lettersOf(n: number): string {
  let word = 'zq';
  for (let k = n; ; k = Math.floor(k / 26)) {
    word += String.fromCharCode(97 + (k % 26));
    if (k < 26) return word;
  }
}

/** Runs the corpus round-robin for `ms` milliseconds; returns messages per second. */
function throughput(messages: readonly Message[], ms: number, vary: boolean): number {
  let count = 0;
  let sink = 0;
  const started = performance.now();
  let now = started;
  while (now - started < ms) {
    // Check the clock once per 256 messages: reading it costs more than a short message.
    for (let i = 0; i < 256; i++, count++) {
      const m = messages[count % messages.length]!;
      // A never-seen word in every message defeats the spelling cache (worst case).
      const text = vary ? `${m.text} ${lettersOf(count)}` : m.text;
      if (understand(text, m.options).paymentDate !== null) sink++;
    }
    now = performance.now();
  }
  if (sink < 0) console.log(sink); // keeps the results observably used
  return (count / (now - started)) * 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Wall-clock milliseconds of a fresh process, median of `runs`. With `emptyCache`, each run
 * gets a new temporary directory, so tsx finds none of its compiled files (a first run ever).
 */
function coldStart(command: string, args: string[], runs: number, emptyCache = false): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const tmp = emptyCache ? mkdtempSync(join(tmpdir(), 'bench-understand-')) : undefined;
    const env = tmp === undefined ? process.env : { ...process.env, TMPDIR: tmp };
    const started = performance.now();
    const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env });
    const elapsed = performance.now() - started;
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
    times.push(elapsed);
  }
  return median(times);
}

/** Lines per second through the command in batch mode (stdin → stdout), start-up included. */
function commandBatch(messages: readonly Message[], lines: number): { ms: number; linesPerSecond: number } {
  const input = Array.from({ length: lines }, (_, i) => messages[i % messages.length]!.text.replace(/\s*\n\s*/g, ' ')).join('\n') + '\n';
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/understand.ts', '--now', DEFAULT_NOW], {
    cwd: ROOT, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (r.status !== 0 || r.stdout.split('\n').length - 1 !== lines) throw new Error(`batch run failed: ${r.stderr}`);
  return { ms, linesPerSecond: (lines / ms) * 1000 };
}

/** Long, repetitive inputs that once cost super-linear time or memory (see complexity.test.ts). */
const ADVERSARIAL_UNITS = [
  'kemarin', 'kemarin ', 'ab', 'ha ', 'wk', '1234567890', '12.', 'abcdefghijklmnopqrstuvwxyz', 'tgl 20 nov ',
  'bca, kemarin. 0812 ', '1/', 'a;', ' - ', '20/11/2026 ', 'jam 5 ', '3 hari lalu ', '5 jam, ', '08123456789 ',
];

/** The slowest single call over the adversarial inputs at 500/1,000/2,000 characters (best of 3 each). */
function worstInput(): { label: string; length: number; ms: number } {
  const options = { now: new Date(DEFAULT_NOW) };
  understand('kemarin bayar bca tgl 20 nov', options);
  let worst = { label: '', length: 0, ms: -1 };
  for (const unit of ADVERSARIAL_UNITS) {
    for (const n of [500, 1000, 2000]) {
      const text = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
      let best = Infinity;
      for (let k = 0; k < 3; k++) {
        const started = performance.now();
        understand(text, options);
        best = Math.min(best, performance.now() - started);
      }
      if (best > worst.ms) worst = { label: `${JSON.stringify(unit)} repeated`, length: n, ms: best };
    }
  }
  return worst;
}

export interface UnderstandBenchResult {
  messagesPerSecond: number;
  coldStartMs: number;
}

export async function runUnderstandBench(options: { print?: boolean } = {}): Promise<UnderstandBenchResult> {
  const messages = corpus();
  throughput(messages, WARM_UP_MS, false);
  const messagesPerSecond = throughput(messages, MEASURE_MS, false);
  const worstCase = options.print === true ? throughput(messages, MEASURE_MS, true) : NaN;
  const coldStartMs = coldStart(process.execPath, ['--import', 'tsx', 'src/cli/understand.ts', 'kemarin'], COLD_RUNS);
  if (options.print === true) {
    const firstRun = coldStart(process.execPath, ['--import', 'tsx', 'src/cli/understand.ts', 'kemarin'], 3, true);
    const viaTsx = coldStart(`${ROOT}node_modules/.bin/tsx`, ['src/cli/understand.ts', 'kemarin'], 3);
    const viaNpm = coldStart('npm', ['run', '--silent', 'understand', '--', 'kemarin'], 3);
    const baseline = coldStart(process.execPath, ['-e', '0'], 3);
    const batch = commandBatch(messages, 20_000);
    const worst = worstInput();
    const row = (name: string, value: string, target = '') => `  ${name.padEnd(72)} ${value.padStart(12)}  ${target}`;
    console.log(
      [
        `understand — ${messages.length} labelled messages, Node ${process.version}, one thread`,
        row('batch, labelled set repeated (messages/s)', Math.round(messagesPerSecond).toLocaleString('en-US'), '≥ 20,000'),
        row('batch, a never-seen word in every message (messages/s)', Math.round(worstCase).toLocaleString('en-US')),
        row('mean time per message (µs)', (1e6 / messagesPerSecond).toFixed(1)),
        row(`worst case: ${worst.label}, ${worst.length} chars (ms)`, worst.ms.toFixed(2)),
        row('  worst case per 100 characters (ms)', ((worst.ms * 100) / worst.length).toFixed(3)),
        row(`cold start: node --import tsx src/cli/understand.ts (ms, median of ${COLD_RUNS})`, coldStartMs.toFixed(0), '< 1,000'),
        row('  same, first run ever: empty tsx cache (ms, median of 3)', firstRun.toFixed(0)),
        row('cold start: tsx src/cli/understand.ts (ms, median of 3)', viaTsx.toFixed(0)),
        row('cold start: npm run --silent understand (ms, median of 3)', viaNpm.toFixed(0)),
        row('  for reference, node -e 0 (ms)', baseline.toFixed(0)),
        row('command, 20,000 lines on stdin, start-up included (ms)', batch.ms.toFixed(0)),
        row('command, 20,000 lines on stdin (lines/s)', Math.round(batch.linesPerSecond).toLocaleString('en-US')),
      ].join('\n'),
    );
  }
  return { messagesPerSecond, coldStartMs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runUnderstandBench({ print: true });
  if (result.messagesPerSecond < 20_000 || result.coldStartMs >= 1_000) process.exitCode = 1;
}
