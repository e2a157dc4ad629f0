/**
 * `npm run chat` as a person uses it: the real CLI process, typed lines on stdin, against the
 * real app whose backend answers slowly, so a turn takes longer than the CLI's 500 ms poll for
 * proactive messages. Every reply must be printed once.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { startTestBot, type TestBot } from '../support/app.js';

let simulator: Simulator;
let bot: TestBot;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 1200 });
  bot = await startTestBot({ BACKEND_BASE_URL: simulator.url });
});
afterAll(async () => {
  await bot.stop();
  await simulator.close();
});

/** Runs the CLI, typing each line once the previous prompt's answer is printed. */
async function chat(lines: string[], waitFor: (out: string) => boolean): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src/cli/chat.ts'), '--url', bot.app.url], {
    cwd: projectPath(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const until = (predicate: () => boolean, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const tick = setInterval(() => {
        if (predicate()) {
          clearInterval(tick);
          resolve();
        } else if (Date.now() - started > timeoutMs) {
          clearInterval(tick);
          reject(new Error(`chat output so far:\n${out}`));
        }
      }, 50);
    });
  try {
    await until(() => out.includes('you> '), 20_000);
    for (const line of lines) {
      const prompts = out.split('you> ').length;
      child.stdin.write(`${line}\n`);
      await until(() => out.split('you> ').length > prompts, 20_000);
    }
    await until(() => waitFor(out), 20_000);
    // Longer than the poll, so a late duplicate would show.
    await new Promise((r) => setTimeout(r, 1200));
    return out;
  } finally {
    child.stdin.end('/quit\n');
    child.kill('SIGKILL');
  }
}

describe('npm run chat', () => {
  it('prints each reply once when a turn takes longer than its poll', async () => {
    const out = await chat(
      ['nomor 081100000002 udh bayar kemarin lewat m-banking bca tp internet blm bisa', 'belum'],
      (o) => o.split('bot> ').length > 4,
    );
    const replies = out.split('bot> ').slice(1).map((block) => block.split(/\n(?:you> | {2}…)/)[0]!.trim());
    expect(replies.length).toBeGreaterThan(2);
    expect(replies.filter((r, i) => replies.indexOf(r) !== i)).toEqual([]);
  }, 90_000);
});
