/**
 * The customer's `/chat` page in a real browser (Debian's Chromium via playwright-core): a
 * whole SOP-007 conversation typed and clicked (suggested actions) to a ticket and a hand-off,
 * on a phone-sized screen, with no request leaving the bot's origin. Screenshots for the docs.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { launchBrowser, screenshotPath, skipWithoutBrowser } from '../support/browser.js';
import { botSays, type } from '../support/webchatPage.js';

describe.skipIf(skipWithoutBrowser('web chat page'))('web chat page', () => {
  let bot: TestBot;
  let browser: Browser;
  beforeAll(async () => {
    bot = await startTestBot({ DIRECT_LINE_SECRET: 'directline-test-secret-at-least-32-chars' });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  const click = async (page: Page, title: string) => {
    await page.getByRole('button', { name: title, exact: true }).last().click({ timeout: 20_000 });
  };

  it('a blocked number, typed and clicked to a ticket and a hand-off, all from the bot\'s origin', async () => {
    bot.app.simulator!.reset();
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const origin = new URL(bot.app.url).origin;
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith(origin.replace('http', 'ws')) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
    });
    page.on('websocket', (ws) => {
      if (!ws.url().startsWith(origin.replace('http', 'ws'))) foreign.push(ws.url());
    });
    // The console stays clean: no script error, no failed load (a missing icon was a 404 in every visit's console).
    const failed: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') failed.push(`${message.text()} ${message.location().url}`);
    });
    page.on('pageerror', (error) => failed.push(error.message));
    await page.goto(`${bot.app.url}/chat`);
    expect(await page.getByRole('note').textContent()).toContain('UU PDP');
    await botSays(page, /selamat datang/i);
    // Web Chat's "Menyambungkan…" lingers a moment after the first activity: the screenshot shows the settled page.
    await expect.poll(() => page.getByText('Menyambungkan').count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: screenshotPath('chat-greeting') });

    await type(page, 'halo, sudah bayar tapi nomor belum aktif');
    await botSays(page, /nomor HP/i);
    await type(page, '0811-0000-0007');
    await botSays(page, /Kapan Anda membayar/i);
    await type(page, 'kemarin');
    await botSays(page, /Pembayarannya lewat apa/i);
    await type(page, 'atm bca');
    await botSays(page, /Layanan apa yang belum bisa dipakai/i);
    await page.screenshot({ path: screenshotPath('chat-suggested-actions') });
    await click(page, 'Internet');
    await botSays(page, /sudah menerima SMS atau e-mail/i);
    await click(page, 'Ya, sudah');
    await botSays(page, /kota\/kecamatan/i);
    await type(page, 'Bekasi');
    await botSays(page, /nomor lain/i);
    await click(page, 'Tidak ada');
    await page.getByText(/TT-\d{4}-\d+/).last().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('chat-ticket') });

    const [stored] = bot.app.simulator!.tickets();
    expect(stored?.request).toMatchObject({ outcome: 'TICKET_BLOCKED', complaintChannel: 'WEBCHAT' });
    expect(foreign).toEqual([]);
    expect(failed).toEqual([]);
    await page.close();
  }, 120_000);

  it('English with ?locale=en', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${bot.app.url}/chat?locale=en`);
    expect(await page.getByRole('note').textContent()).toContain('Personal Data Protection');
    await botSays(page, /welcome/i);
    await page.close();
  }, 60_000);
});
