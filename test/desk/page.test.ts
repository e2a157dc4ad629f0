/** The /desk page in a real browser (Debian chromium): login, the live queue, a case, claim, reply. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { launchBrowser, screenshotPath, skipWithoutBrowser } from '../support/browser.js';
import { customerToDesk, DEMO } from './support.js';

const tId = createTranslator().forLocale('id');

describe.skipIf(skipWithoutBrowser('desk page'))('the /desk page', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ HANDOFF_TARGET: 'desk' });
  });
  afterAll(async () => bot.stop());

  it('an agent logs in, sees the hand-off arrive live, opens the case, claims and replies', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`${bot.app.url}/desk`);
      await page.getByText(tId('desk.login.heading')).waitFor();
      await page.fill('input[name=username]', DEMO.sari.username);
      await page.fill('input[name=password]', DEMO.sari.password);
      await page.click('#login button');
      await page.getByText(tId('desk.queue.empty')).waitFor();
      const c = bot.conversation();
      await customerToDesk(c);
      // Arrives over the event stream, no reload.
      await page.locator('#queue li[data-id]').first().click();
      await page.getByText('6281100000007').waitFor();
      await page.getByText(tId('desk.case.groups.payment')).waitFor();
      await page.click('#claim');
      await page.getByText(tId('desk.case.heldBy', { agent: 'Sari (demo)' })).waitFor();
      // The customer writes while the agent is typing: the live update keeps the agent's draft.
      await page.fill('#reply', 'Halo, nomor Anda sedang kami cek.');
      await c.say('halo? masih ada?');
      await page.locator('.transcript').getByText('halo? masih ada?').waitFor();
      expect(await page.inputValue('#reply')).toBe('Halo, nomor Anda sedang kami cek.');
      await page.click('#send');
      await bot.channel.waitFor((a) => a.conversation?.id === c.id && a.text === tId('deskCustomer.agentMessage', { agent: 'Sari (demo)', text: 'Halo, nomor Anda sedang kami cek.' }));
      await c.say('oke ditunggu');
      await page.locator('.transcript').getByText('oke ditunggu').waitFor();
      await page.screenshot({ path: screenshotPath('desk-case'), fullPage: true });
      expect(await page.locator('.groups fieldset').count()).toBe(6);
    } finally {
      await browser.close();
    }
  });
});
