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
