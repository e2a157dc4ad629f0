/** Child processes for the benchmark: started from the build output, read, measured, stopped. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { projectPath } from '../src/paths.js';

export interface Running {
  child: ChildProcess;
  url: string;
  startedAt: number;
  stop(): Promise<void>;
  /** Resident and peak resident memory, in MiB (Linux /proc). */
  memory(): { rssMiB: number; peakMiB: number };
  /**
   * CPU time the process has used (user + system), in ms, from Linux /proc (clock ticks of
   * 10 ms): work per turn, which a busy machine distorts far less than turns/s.
   */
  cpuMs(): number;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux Node supports). */
const USER_HZ = 100;

export async function startProcess(script: string[], env: Record<string, string>, urlPattern: RegExp): Promise<Running> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', ...script], {
    cwd: projectPath(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script.join(' ')} did not start: ${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = urlPattern.exec(out);
      if (match) {
        clearTimeout(timer);
        out = '';
        resolve(match[1]!);
      }
      if (out.length > 100_000) out = out.slice(-10_000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script.join(' ')} exited with ${code}: ${out}`)));
  });
  // Keep draining output so the child never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();
  return {
    child,
    url,
    startedAt,
    memory() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      return { rssMiB: Math.round(kb('VmRSS') / 102.4) / 10, peakMiB: Math.round(kb('VmHWM') / 102.4) / 10 };
    },
    cpuMs() {
      // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

export const BOT_URL = /"url":"(http:\/\/[^"]+)".*"msg":"bot listening"/;
export const SIMULATOR_URL = /simulator at (http:\/\/\S+)/;
export const ECHO_URL = /listening (http:\/\/\S+)/;
