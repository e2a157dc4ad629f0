import { afterEach, describe, expect, it } from 'vitest';
import { DialogHarness, slotPrompts, tEn, tId, texts } from '../support/dialogs.js';

describe('when a turn fails', () => {
  let bot: DialogHarness;
  afterEach(async () => bot.close());

  it('apologises in the customer language, shows no stack trace, and the next message works', async () => {
    let failNext = true;
    bot = await DialogHarness.start({
      wrapServices: (services) => ({
        ...services,
        diagnose: async (...args) => {
          if (failNext) {
            failNext = false;
            throw new Error('boom at diagnose.ts:42');
          }
          return services.diagnose(...args);
        },
      }),
    });
    await bot.say('nomor 081100000007 udh bayar kemarin lwt bca tp internet blm bs');
    const failed = await bot.say('iya');
    expect(texts(failed)).toContain(tId('errors.turnFailed'));
    expect(texts(failed).join(' ')).not.toMatch(/boom|\.ts:\d+|\n\s+at /);
    const next = await bot.say('halo');
    expect(slotPrompts(next).length).toBe(1);
  });

  it('speaks English to an English customer', async () => {
    bot = await DialogHarness.start({
      locale: 'en-US',
      wrapServices: (services) => ({ ...services, diagnose: async () => Promise.reject(new Error('boom')) }),
    });
    await bot.say('number 081100000007, paid yesterday via bca, internet down');
    expect(texts(await bot.say('yes'))).toContain(tEn('errors.turnFailed'));
  });
});
