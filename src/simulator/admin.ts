/**
 * For a person driving a demo: what the bot created (tickets, notes), and the test hooks over
 * HTTP (failure injection, activation, reset) for when the simulator runs on its own.
 * Not part of the backend contract, and not behind the bearer key.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { SYSTEMS } from '../domain/types.js';
import type { FailureInjector } from './failures.js';
import { escapeHtml, HttpProblem, readJsonBody } from './http-kit.js';
import type { SimulatorStore } from './store.js';
import type { Reply } from './routes.js';

export type AdminReply = Reply | { status: 200; html: string };

const FailRequest = z.object({
  target: z.union([z.enum(SYSTEMS), z.string().startsWith('/')]),
  count: z.number().int().min(1).default(1),
  status: z.number().int().min(400).max(599).default(503),
  afterHandling: z.boolean().default(false),
});

export async function handleAdmin(
  { store, failures }: { store: SimulatorStore; failures: FailureInjector },
  req: IncomingMessage,
  path: string,
): Promise<AdminReply> {
  const route = `${req.method ?? ''} ${path}`;
  if (route === 'GET /_admin') return { status: 200, html: page(store) };
  if (route === 'GET /_admin/tickets') {
    return { status: 200, body: { tickets: store.tickets().map((t) => ({ ...t, notes: store.notes(t.ticket.ticketId) })), notes: store.notes() } };
  }
  if (route === 'POST /_admin/fail') {
    const parsed = FailRequest.safeParse(await readJsonBody(req));
    if (!parsed.success) throw new HttpProblem(422, 'Unprocessable Content', z.prettifyError(parsed.error));
    const { target, count, status, afterHandling } = parsed.data;
    failures.failNext(target, count, status, { afterHandling });
    return { status: 200, body: parsed.data };
  }
  if (route === 'POST /_admin/reset') {
    store.reset();
    failures.clear();
    // The page's "reset demo" button is a plain form: a browser gets the emptied page back.
    if (/text\/html/.test(req.headers.accept ?? '')) return { status: 200, html: page(store, 'Demo reset: tickets, notes, injected failures and activations are gone; every demo number is as at start.') };
    return { status: 200, body: { reset: true } };
  }
  const activate = /^POST \/_admin\/subscribers\/(62\d{8,13})\/activate$/.exec(route);
  if (activate?.[1]) {
    try {
      store.activate(activate[1]);
    } catch (err) {
      throw new HttpProblem(404, 'Not Found', err instanceof Error ? err.message : String(err));
    }
    return { status: 200, body: { msisdn: activate[1], profile: store.profile(activate[1]), hlr: store.hlr(activate[1]) } };
  }
  throw new HttpProblem(404, 'Not Found', `no admin endpoint ${route}`);
}

function page(store: SimulatorStore, notice?: string): string {
  const rows = store
    .tickets()
    .map(({ ticket, request }) => {
      const notes = store.notes(ticket.ticketId).map((n) => `<li>${escapeHtml(n.createdAt)}: ${escapeHtml(n.text)}</li>`).join('');
      const cells = [ticket.ticketId, ticket.status, ticket.createdAt, ticket.msisdn ?? '', request.outcome, request.route ?? 'BACKOFFICE', request.summary];
      return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}<td><ul>${notes}</ul></td></tr>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>SOP-007 simulator</title>
<style>body{font-family:sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:.3em;vertical-align:top;white-space:pre-wrap}table{border-collapse:collapse}</style>
<h1>Tickets created in this simulator</h1>${notice ? `<p role="status"><strong>${escapeHtml(notice)}</strong></p>` : ''}
<p>JSON: <a href="/_admin/tickets">/_admin/tickets</a></p>
<form method="post" action="/_admin/reset"><button type="submit">Reset demo</button> (forgets every ticket and note, clears injected failures, puts the demo numbers back as at start)</form>
<table><tr><th>ticket</th><th>status</th><th>created</th><th>MSISDN</th><th>outcome</th><th>route</th><th>summary</th><th>notes</th></tr>
${rows || '<tr><td colspan="8">none yet</td></tr>'}
</table></html>`;
}
