/** Runs the bot as a real process (`src/index.ts` through tsx), as `npm start` would. */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { projectPath } from '../../src/paths.js';

export interface BotProcess {
  child: BotChild;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** A fresh data directory per process unless the test passes one (to restart on the same). */
/** stdin ignored, stdout and stderr piped. */
type BotChild = ChildProcessByStdio<null, Readable, Readable>;

export function runIndex(env: Record<string, string>): { child: BotChild; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src/index.ts')], {
    cwd: projectPath(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'sop007-data-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Starts the bot on a free port and resolves once it logs where it listens. */
export async function startBotProcess(env: Record<string, string> = {}): Promise<BotProcess> {
  const proc = runIndex({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start: ${proc.stderr()}`)), 20_000);
    const check = () => {
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"bot listening"/.exec(proc.stdout());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    proc.child.stdout.on('data', check);
    void proc.exited.then((code) => reject(new Error(`bot exited with ${code}: ${proc.stderr()}`)));
  });
  return { ...proc, url };
}
