/**
 * `GET /admin/report`: the contact-centre lead's report page (docs/operations.md). The page is
 * a shell that carries no numbers, so it needs no token itself: it asks the operator for the
 * admin token (kept in sessionStorage), fetches `/admin/report.json` with it and draws the
 * charts with uPlot, served here from node_modules — no CDN, nothing fetched from elsewhere.
 * Its sentences come from locales/<lang>/report.json (Indonesian by default, `?locale=en`).
 */
import { readFile } from 'node:fs/promises';
import type { Request, Response } from 'restify';
import type restify from 'restify';
import type { Logger } from '../../log.js';
import { projectPath } from '../../paths.js';
import { problem } from '../../http/problem.js';
import type { RouteGroup } from '../../http/routeGroup.js';

/** Route → file, relative to the project root. */
const PAGE_FILES: Record<string, string[]> = {
  '/admin/report': ['src', 'services', 'report', 'page', 'index.html'],
  '/admin/report/app.js': ['src', 'services', 'report', 'page', 'app.js'],
  '/admin/report/style.css': ['src', 'services', 'report', 'page', 'style.css'],
  '/admin/report/uplot.js': ['node_modules', 'uplot', 'dist', 'uPlot.iife.min.js'],
  '/admin/report/uplot.css': ['node_modules', 'uplot', 'dist', 'uPlot.min.css'],
};
const PAGE_AREA = 'report';
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
/**
 * Only this origin's scripts, styles, images and fetches; no inline code, no frames. uPlot
 * draws on a canvas and sets element sizes through the CSSOM, which style-src does not govern.
 */
export const REPORT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function reportPage(o: { log: Logger }): RouteGroup {
  const safe = (handler: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (err) {
      o.log.error({ event: 'report.page_failed', err, route: req.getRoute?.()?.path }, 'report page: request failed');
      problem(res, 500, 'Internal error');
    }
  };
  const secure = (res: Response) => {
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('content-security-policy', REPORT_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
  };
  return {
    mount(server: restify.Server) {
      for (const [route, file] of Object.entries(PAGE_FILES)) {
        server.get(route, safe(async (_req, res) => {
          const content = await readFile(projectPath(...file));
          secure(res);
          res.setHeader('content-type', TYPES[file.at(-1)!.split('.').pop()!]!);
          res.writeHead(200);
          res.end(content);
        }));
      }
      server.get('/admin/report/locales/:lang', safe(async (req, res) => {
        const lang = String((req.params as { lang?: string }).lang ?? '').replace(/\.json$/, '');
        if (lang !== 'id' && lang !== 'en') return problem(res, 404, 'No such language');
        secure(res);
        res.json(200, JSON.parse(await readFile(projectPath('locales', lang, `${PAGE_AREA}.json`), 'utf8')));
      }));
    },
  };
}
