/** Direct Line tokens and history on their own: signing, expiry, binding, watermarks, de-duplication, retention. */
import { describe, expect, it } from 'vitest';
import { activitiesSince, batchesSince, ConversationHistory, MAX_KEPT_ACTIVITIES, MAX_KEPT_BYTES, parseWatermark } from '../../src/channels/directline/history.js';
import { bearerOf, createTokenService } from '../../src/channels/directline/tokens.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';
import { loadConfig } from '../../src/config.js';

const SECRET = 'unit-test-direct-line-secret-32-chars!!';

describe('Direct Line tokens', () => {
  it('round-trips the claims; another secret, a changed token or an old one is refused', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const tokens = createTokenService(SECRET, () => now);
    const { token, expires_in } = await tokens.issue({ conversationId: 'c1', userId: 'dl_u', ecare: 'jwt' });
    expect(expires_in).toBe(1800);
    expect(await tokens.verify(token)).toEqual({ ok: true, claims: { conversationId: 'c1', userId: 'dl_u', ecare: 'jwt' } });
    expect(await createTokenService(`${SECRET}x`, () => now).verify(token)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verify(`${token}x`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verify(undefined)).toEqual({ ok: false, reason: 'missing' });
    now = new Date('2026-01-01T00:31:00Z');
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
    expect(tokens.isSecret(SECRET)).toBe(true);
    expect(tokens.isSecret(`${SECRET}!`)).toBe(false);
    expect(bearerOf('Bearer abc')).toBe('abc');
    expect(bearerOf('Basic abc')).toBeUndefined();
  });
});

describe('Direct Line token lifetime (DIRECT_LINE_TOKEN_TTL_SECONDS)', () => {
  it('is 30 minutes unless configured; a configured one is what the token says and how long it works', async () => {
    expect(loadConfig({}).DIRECT_LINE_TOKEN_TTL_SECONDS).toBe(1800);
    // directlinejs refreshes every 15 minutes whatever the lifetime: shorter would expire first.
    expect(() => loadConfig({ DIRECT_LINE_TOKEN_TTL_SECONDS: '600' })).toThrow(/DIRECT_LINE_TOKEN_TTL_SECONDS/);
    const lifetime = loadConfig({ DIRECT_LINE_TOKEN_TTL_SECONDS: '3600' }).DIRECT_LINE_TOKEN_TTL_SECONDS;
    let now = new Date('2026-01-01T00:00:00Z');
    const tokens = createTokenService(SECRET, () => now, lifetime);
    const { token, expires_in } = await tokens.issue({ conversationId: 'c1', userId: 'dl_u' });
    expect(expires_in).toBe(3600);
    now = new Date('2026-01-01T00:59:00Z');
    expect((await tokens.verify(token)).ok).toBe(true);
    // A refresh (a new token for the same claims) lives a full lifetime from now.
    const refreshed = await tokens.issue({ conversationId: 'c1', userId: 'dl_u' });
    now = new Date('2026-01-01T01:01:00Z');
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
    expect(await tokens.verify(refreshed.token)).toEqual({ ok: true, claims: { conversationId: 'c1', userId: 'dl_u' } });
  });
});

