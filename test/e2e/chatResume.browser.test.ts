/**
 * The `/chat` page resumes its conversation after a reload, in a real browser, past the
 * token's first lifetime: the page refreshes the saved token on each reload and while it is
 * open, so a reload 40 minutes in still finds the conversation; a reload after the saved token
 * itself expired starts a new conversation with a short notice. The bot's clock (and, for the
 * open page, the page's) is moved forward instead of waiting half an hour.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n.js';
import { silentLogger } from '../../src/log.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { launchBrowser, skipWithoutBrowser } from '../support/browser.js';
import { botSays, type } from '../support/webchatPage.js';

const MINUTE = 60_000;
const t = createTranslator().forLocale('id');

describe.skipIf(skipWithoutBrowser('web chat page resume'))('web chat page resume after the token expiry', () => {
  let bot: TestBot;
  let browser: Browser;
  let ahead = 0;
  beforeAll(async () => {
    bot = await startTestBot({ DIRECT_LINE_SECRET: 'directline-test-secret-at-least-32-chars' }, silentLogger, { now: () => new Date(Date.now() + ahead) });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  // Page-side code as text: the tests' TypeScript has no DOM types.
  const SAVED = "JSON.parse(window.sessionStorage.getItem('sop007.chat') || 'null')";
  const saved = (page: Page) => page.evaluate<{ token: string; conversationId: string } | null>(SAVED);
  /** Until the page has saved another token than `token` (polled from here: the page's CSP forbids eval). */
  const savedTokenChanges = async (page: Page, token: string) => {
    const deadline = Date.now() + 20_000;
    while ((await saved(page))?.token === token) {
      if (Date.now() > deadline) throw new Error('the page never saved a new token');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const activitiesStatus = async (conversationId: string, token: string) =>
    (await fetch(`${bot.app.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('keeps the conversation across reloads 20 and 40 minutes in; after the saved token expired, a new one with a notice', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${bot.app.url}/chat`);
    await botSays(page, /selamat datang/i);
    await type(page, 'halo, sudah bayar tapi nomor belum aktif');
    await botSays(page, /nomor HP/i);
    const first = (await saved(page))!;

    // 20 minutes: the first token still works; the reload swaps it for a fresh one.
    ahead = 20 * MINUTE;
    await page.reload();
    await botSays(page, /nomor HP/i);
    await savedTokenChanges(page, first.token);
    expect((await saved(page))!.conversationId).toBe(first.conversationId);

    // 40 minutes: the first token has expired, the saved one has not: the same conversation goes on.
    ahead = 40 * MINUTE;
    expect(await activitiesStatus(first.conversationId, first.token)).toBe(403);
    await page.reload();
    await page.getByText('halo, sudah bayar tapi nomor belum aktif').last().waitFor({ timeout: 20_000 });
    await type(page, '0811-0000-0007');
    await botSays(page, /Kapan Anda membayar/i);
    expect(await page.locator('#notice').count()).toBe(0);
    const resumed = (await saved(page))!;
    expect(resumed.conversationId).toBe(first.conversationId);

    // 80 minutes, no reload since 40: the saved token expired too. A new conversation, said so.
    ahead = 80 * MINUTE;
    expect(await activitiesStatus(first.conversationId, resumed.token)).toBe(403);
    await page.reload();
    await page.getByRole('status').filter({ hasText: t('chat.expired') }).waitFor({ timeout: 20_000 });
    await botSays(page, /selamat datang/i);
    const fresh = (await saved(page))!;
    expect(fresh.conversationId).not.toBe(first.conversationId);
    expect(await page.getByText('halo, sudah bayar tapi nomor belum aktif').count()).toBe(0);
    await page.close();
  }, 120_000);

  it('an open page refreshes its saved token as it goes: a reload after the first token expired resumes', async () => {
    ahead = 0;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    // The page's own timers on a clock the test moves (the bot's clock is `ahead`).
    await page.clock.install();
    await page.goto(`${bot.app.url}/chat`);
    await botSays(page, /selamat datang/i);
    await type(page, 'halo, sudah bayar tapi nomor belum aktif');
    await botSays(page, /nomor HP/i);
    const first = (await saved(page))!;

    // The page stays open 20 minutes: its refresh (at half the 30 minutes) saves a new token.
    ahead = 20 * MINUTE;
    await page.clock.fastForward('20:00');
    await savedTokenChanges(page, first.token);

    // 45 minutes, no reload until now: the first token expired, the one saved at 20 has not.
    ahead = 45 * MINUTE;
    expect(await activitiesStatus(first.conversationId, first.token)).toBe(403);
    await page.reload();
    await page.getByText('halo, sudah bayar tapi nomor belum aktif').last().waitFor({ timeout: 20_000 });
    await type(page, '0811-0000-0007');
    await botSays(page, /Kapan Anda membayar/i);
    expect(await page.locator('#notice').count()).toBe(0);
    expect((await saved(page))!.conversationId).toBe(first.conversationId);
    await page.close();
  }, 120_000);
});
