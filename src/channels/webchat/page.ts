/**
 * `GET /chat`: the customer's web chat page. Microsoft's Web Chat (`botframework-webchat`'s
 * prebuilt bundle from npm) is served by the bot itself, with the page's script, the logo and
 * the texts: no CDN, no third-party request, works offline. Look in `deploy/chat/branding.json`,
 * texts in `locales/<lang>/chat.json`, Indonesian unless `?locale=en`. The CSP allows the
 * bot's own origin only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Request, Response } from 'restify';
import { z } from 'zod';
import type { RouteGroup } from '../../http/routeGroup.js';
import { resolveLocale, type Translator } from '../../i18n.js';
import { projectPath } from '../../paths.js';

const Branding = z.object({
  brand: z.string().min(1).max(80),
  logo: z.string().regex(/^[\w.-]+\.(svg|png)$/),
  colors: z.object({
    primary: z.string().regex(/^#[0-9a-fA-F]{3,8}$/),
    primaryText: z.string().regex(/^#[0-9a-fA-F]{3,8}$/),
    background: z.string().regex(/^#[0-9a-fA-F]{3,8}$/),
    botBubble: z.string().regex(/^#[0-9a-fA-F]{3,8}$/),
    userBubble: z.string().regex(/^#[0-9a-fA-F]{3,8}$/),
    userBubbleText: z.string().regex(/^#[0-9a-fA-F]{3,8}$/),
  }),
});
export type Branding = z.infer<typeof Branding>;

export interface ChatPageOptions {
  translator: Translator;
  /** CONVERSATION_RETENTION_HOURS, said in the privacy notice. */
  retentionHours: number;
  /** Folder with branding.json and the logo; default `deploy/chat`. */
  brandingDir?: string;
}

/** Web Chat's prebuilt browser bundle (UMD, `window.WebChat`), beside the package's entry file. */
function webchatBundlePath(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('botframework-webchat'));
  while (!existsSync(join(dir, 'dist', 'webchat.js')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'webchat.js');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Web Chat's own locale names; the bot's `en` is Web Chat's `en-US`. */
const WEBCHAT_LOCALE: Record<string, string> = { id: 'id-ID', en: 'en-US' };

function contentSecurityPolicy(req: Request): string {
  const host = String(req.headers.host ?? 'localhost');
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Web Chat styles itself at run time (emotion): inline style elements are its design.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://${host} wss://${host}`,
    "media-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    // E-Care embeds the page in an iframe: it names its origin in frame-ancestors (docs/ecare.md).
    "frame-ancestors 'self'",
  ].join('; ');
}

export function chatPage(options: ChatPageOptions & { frameAncestors?: readonly string[] }): RouteGroup {
  const dir = options.brandingDir ?? projectPath('deploy', 'chat');
  const branding = Branding.parse(JSON.parse(readFileSync(join(dir, 'branding.json'), 'utf8')));
  const logo = readFileSync(join(dir, branding.logo));
  const webchatJs = readFileSync(webchatBundlePath());
  const appJs = readFileSync(projectPath('src', 'channels', 'webchat', 'chat-app.js'));
  const frameAncestors = (options.frameAncestors ?? []).join(' ');

  const page = (lang: string) => {
    const t = options.translator.forLocale(resolveLocale(lang));
    const { colors } = branding;
    const other = lang === 'en' ? 'id' : 'en';
    return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${escapeHtml(t('chat.title'))} · ${escapeHtml(branding.brand)}</title>
<link rel="icon" href="/chat/logo">
<style>
  :root { --primary: ${colors.primary}; --primary-text: ${colors.primaryText}; --bg: ${colors.background}; }
  html, body { height: 100%; margin: 0; background: var(--bg); font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { display: flex; flex-direction: column; }
  header { background: var(--primary); color: var(--primary-text); padding: 10px 14px; display: flex; align-items: center; gap: 10px; }
  header img { width: 36px; height: 36px; flex: none; }
  header h1 { font-size: 1.05rem; margin: 0; line-height: 1.2; }
  header p { font-size: .8rem; margin: 2px 0 0; opacity: .9; }
  header a { margin-left: auto; color: var(--primary-text); font-size: .8rem; white-space: nowrap; }
  .privacy { font-size: .78rem; line-height: 1.35; color: #333; background: #fff8e1; border-bottom: 1px solid #eadfb8; padding: 8px 14px; margin: 0; }
  #chat { flex: 1; min-height: 0; max-width: 760px; width: 100%; margin: 0 auto; background: #fff; }
  #status { padding: 16px; color: #555; }
  #notice { font-size: .85rem; color: #333; background: #e8f0fe; border-bottom: 1px solid #c6d6f5; padding: 8px 14px; margin: 0; }
</style>
</head>
<body>
<header>
  <img src="/chat/logo" alt="${escapeHtml(branding.brand)}">
  <div><h1>${escapeHtml(t('chat.title'))}</h1><p>${escapeHtml(t('chat.subtitle'))}</p></div>
  <a href="/chat?locale=${other}" hreflang="${other}">${escapeHtml(t('chat.language'))}</a>
</header>
<p class="privacy" role="note">${escapeHtml(t('chat.privacy', { hours: options.retentionHours }))}</p>
<main id="chat" aria-live="polite"
  data-locale="${WEBCHAT_LOCALE[lang] ?? 'id-ID'}"
  data-lang="${lang}"
  data-placeholder="${escapeHtml(t('chat.placeholder'))}"
  data-unavailable="${escapeHtml(t('chat.unavailable'))}"
  data-expired="${escapeHtml(t('chat.expired'))}"
  data-colors="${escapeHtml(JSON.stringify(colors))}"><p id="status">${escapeHtml(t('chat.connecting'))}</p></main>
<script src="/chat/webchat.js"></script>
<script src="/chat/app.js"></script>
</body>
</html>`;
  };
  const pages = { id: page('id'), en: page('en') };

  const send = (res: Response, type: string, body: string | Buffer, cache: string) => {
    res.writeHead(200, { 'content-type': type, 'cache-control': cache, 'x-content-type-options': 'nosniff' });
    res.end(body);
  };

  return {
    mount(server) {
      server.get('/chat', async (req: Request, res: Response) => {
        const lang = new URL(req.url ?? '/', 'http://localhost').searchParams.get('locale')?.toLowerCase().startsWith('en') ? 'en' : 'id';
        const csp = contentSecurityPolicy(req).replace("frame-ancestors 'self'", `frame-ancestors 'self'${frameAncestors ? ` ${frameAncestors}` : ''}`);
        res.setHeader('content-security-policy', csp);
        res.setHeader('referrer-policy', 'no-referrer');
        send(res, 'text/html; charset=utf-8', pages[lang], 'no-cache');
      });
      server.get('/chat/webchat.js', async (_req: Request, res: Response) => send(res, 'text/javascript; charset=utf-8', webchatJs, 'public, max-age=3600'));
      server.get('/chat/app.js', async (_req: Request, res: Response) => send(res, 'text/javascript; charset=utf-8', appJs, 'no-cache'));
      server.get('/chat/logo', async (_req: Request, res: Response) => send(res, branding.logo.endsWith('.svg') ? 'image/svg+xml' : 'image/png', logo, 'public, max-age=3600'));
    },
  };
}
