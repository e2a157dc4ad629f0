import { afterEach, describe, expect, it } from 'vitest';
import { ChannelServer, EmulatedConversation } from '../support/emulator.js';
import { runIndex, startBotProcess, type BotProcess } from '../support/process.js';

describe('the bot as a process', () => {
  let bot: BotProcess | undefined;
  afterEach(() => {
    bot?.child.kill('SIGKILL');
    bot = undefined;
  });

  it('refuses a bad configuration value with one clear line naming the variable', async () => {
    const proc = runIndex({ PORT: 'not-a-port' });
    const code = await proc.exited;
    expect(code).toBe(78);
    const lines = proc.stderr().trim().split('\n').filter((l) => !/DeprecationWarning|trace-deprecation/.test(l));
    expect(lines).toEqual([expect.stringMatching(/^Invalid configuration: PORT /)]);
  });

  const configLines = (stderr: string) => stderr.trim().split('\n').filter((l) => !/DeprecationWarning|trace-deprecation/.test(l));

  it('refuses a diagnosis budget shorter than one backend call with one line and exit 78', async () => {
    const proc = runIndex({ BACKEND_TIMEOUT_MS: '3000', DIAGNOSIS_BUDGET_MS: '2000' });
    expect(await proc.exited).toBe(78);
    expect(configLines(proc.stderr())).toEqual([expect.stringMatching(/^Invalid configuration: DIAGNOSIS_BUDGET_MS must be at least BACKEND_TIMEOUT_MS/)]);
  });

  it.each([
    ['999.1.1.1', /HOST does not resolve/],
    ['no-such-host.invalid', /HOST does not resolve/],
    ['192.0.2.1', /HOST is not an address of this machine/],
  ])('refuses an unusable HOST=%s with one line and exit 78', async (host, message) => {
    const proc = runIndex({ HOST: host, PORT: '0', STORAGE: 'memory' });
    expect(await proc.exited).toBe(78);
    expect(configLines(proc.stderr())).toEqual([expect.stringMatching(message)]);
  });

  it('accepts LOG_LEVEL in any case (INFO)', async () => {
    bot = await startBotProcess({ LOG_LEVEL: 'INFO' });
    expect(bot.url).toMatch(/^http:/);
  });

  it('on SIGTERM lets an in-flight turn finish, then exits 0', async () => {
    bot = await startBotProcess();
    const channel = await new ChannelServer().start();
    channel.replyDelayMs = 700;
    const conversation = new EmulatedConversation(bot.url, channel);
    const turn = conversation.post({ type: 'message', text: 'halo' });
    await new Promise((r) => setTimeout(r, 300)); // the turn is now waiting on the slow channel
    bot.child.kill('SIGTERM');
    const { status, replies } = await turn;
    expect(status).toBe(200);
    expect(replies.length).toBeGreaterThan(0);
    expect(await bot.exited).toBe(0);
    await channel.stop();
  });
});
