import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { texts } from '../support/emulator.js';
import { greetingText } from '../../src/bot/greeting.js';
import { createTranslator } from '../../src/i18n.js';

const translator = createTranslator();

describe('greeting over real HTTP, as the Emulator does', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => bot.stop());

  it('greets in Indonesian with what it helps with and a privacy notice', async () => {
    const conversation = bot.conversation({ locale: 'id-ID' });
    const { status, replies } = await conversation.join();
    expect(status).toBe(200);
    const t = translator.forLocale('id');
    expect(texts(replies)).toEqual([greetingText([t('greeting.welcome'), t('greeting.privacy'), t('greeting.howToStart')])]);
    expect(texts(replies).join(' ')).toMatch(/UU PDP/);
  });

  it('greets in English when the activity locale is en-*', async () => {
    const conversation = bot.conversation({ locale: 'en-US' });
    const { replies } = await conversation.join();
    expect(texts(replies)[0]).toMatch(new RegExp(`^${translator.forLocale('en')('greeting.welcome').replace(/[.!?()]/g, '\\$&')}`));
    expect(texts(replies)[0]).toMatch(/Privacy/);
  });

  it('greets once, even when the first thing the customer does is write', async () => {
    const conversation = bot.conversation();
    await conversation.join();
    const replies = await conversation.say('halo');
    expect(texts(replies).join(' ')).not.toContain(translator.forLocale('id')('greeting.welcome'));

    const silent = bot.conversation();
    const first = await silent.say('halo');
    expect(texts(first)[0]).toMatch(/^Halo, selamat datang!/);
  });
});
