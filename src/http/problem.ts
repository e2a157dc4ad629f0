/** RFC 9457 problem+json answers, the one error shape of every route the bot serves. */
import type { Response } from 'restify';

export function problem(res: Response, status: number, title: string, extra: Record<string, unknown> = {}): void {
  if (res.headersSent) return;
  res.setHeader('content-type', 'application/problem+json');
  res.writeHead(status);
  res.end(JSON.stringify({ type: 'about:blank', title, status, ...extra }));
}
