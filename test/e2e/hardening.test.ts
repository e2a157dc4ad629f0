/**
 * Hostile or careless clients: activities botbuilder would choke on, operators' routes
 * without a token, a conversation that floods, and the Bot Framework samples' `.env`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawActivity } from '../support/activities.js';
import { startRedisPair, startTestBot, type TestBot } from '../support/app.js';
import { texts } from '../support/emulator.js';
import { captureLog } from '../support/logs.js';

type Mutation = [label: string, field: string, change: (a: Record<string, unknown>) => void];
const malformed: Mutation[] = [
  ['no channelId', 'channelId', (a) => delete a.channelId],
  ['a numeric channelId', 'channelId', (a) => (a.channelId = 7)],
  ['no from', 'from', (a) => delete a.from],
  ['from without id', 'from.id', (a) => (a.from = { name: 'x' })],
  ['a numeric from.id', 'from.id', (a) => (a.from = { id: 42 })],
  ['no recipient', 'recipient', (a) => delete a.recipient],
  ['an empty recipient.id', 'recipient.id', (a) => (a.recipient = { id: '' })],
  ['a conversation id that is not Latin-1', 'conversation.id', (a) => (a.conversation = { id: 'percakapan-😀-ʕ' })],
  ['a conversation id with a control character', 'conversation.id', (a) => (a.conversation = { id: 'a\r\nb' })],
  ['an over-long conversation id', 'conversation.id', (a) => (a.conversation = { id: 'x'.repeat(5000) })],
  ['a conversation that is a string', 'conversation', (a) => (a.conversation = 'c')],
  ['text that is an object', 'text', (a) => (a.text = { evil: true })],
  ['a numeric locale', 'locale', (a) => (a.locale = 5)],
  ['a numeric type', 'type', (a) => (a.type = 1)],
  ['a serviceUrl that is not http', 'serviceUrl', (a) => (a.serviceUrl = 'file:///etc/passwd')],
];

describe('an activity botbuilder cannot take is a 400 naming the field, before the adapter', () => {
  let bot: TestBot;
  const captured = captureLog();
  beforeAll(async () => {
    bot = await startTestBot({}, captured.log);
  });
  afterAll(async () => bot.stop());

  it.each(malformed)('%s → 400 problem+json naming %s', async (_label, field, change) => {
    const activity = rawActivity();
    change(activity);
    const res = await fetch(new URL('/api/messages', bot.app.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as { field: string; detail: string };
    expect(body.field).toBe(field);
    expect(body.detail.startsWith(field)).toBe(true);
  });

  it('logged nothing at error level for any of them', () => {
    expect(captured.errors()).toEqual([]);
  });

  it('an invoke the bot does not offer is a 400, not botbuilder\'s 501; its redelivery is acknowledged', async () => {
    const conversation = bot.conversation();
    for (const [name, value] of [['composeExtension/query', {}], ['adaptiveCard/action', 'not-an-object'], ['adaptiveCard/action', { action: 'x' }], [undefined, 7]] as const) {
      expect((await conversation.post({ type: 'invoke', name, value })).status).toBe(400);
    }
    const once = { type: 'invoke', id: 'invoke-1', name: 'handoff.status', value: { state: 'x' } };
    expect((await conversation.post(once)).status).toBe(400);
    expect((await conversation.post(once)).status).toBe(200);
  });

  it('a well-formed activity still reaches the bot', async () => {
    const replies = await bot.conversation().say('halo');
    expect(texts(replies).length).toBeGreaterThan(0);
  });
});

describe('operators\' routes want ADMIN_TOKEN', () => {
  let bot: TestBot;
  const token = 'an-admin-token-of-some-length';
  beforeAll(async () => {
    bot = await startTestBot({ ADMIN_TOKEN: token });
  });
  afterAll(async () => bot.stop());
  const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, bot.app.url), { headers });

  it('401 without a token, with a wrong one, or with the right one not as a bearer', async () => {
    expect((await get('/admin/outbox')).status).toBe(401);
    expect((await get('/admin/outbox', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get('/admin/outbox', { authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await get('/admin/outbox', { authorization: token })).status).toBe(401);
    expect((await get('/admin/outbox')).headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('200 with it', async () => {
    const res = await get('/admin/outbox', { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty('pending');
  });

  it('health and readiness stay open', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
  });
});

describe('a conversation that floods', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ RATE_LIMIT_MESSAGES: '5', RATE_LIMIT_WINDOW_SECONDS: '60' });
  });
  afterAll(async () => bot.stop());

  it('has only the budget processed, hears "slow down" once, and never slows another conversation', async () => {
    const flooder = bot.conversation();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => flooder.post({ type: 'message', text: `halo ${i}` })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const all = texts(flooder.activities);
    expect(all.filter((t) => t.startsWith('Pelan-pelan ya')).length).toBe(1);
    // Five processed turns: each answers; the 25 dropped ones answer nothing.
    const answered = results.filter((r) => r.replies.some((a) => a.type === 'message' && !String(a.text).startsWith('Pelan-pelan'))).length;
    expect(answered).toBe(5);

    const other = bot.conversation();
    const started = Date.now();
    expect(texts(await other.say('halo')).length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the Bot Framework samples\' .env shape starts the bot', () => {
  it('all four Microsoft variables present and empty mean their defaults', async () => {
    const bot = await startTestBot({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '', MicrosoftAppTenantId: '', PORT: '0', ADMIN_TOKEN: '' });
    try {
      expect((await fetch(new URL('/healthz', bot.app.url))).status).toBe(200);
      expect(texts(await bot.conversation().say('halo')).length).toBeGreaterThan(0);
      // ADMIN_TOKEN empty = unset: loopback callers (this test) get in.
      expect((await fetch(new URL('/admin/outbox', bot.app.url))).status).toBe(200);
    } finally {
      await bot.stop();
    }
  });
});

describe('with several instances (STORAGE=redis) the budget is shared', () => {
  it('a flood spread over two instances is counted once', async () => {
    const pair = await startRedisPair('ratelimit', { RATE_LIMIT_MESSAGES: '4', RATE_LIMIT_WINDOW_SECONDS: '60' });
    try {
      const onA = pair.a.conversation();
      const onB = pair.b.conversation({ id: onA.id });
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? onA : onB).post({ type: 'message', text: `halo ${i}` })));
      expect(results.every((r) => r.status === 200)).toBe(true);
      const answered = results.filter((r) => r.replies.some((a) => a.type === 'message' && !String(a.text).startsWith('Pelan-pelan'))).length;
      expect(answered).toBe(4);
      const told = [...texts(onA.activities), ...texts(onB.activities)].filter((t) => t.startsWith('Pelan-pelan ya'));
      expect(told.length).toBe(1);
    } finally {
      await pair.stop();
    }
  });
});