describe('Direct Line history', () => {
  it('numbers activities by watermark, de-duplicates, keeps a bounded tail and forgets old conversations', async () => {
    let now = 1000;
    const history = new ConversationHistory(new MemoryStore(), () => now);
    expect(await history.create({ conversationId: 'c1', userId: 'u' })).toBe(true);
    expect(await history.create({ conversationId: 'c1', userId: 'u' })).toBe(false);
    const { ids } = await history.append('c1', [{ type: 'message', text: 'a', channelData: { clientActivityID: 'x' } }, { type: 'message', text: 'b' }]);
    expect(ids).toEqual(['c1|0000000', 'c1|0000001']);
    const dup = await history.append('c1', [{ type: 'message', text: 'a' }], (kept) => kept.find((a) => (a.channelData as { clientActivityID?: string } | undefined)?.clientActivityID === 'x'));
    expect(dup.duplicateOf?.id).toBe('c1|0000000');
    const record = (await history.get('c1'))!;
    expect(activitiesSince(record, 0).activities.map((a) => a.text)).toEqual(['a', 'b']);
    expect(activitiesSince(record, 1)).toMatchObject({ activities: [{ text: 'b' }], watermark: '2' });
    expect(activitiesSince(record, 2).activities).toEqual([]);
    expect(parseWatermark('12')).toBe(12);
    expect(parseWatermark('-1')).toBe(0);
    expect(parseWatermark('abc')).toBe(0);

    await history.append('c1', Array.from({ length: MAX_KEPT_ACTIVITIES + 10 }, (_, i) => ({ type: 'message', text: String(i) })));
    const long = (await history.get('c1'))!;
    expect(long.activities).toHaveLength(MAX_KEPT_ACTIVITIES);
    expect(activitiesSince(long, 0).activities).toHaveLength(MAX_KEPT_ACTIVITIES);

    now += 10_000;
    // Still needed (its number watched): kept however old, as the bot keeps its state.
    expect(await history.forgetOlderThan(5_000, async (id) => id === 'c1')).toBe(0);
    expect(await history.get('c1')).toBeDefined();
    expect(await history.forgetOlderThan(5_000)).toBe(1);
    expect(await history.get('c1')).toBeUndefined();
  });
});

describe('Direct Line batches for a socket', () => {
  it('cuts what is new into messages of about maxBytes, each with the watermark after its last activity', async () => {
    const history = new ConversationHistory(new MemoryStore());
    await history.create({ conversationId: 'c1', userId: 'u' });
    const { ids } = await history.append('c1', ['a', 'b', 'c', 'd', 'e'].map((text) => ({ type: 'message', text: text.repeat(100) })));
    const record = (await history.get('c1'))!;
    const one = JSON.stringify(record.activities[0]).length;
    const batches = batchesSince(record, 1, 2 * one + 10);
    expect(batches.map((b) => [b.activities.map((a) => a.id), b.watermark])).toEqual([
      [[ids[1], ids[2]], '3'],
      [[ids[3], ids[4]], '5'],
    ]);
    // Together, exactly what activitiesSince gives; one larger than maxBytes goes alone.
    expect(batches.flatMap((b) => b.activities)).toEqual(activitiesSince(record, 1).activities);
    expect(batchesSince(record, 0, 1).map((b) => b.watermark)).toEqual(['1', '2', '3', '4', '5']);
    expect(batchesSince(record, 5, 1000)).toEqual([]);
  });

  it('keeps at most MAX_KEPT_BYTES of history, the newest always, watermarks unchanged', async () => {
    const history = new ConversationHistory(new MemoryStore());
    await history.create({ conversationId: 'big', userId: 'u' });
    const big = (i: number) => ({ type: 'message', text: `${i}:${'x'.repeat(300 * 1024)}` });
    for (let i = 0; i < 10; i += 1) await history.append('big', [big(i)]);
    const record = (await history.get('big'))!;
    const bytes = record.activities.reduce((n, a) => n + JSON.stringify(a).length, 0);
    expect(bytes).toBeLessThanOrEqual(MAX_KEPT_BYTES);
    expect(record.keptBytes).toBe(bytes);
    expect(record.next).toBe(10);
    // The three newest fit; a client at watermark 0 gets those, and the next watermark is 10.
    const since = activitiesSince(record, 0);
    expect(since.activities.map((a) => String(a.text).split(':')[0])).toEqual(['7', '8', '9']);
    expect(since.watermark).toBe('10');
    // One activity larger than the cap is still kept, alone.
    await history.append('big', [{ type: 'message', text: 'y'.repeat(MAX_KEPT_BYTES + 10) }]);
    expect((await history.get('big'))!.activities).toHaveLength(1);
  });
});
