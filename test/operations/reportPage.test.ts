/**
 * The report page's routes over real HTTP: the shell and its files need no token and carry no
 * numbers (those stay behind the admin token at /admin/report.json), uPlot comes from this
 * bot, every file has the strict Content-Security-Policy, and the texts are served per language.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { projectPath } from '../../src/paths.js';

const TOKEN = 'report-admin-token-for-tests-0123';

describe('GET /admin/report (page)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ ADMIN_TOKEN: TOKEN });
  });
  afterAll(async () => bot.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${bot.app.url}${path}`, { headers });
  const expectStrictCsp = (res: Response) => {
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  };

  it('serves the shell without a token, with a strict CSP and no numbers in it', async () => {
    const res = await get('/admin/report');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expectStrictCsp(res);
    const html = await res.text();
    expect(html).toContain('/admin/report/uplot.js');
    expect(html).toContain('/admin/report/app.js');
    // No data: the page's text (tags stripped) has no digit but the procedure's name.
    const text = html.replace(/<[^>]*>/g, ' ').replace('SOP-007', '');
    expect(text).not.toMatch(/\d/);
    expect(html).not.toMatch(/data-value|"days"|<table/);
    // Nothing inline: the CSP would block it anyway, and nothing from elsewhere.
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)|\sstyle=|https?:\/\//);
  });

  it('serves uPlot from node_modules, its CSS, and the page script and style', async () => {
    const uplot = await get('/admin/report/uplot.js');
    expect(uplot.status).toBe(200);
    expect(uplot.headers.get('content-type')).toMatch(/^text\/javascript/);
    expectStrictCsp(uplot);
    expect(await uplot.text()).toBe(readFileSync(projectPath('node_modules', 'uplot', 'dist', 'uPlot.iife.min.js'), 'utf8'));
    const css = await get('/admin/report/uplot.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('.uplot');
    expect((await get('/admin/report/app.js')).status).toBe(200);
    expect((await get('/admin/report/style.css')).status).toBe(200);
  });

  it('serves the texts in Indonesian and English, and nothing else', async () => {
    const id = await get('/admin/report/locales/id');
    expect(id.status).toBe(200);
    expect(((await id.json()) as { title: string }).title).toBe('Laporan SOP-007');
    const en = await get('/admin/report/locales/en.json');
    expect(((await en.json()) as { title: string }).title).toBe('SOP-007 report');
    expect((await get('/admin/report/locales/xx')).status).toBe(404);
    expect((await get('/admin/report/locales/..%2F..%2Fpackage')).status).toBe(404);
  });

  it('keeps the numbers behind the admin token', async () => {
    const anonymous = await get('/admin/report.json');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await get('/admin/report.json', { authorization: 'Bearer wrong-token-000000000000' })).status).toBe(401);
    const allowed = await get('/admin/report.json', { authorization: `Bearer ${TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { days: unknown[] }).days).toEqual([]);
  });
});
