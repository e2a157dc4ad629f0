/**
 * The contact-centre lead's `/admin/report` page in a real browser (Debian's Chromium via
 * playwright-core): conversations played over HTTP end contained, escalated and cancelled; the
 * page asks for the admin token, draws its charts from /admin/report.json, and no request
 * leaves the bot's origin. Screenshot for the docs: docs/screenshots/report.png.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { launchBrowser, screenshotPath, skipWithoutBrowser } from '../support/browser.js';

const TOKEN = 'report-admin-token-for-browser-0123';

describe.skipIf(skipWithoutBrowser('report page'))('report page', () => {
  let bot: TestBot;
  let browser: Browser;
  beforeAll(async () => {
    bot = await startTestBot({ ADMIN_TOKEN: TOKEN });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it('asks for the token, says "no data yet" on an empty store, and refuses a wrong token', async () => {
    const page = await browser.newPage();
    await page.goto(`${bot.app.url}/admin/report`);
    await page.getByLabel('Token admin').fill('wrong-token-000000000000');
    await page.getByRole('button', { name: 'Tampilkan laporan' }).click();
    await expect.poll(() => page.locator('#login-error').textContent()).toMatch(/Token ditolak/);
    await page.getByLabel('Token admin').fill(TOKEN);
    await page.getByRole('button', { name: 'Tampilkan laporan' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/Belum ada data/);
    expect(await page.locator('#report').isHidden()).toBe(true);
    await page.close();
  });

  it('draws the charts from the day\'s conversations, all from the bot\'s origin', async () => {
    const contained = bot.conversation();
    await contained.join();
    for (const text of ['halo', '0811-0000-0002', 'kmrn', 'atm bca', 'internet', 'belum']) await contained.say(text);
    const escalated = bot.conversation();
    await escalated.join();
    for (const text of ['halo', '0811-0000-0007', 'kmrn', 'atm bca', 'internet', 'udah', 'Bekasi', '0813 2222 3333']) await escalated.say(text);
    const cancelled = bot.conversation();
    await cancelled.join();
    for (const text of ['halo', '0811-0000-0007', 'batal']) await cancelled.say(text);

    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, deviceScaleFactor: 1 });
    const origin = new URL(bot.app.url).origin;
    const foreign: string[] = [];
    const asked: string[] = [];
    page.on('request', (request) => {
      asked.push(request.url());
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) foreign.push(request.url());
    });
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') blocked.push(message.text());
    });
    await page.goto(`${bot.app.url}/admin/report`);
    await page.getByLabel('Token admin').fill(TOKEN);
    await page.getByRole('button', { name: 'Tampilkan laporan' }).click();

    // Three time charts are drawn by uPlot (a canvas each); the mixes are tables.
    await page.locator('#endings canvas').waitFor({ timeout: 20_000 });
    expect(await page.locator('#rates canvas').count()).toBe(1);
    expect(await page.locator('#backend canvas').count()).toBe(1);
    expect(await page.locator('#endings .u-legend').textContent()).toMatch(/Diselesaikan bot.*Dialihkan.*Dibatalkan.*Ditinggalkan/);
    // The legends show the latest day's numbers without a mouse: a third each contained, escalated.
    await expect.poll(() => page.locator('#rates .u-legend').textContent()).toMatch(/Diselesaikan bot\s*33,3%\s*Dialihkan\s*33,3%\s*Ditinggalkan\s*0%/);
    expect(await page.locator('#outcomes tbody th').allTextContents()).toEqual(expect.arrayContaining(['CONFIRM_WITH_PAYMENT_CHANNEL', 'TICKET_BLOCKED']));
    expect(await page.locator('#handoffs tbody tr').allTextContents()).toEqual([expect.stringMatching(/^OUTCOME\s*1/)]);
    expect(await page.locator('#backend .u-legend').textContent()).toMatch(/dsc/);
    // No monitored number has become active yet: that part says so instead of drawing nothing.
    expect(await page.locator('#timeToActive .empty').textContent()).toBe('Belum ada data untuk bagian ini.');
    expect(await page.locator('#period').textContent()).toMatch(/Asia\/Jakarta/);

    expect(asked.some((url) => url.endsWith('/admin/report/uplot.js'))).toBe(true);
    expect(asked.filter((url) => url.endsWith('/admin/report.json'))).toHaveLength(1);
    expect(foreign).toEqual([]);
    expect(blocked).toEqual([]); // no CSP violation, no script error
    // The token stays in this tab's sessionStorage, never in the address.
    expect(page.url()).not.toContain(TOKEN);
    await page.screenshot({ path: screenshotPath('report'), fullPage: true });

    // English on request; the numbers stay, the sentences change.
    await page.goto(`${bot.app.url}/admin/report?locale=en`);
    await page.locator('#endings canvas').waitFor({ timeout: 20_000 });
    expect(await page.locator('#endings h2').textContent()).toBe('Conversations per day by ending');
    expect(await page.locator('#endings .u-legend').textContent()).toMatch(/Contained/);
    await page.close();
  }, 90_000);
});
