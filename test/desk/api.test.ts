/** Every desk route's refusals: 401 without a session (and after logout), 404, 409, bad bodies 400/413/415, rate-limited logins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { AgentClient, DEMO } from './support.js';

describe('desk API', () => {
  let bot: TestBot;
  let sari: AgentClient;
  beforeAll(async () => {
    bot = await startTestBot({ HANDOFF_TARGET: 'desk' });
    sari = await new AgentClient(bot.app.url).login(DEMO.sari);
  });
  afterAll(async () => bot.stop());

  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/desk/api/queue'],
    ['GET', '/desk/api/conversations/x'],
    ['POST', '/desk/api/conversations/x/claim'],
    ['POST', '/desk/api/conversations/x/messages', { text: 'hi' }],
    ['POST', '/desk/api/conversations/x/close', {}],
    ['GET', '/desk/api/events'],
    ['POST', '/desk/api/logout'],
  ];

  it.each(routes)('%s %s: 401 problem+json without a token or with a forged one', async (method, path, body) => {
    for (const token of ['', 'not-a-jwt', `${sari.token.slice(0, -4)}AAAA`]) {
      const res = await fetch(`${bot.app.url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('login: 200 with a token and expiry; 401 on a wrong password or unknown name; 400 on bad fields', async () => {
    const ok = await sari.request('POST', '/desk/api/login', DEMO.sari, '');
    expect(ok.status).toBe(200);
    expect(Date.parse(ok.json.expiresAt as string)).toBeGreaterThan(Date.now());
    expect((await sari.request('POST', '/desk/api/login', { username: 'agen2', password: 'wrong' }, '')).status).toBe(401);
    expect((await sari.request('POST', '/desk/api/login', { username: 'nobody', password: 'x' }, '')).status).toBe(401);
    expect((await sari.request('POST', '/desk/api/login', { username: 1, password: [] }, '')).status).toBe(400);
    expect((await sari.request('POST', '/desk/api/login', 'not json', '')).status).toBe(400);
  });

  it('failed logins are rate-limited per name (429 with Retry-After), even with the right password afterwards', async () => {
    const client = new AgentClient(bot.app.url);
    for (let i = 0; i < 5; i++) expect((await client.request('POST', '/desk/api/login', { username: 'agen1', password: `bad-${i}` }, '')).status).toBe(401);
    const res = await fetch(`${bot.app.url}/desk/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO.sari) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('404 for a conversation the desk does not have, on every case route', async () => {
    expect((await sari.request('GET', '/desk/api/conversations/nope')).status).toBe(404);
    expect((await sari.request('POST', '/desk/api/conversations/nope/claim')).status).toBe(404);
    expect((await sari.request('POST', '/desk/api/conversations/nope/messages', { text: 'hi' })).status).toBe(404);
    expect((await sari.request('POST', '/desk/api/conversations/nope/close', {})).status).toBe(404);
  });

  it('bad bodies: 400 for missing or empty text and a bad note, 413 too large, 415 not JSON', async () => {
    expect((await sari.request('POST', '/desk/api/conversations/x/messages', {})).status).toBe(400);
    expect((await sari.request('POST', '/desk/api/conversations/x/messages', { text: '   ' })).status).toBe(400);
    expect((await sari.request('POST', '/desk/api/conversations/x/messages', { text: 'x'.repeat(2001) })).status).toBe(400);
    expect((await sari.request('POST', '/desk/api/conversations/x/close', { note: 42 })).status).toBe(400);
    expect((await sari.request('POST', '/desk/api/conversations/x/messages', { text: 'x'.repeat(20_000) })).status).toBe(413);
    const res = await fetch(`${bot.app.url}/desk/api/conversations/x/messages`, { method: 'POST', headers: { authorization: `Bearer ${sari.token}`, 'content-type': 'text/plain' }, body: 'hi' });
    expect(res.status).toBe(415);
  });

  it('logout revokes the token', async () => {
    const client = await new AgentClient(bot.app.url).login(DEMO.budi);
    expect((await client.request('GET', '/desk/api/queue')).status).toBe(200);
    expect((await client.request('POST', '/desk/api/logout')).status).toBe(204);
    expect((await client.request('GET', '/desk/api/queue')).status).toBe(401);
  });
});
