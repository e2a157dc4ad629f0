import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawActivity } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/app.js';

describe('bad HTTP input gets a 4xx, never a 500, a hang or a crash', () => {
  let bot: TestBot;
  const post = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(new URL('/api/messages', bot.app.url), { method: 'POST', headers, body });

  beforeAll(async () => {
    bot = await startTestBot({ MAX_BODY_BYTES: '4096' });
  });
  afterAll(async () => bot.stop());

  it('413 for a body over the size limit', async () => {
    const res = await post(JSON.stringify(rawActivity({ text: 'x'.repeat(10_000) })));
    expect(res.status).toBe(413);
  });

  it('413 for a small gzip body that inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify(rawActivity({ text: 'a'.repeat(200_000) }))));
    expect(bomb.length).toBeLessThan(4096);
    const res = await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
  });

  it('400 for a body that claims gzip but is not (restify/node-restify#1975), and the server lives on', async () => {
    const res = await post('{"type":"message"}', { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect((await fetch(new URL('/healthz', bot.app.url))).status).toBe(200);
  });

  it('accepts a genuinely gzipped activity', async () => {
    const body = gzipSync(Buffer.from(JSON.stringify(rawActivity({ type: 'typing' }))));
    const res = await post(body, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
  });

  it('415 for an unknown Content-Encoding', async () => {
    const res = await post('{}', { 'content-type': 'application/json', 'content-encoding': 'zstd-fake' });
    expect(res.status).toBe(415);
  });

  it('415 for a body that is not declared as JSON', async () => {
    expect((await post('type=message', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  it('400 for a body that is not JSON', async () => {
    expect((await post('{"type": "message",')).status).toBe(400);
  });

  it('400 for JSON that is not an object', async () => {
    for (const body of ['[1,2]', '"text"', '42', 'null']) expect((await post(body)).status).toBe(400);
  });

  it('400 for an activity without a type', async () => {
    const { type: _omit, ...withoutType } = rawActivity();
    const res = await post(JSON.stringify(withoutType));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ title: expect.stringMatching(/type/) });
  });

  it('400 for an activity without a conversation or serviceUrl', async () => {
    expect((await post(JSON.stringify(rawActivity({ conversation: undefined })))).status).toBe(400);
    expect((await post(JSON.stringify(rawActivity({ serviceUrl: 'not a url' })))).status).toBe(400);
  });

  it('answers health and readiness', async () => {
    const health = await fetch(new URL('/healthz', bot.app.url));
    expect(health.status).toBe(200);
    const ready = await fetch(new URL('/readyz', bot.app.url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});
