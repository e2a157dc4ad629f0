/**
 * A Direct Line conversation's history and the bot's file store: it survives a restart
 * (STORAGE=file, the same DATA_DIR and DIRECT_LINE_SECRET), so a client reconnecting with its
 * token and watermark reads the old history and the conversation goes on where it was; and
 * it is forgotten with the conversation after CONVERSATION_RETENTION_HOURS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startTestBot, type TestBot } from '../support/app.js';

const SECRET = 'directline-test-secret-at-least-32-chars';
type Activity = { id: string; type: string; text?: string; from: { role?: string } };

const client = (url: string, token: string) => {
  const base = `${url}/v3/directline`;
  return {
    start: () => fetch(`${base}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }),
    read: async (conversationId: string, watermark = '') => {
      const res = await fetch(`${base}/conversations/${conversationId}/activities?watermark=${watermark}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: res.status === 200 ? ((await res.json()) as { activities: Activity[]; watermark: string }) : undefined };
    },
    say: async (conversationId: string, text: string, id: string) =>
      (await fetch(`${base}/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text, channelData: { clientActivityID: id } }),
      })).status,
  };
};
const botTexts = (activities: Activity[]) => activities.filter((a) => a.type === 'message' && a.from.role === 'bot').map((a) => a.text ?? '');

describe('Direct Line history in the store', () => {
  const dirs: string[] = [];
  const bots: TestBot[] = [];
  afterAll(async () => {
    for (const bot of bots) await bot.stop().catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('survives a restart with STORAGE=file: old history by watermark, and the conversation goes on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sop007-dl-'));
    dirs.push(dataDir);
    const env = { DIRECT_LINE_SECRET: SECRET, STORAGE: 'file', DATA_DIR: dataDir };
    let bot = await startTestBot(env);
    bots.push(bot);
    const { token, conversationId } = (await (await fetch(`${bot.app.url}/chat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
    let dl = client(bot.app.url, token);
    expect((await dl.start()).status).toBe(201);
    expect(await dl.say(conversationId, 'halo, sudah bayar tapi nomor belum aktif', 'm1')).toBe(200);
    expect(await dl.say(conversationId, '0811-0000-0007', 'm2')).toBe(200);
    const before = (await dl.read(conversationId)).body!;
    expect(botTexts(before.activities).at(-1)).toMatch(/Kapan Anda membayar/i);
    await bot.stop();

    bot = await startTestBot(env);
    bots.push(bot);
    dl = client(bot.app.url, token);
    const after = await dl.read(conversationId, '0');
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before);
    expect((await dl.read(conversationId, before.watermark)).body!.activities).toEqual([]);
    // The same token starts nothing new: the conversation is there (200, not 201).
    expect((await dl.start()).status).toBe(200);
    expect(await dl.say(conversationId, 'kemarin', 'm3')).toBe(200);
    const next = (await dl.read(conversationId, before.watermark)).body!;
    expect(next.activities.find((a) => a.from.role === 'user')?.text).toBe('kemarin');
    expect(botTexts(next.activities).at(-1)).toMatch(/Pembayarannya lewat apa/i);
    // A client repeating its last message after the restart is still recognised (clientActivityID).
    expect(await dl.say(conversationId, 'kemarin', 'm3')).toBe(200);
    expect((await dl.read(conversationId, next.watermark)).body!.activities).toEqual([]);
  });

  it('is forgotten with the conversation after CONVERSATION_RETENTION_HOURS, unless its number is watched', async () => {
    const retentionMs = 1500;
    const bot = await startTestBot({ DIRECT_LINE_SECRET: SECRET, CONVERSATION_RETENTION_HOURS: String(retentionMs / 3_600_000) }, silentLogger, { retentionSweepMs: 100 });
    bots.push(bot);
    const open = async () => {
      const { token, conversationId } = (await (await fetch(`${bot.app.url}/chat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
      const dl = client(bot.app.url, token);
      await dl.start();
      return { dl, conversationId };
    };
    // A ticket: the number is watched until it is active again, so the bot keeps this one.
    const watched = await open();
    for (const [i, text] of ['nomor 0811 0000 0007 udh bayar kemarin lwt bca tp internet blm bs', 'iya', 'Bandung', 'tidak ada'].entries()) {
      expect(await watched.dl.say(watched.conversationId, text, `w${i}`)).toBe(200);
    }
    expect(botTexts((await watched.dl.read(watched.conversationId)).body!.activities).join(' ')).toMatch(/TT-\d{4}-\d+/);
    // Then one left idle: younger than the watched one, so by the sweep that forgets it the
    // watched one is past the retention too.
    const idle = await open();
    expect(await idle.dl.say(idle.conversationId, 'halo', 'm1')).toBe(200);

    // Idle past the retention: a sweep forgets it (404 to the client still holding its token).
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await idle.dl.read(idle.conversationId)).status;
    }
    expect(status).toBe(404);
    // The watched one is older, and is kept.
    expect((await watched.dl.read(watched.conversationId)).status).toBe(200);
  });
});
