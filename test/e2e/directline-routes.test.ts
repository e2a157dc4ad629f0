/**
 * The Direct Line routes' answers to bad and hostile input, over real HTTP and WebSocket:
 * 401 without a good token or secret, 403 for another conversation or an expired token, the
 * same 4xx as /api/messages for malformed or oversized activities, de-duplication by
 * clientActivityID, E-Care identity carried in the token, a rate-limited /chat/token, CORS, and
 * the WebSocket's answers (a client that never reads: test/channels/directline-streams.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestBot, type TestBot } from '../support/app.js';
import { ecareToken, TEST_ECARE_SECRET } from '../support/ecare.js';
import { createTranslator } from '../../src/i18n.js';

const SECRET = 'directline-test-secret-at-least-32-chars';
const t = createTranslator().forLocale('id');

describe('Direct Line routes', () => {
  let bot: TestBot;
  let base: string;
  beforeAll(async () => {
    bot = await startTestBot({ DIRECT_LINE_SECRET: SECRET, ECARE_IDENTITY_SECRET: TEST_ECARE_SECRET, CHAT_TOKENS_PER_MINUTE: '3', CHAT_ALLOWED_ORIGINS: 'https://ecare.example' });
    base = `${bot.app.url}/v3/directline`;
  });
  afterAll(async () => bot.stop());

  const post = (url: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const generate = async (body: unknown = { user: { id: 'u1', name: 'Budi' } }) => {
    const res = await post(`${base}/tokens/generate`, SECRET, body);
    expect(res.status).toBe(200);
    return (await res.json()) as { token: string; conversationId: string; expires_in: number };
  };
  const start = async (token: string) => {
    const res = await post(`${base}/conversations`, token, {});
    return { status: res.status, body: (await res.json()) as { conversationId: string; token: string; streamUrl: string } };
  };
  const activities = async (conversationId: string, token: string, watermark = '') => {
    const res = await fetch(`${base}/conversations/${conversationId}/activities?watermark=${watermark}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as { activities: { id: string; type: string; text?: string; from: { id: string; role?: string } }[]; watermark: string } };
  };

  it('tokens/generate wants the secret (401), a token starts its conversation once (201, then 200)', async () => {
    expect((await post(`${base}/tokens/generate`, undefined, {})).status).toBe(401);
    expect((await post(`${base}/tokens/generate`, 'not-the-secret', {})).status).toBe(401);
    const { token, conversationId, expires_in } = await generate();
    expect(expires_in).toBe(1800);
    const first = await start(token);
    expect(first.status).toBe(201);
    expect(first.body.conversationId).toBe(conversationId);
    expect(first.body.streamUrl).toMatch(/^ws:\/\/.*\/stream\?watermark=0&t=/);
    expect((await start(token)).status).toBe(200);
    const refreshed = await post(`${base}/tokens/refresh`, token);
    expect(refreshed.status).toBe(200);
    expect(((await refreshed.json()) as { conversationId: string }).conversationId).toBe(conversationId);
  });

  it('401 without or with a forged token; 403 for another conversation', async () => {
    const a = await generate();
    const b = await generate();
    await start(a.token);
    await start(b.token);
    expect((await activities(a.conversationId, 'garbage')).status).toBe(401);
    const forged = a.token.slice(0, -4) + (a.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await activities(a.conversationId, forged)).status).toBe(401);
    expect((await fetch(`${base}/conversations/${a.conversationId}/activities`)).status).toBe(401);
    expect((await activities(a.conversationId, b.token)).status).toBe(403);
    expect((await post(`${base}/conversations/${a.conversationId}/activities`, b.token, { type: 'message', text: 'hi' })).status).toBe(403);
  });

  it('malformed, oversized and mistyped activities get the 4xx /api/messages gives', async () => {
    const { token, conversationId } = await generate();
    await start(token);
    const url = `${base}/conversations/${conversationId}/activities`;
    expect((await post(url, token, '{not json')).status).toBe(400);
    expect((await post(url, token, '[1,2]')).status).toBe(400);
    expect((await post(url, token, 'hello', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(url, token, { type: 'message', text: 'x'.repeat(300_000) })).status).toBe(413);
    expect((await post(url, token, { type: 42, text: 'hi' })).status).toBe(400);
    expect((await post(url, token, { type: 'message', text: 7 })).status).toBe(400);
  });

  it('the same clientActivityID twice is one message, one turn', async () => {
    const { token, conversationId } = await generate();
    await start(token);
    const url = `${base}/conversations/${conversationId}/activities`;
    const activity = { type: 'message', text: 'halo', from: { id: 'someone-else' }, channelData: { clientActivityID: 'abc-1' } };
    const first = (await (await post(url, token, activity)).json()) as { id: string };
    const again = (await (await post(url, token, activity)).json()) as { id: string };
    expect(again.id).toBe(first.id);
    const { body } = await activities(conversationId, token);
    const mine = body.activities.filter((a) => a.from.role === 'user');
    expect(mine).toHaveLength(1);
    // The client cannot choose who it is: the token's user is.
    expect(mine[0]!.from.id).toBe('dl_u1');
    const after = body.activities.slice(body.activities.indexOf(mine[0]!) + 1);
    const askedNumber = after.filter((a) => a.from.role === 'bot' && /Boleh saya tahu nomor HP/i.test(a.text ?? ''));
    expect(askedNumber).toHaveLength(1);
    // Polling from the last watermark gives nothing new.
    expect((await activities(conversationId, token, body.watermark)).body.activities).toEqual([]);
  });

  it('Web Chat\'s webchat/join event is taken quietly: no error, no second greeting, the chat goes on', async () => {
    const { token, conversationId } = await generate();
    await start(token);
    const url = `${base}/conversations/${conversationId}/activities`;
    const joined = await post(url, token, { type: 'event', name: 'webchat/join', value: { language: 'id-ID' }, channelData: { clientActivityID: 'join-1' } });
    expect(joined.status).toBe(200);
    await post(url, token, { type: 'message', text: 'halo, sudah bayar tapi nomor belum aktif', channelData: { clientActivityID: 'm-1' } });
    const said = (await activities(conversationId, token)).body.activities.filter((a) => a.from.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');
    expect(said.filter((text) => text.startsWith(t('greeting.welcome')))).toHaveLength(1);
    const errors = (['errors.turnFailed', 'errors.busy', 'errors.tooManyMessages', 'errors.missingSentence'] as const).map((key) => t(key));
    expect(said.filter((text) => errors.includes(text))).toEqual([]);
    expect(said.at(-1)).toMatch(/Boleh saya tahu nomor HP/i);
  });

  it('E-Care: a vouched identity rides in the token; a bad one is refused (403)', async () => {
    expect((await post(`${base}/tokens/generate`, SECRET, { ecare: { token: 'not-a-jwt' } })).status).toBe(403);
    const { token, conversationId } = await generate({ user: { id: 'ecare-1' }, ecare: { token: await ecareToken('6281100000007', 'budi') } });
    await start(token);
    await post(`${base}/conversations/${conversationId}/activities`, token, { type: 'message', text: 'sdh bayar kmrn tp nomor blm aktif', channelData: { ecare: { token: 'forged' } } });
    const { body } = await activities(conversationId, token);
    expect(body.activities.map((a) => a.text ?? '').join(' ')).toMatch(/E-Care/);
    expect(JSON.stringify(body)).not.toContain('forged');
  });

  it('/chat/token is limited per address (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i += 1) {
      const res = await fetch(`${bot.app.url}/chat/token`, { method: 'POST' });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(3);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('CORS: an allowed origin gets the headers; another origin\'s preflight is refused', async () => {
    const ok = await fetch(`${base}/conversations`, { method: 'OPTIONS', headers: { origin: 'https://ecare.example', 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://ecare.example');
    const no = await fetch(`${base}/conversations`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(no.status).toBe(403);
  });

  it('WebSocket: a bad token is refused; the stream sends { activities, watermark }', async () => {
    const { token, conversationId } = await generate();
    const { body } = await start(token);
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(body.streamUrl.replace(/t=[^&]+/, 't=bad'));
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(refused).toBe(401);
    const first = await new Promise<{ activities: unknown[]; watermark: string }>((resolve, reject) => {
      const ws = new WebSocket(body.streamUrl);
      ws.on('message', (data: Buffer) => {
        resolve(JSON.parse(data.toString()) as { activities: unknown[]; watermark: string });
        ws.close();
      });
      ws.on('error', reject);
    });
    expect(first.activities.length).toBeGreaterThan(0);
    expect(Number(first.watermark)).toBe(first.activities.length);
    void conversationId;
  });
});
