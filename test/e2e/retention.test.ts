/** Retention over real HTTP: an idle conversation is forgotten, a watched one is not. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { texts } from '../support/emulator.js';

const t = createTranslator().forLocale('id');
const RETENTION_MS = 1500;
const greeted = (replies: Parameters<typeof texts>[0]) => texts(replies).some((text) => text.startsWith(t('greeting.welcome')));

describe('retention (CONVERSATION_RETENTION_HOURS)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ CONVERSATION_RETENTION_HOURS: String(RETENTION_MS / 3_600_000) }, undefined, { retentionSweepMs: 100 });
  });
  afterAll(async () => bot.stop());

  it('forgets an idle conversation: the customer is greeted as new when they come back', async () => {
    const c = bot.conversation();
    expect(greeted(await c.say('halo'))).toBe(true);
    expect(greeted(await c.say('0811-0000-0007'))).toBe(false);
    await new Promise((r) => setTimeout(r, RETENTION_MS + 600));
    const back = await c.say('halo');
    expect(greeted(back)).toBe(true);
    expect(texts(back).join(' ')).toContain(t('slots.ask.msisdn').split('?')[0]);
  });

  it('keeps a conversation whose number is watched after its ticket', async () => {
    const c = bot.conversation();
    await c.say('nomor 0811 0000 0007 udh bayar kemarin lwt bca tp internet blm bs');
    await c.say('iya');
    await c.say('Bandung');
    await c.say('tidak ada');
    await new Promise((r) => setTimeout(r, RETENTION_MS + 600));
    const back = await c.say('sudah aktif belum?');
    expect(greeted(back)).toBe(false);
    expect(texts(back).join(' ')).toMatch(/TT-\d{4}-\d+/);
  });
});
