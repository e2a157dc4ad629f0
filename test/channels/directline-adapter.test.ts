/**
 * The Direct Line adapter's updateActivity and deleteActivity: the history holds the new
 * version (or none), a client already past the activity is told (same id, later watermark),
 * and one reading from the start sees each activity once, in its first place.
 */
import { type Activity, TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { DirectLineAdapter } from '../../src/channels/directline/adapter.js';
import { activitiesSince, ConversationHistory } from '../../src/channels/directline/history.js';
import { MemoryStore } from '../../src/storage/memoryStore.js';

const conversation = { id: 'c1' } as Activity['conversation'];
/** Test activities carry only what matters here. */
const activity = (fields: Record<string, unknown>) => fields as Partial<Activity>;

async function setUp() {
  const history = new ConversationHistory(new MemoryStore());
  await history.create({ conversationId: 'c1', userId: 'dl_u' });
  const notified: string[] = [];
  const adapter = new DirectLineAdapter({ history, onAppended: (id) => notified.push(id), now: () => new Date('2026-01-01T00:00:00Z') });
  const context = new TurnContext(adapter, activity({ type: 'message', text: 'halo', conversation, from: { id: 'dl_u' }, recipient: { id: 'sop007-bot' }, channelId: 'directline' }));
  const [first, second] = await context.sendActivities([
    activity({ type: 'message', text: 'satu', from: { id: 'sop007-bot', role: 'bot' } }),
    activity({ type: 'message', text: 'dua', from: { id: 'sop007-bot', role: 'bot' } }),
  ]);
  return { history, adapter, context, notified, ids: [first!.id, second!.id] };
}

describe('DirectLineAdapter updateActivity / deleteActivity', () => {
  it('update: the history shows the new text once, and a client past it gets the new version', async () => {
    const { history, context, notified, ids } = await setUp();
    const seen = (await history.get('c1'))!;
    const watermark = Number(activitiesSince(seen, 0).watermark);
    notified.length = 0;

    await context.updateActivity(activity({ id: ids[0], type: 'message', text: 'satu (diperbarui)', conversation, from: { id: 'someone-else' } }));
    expect(notified).toEqual(['c1']);
    const record = (await history.get('c1'))!;
    const fromStart = activitiesSince(record, 0).activities;
    expect(fromStart.map((a) => [a.id, a.text])).toEqual([
      [ids[1], 'dua'],
      [ids[0], 'satu (diperbarui)'],
    ]);
    const updated = fromStart.find((a) => a.id === ids[0])!;
    // Who said it and when stay the bot's: Web Chat keeps the line where it was.
    expect(updated.from).toEqual(seen.activities[0]!.from);
    expect(updated.from).not.toEqual({ id: 'someone-else' });
    expect(updated.timestamp).toBe('2026-01-01T00:00:00.000Z');
    const after = activitiesSince(record, watermark);
    expect(after.activities.map((a) => a.text)).toEqual(['satu (diperbarui)']);
    expect(Number(after.watermark)).toBe(watermark + 1);

    // Updating the updated one again replaces the latest version.
    await context.updateActivity(activity({ id: ids[0], type: 'message', text: 'satu lagi', conversation }));
    expect(activitiesSince((await history.get('c1'))!, 0).activities.map((a) => a.text)).toEqual(['dua', 'satu lagi']);
  });

  it('delete: the content leaves the history; clients get a messageDelete under its id', async () => {
    const { history, context, notified, ids } = await setUp();
    const watermark = Number(activitiesSince((await history.get('c1'))!, 0).watermark);
    notified.length = 0;

    await context.deleteActivity(ids[1]!);
    expect(notified).toEqual(['c1']);
    const record = (await history.get('c1'))!;
    expect(JSON.stringify(record)).not.toContain('dua');
    const fromStart = activitiesSince(record, 0).activities;
    expect(fromStart.map((a) => [a.id, a.type])).toEqual([
      [ids[0], 'message'],
      [ids[1], 'messageDelete'],
    ]);
    expect(activitiesSince(record, watermark).activities).toEqual([expect.objectContaining({ id: ids[1], type: 'messageDelete' })]);
  });

  it('an activity not in the history cannot be updated or deleted', async () => {
    const { context, notified } = await setUp();
    notified.length = 0;
    await expect(context.updateActivity(activity({ id: 'c1|9999999', type: 'message', text: 'x', conversation }))).rejects.toThrow(/not in the conversation/);
    await expect(context.deleteActivity('c1|9999999')).rejects.toThrow(/not in the conversation/);
    expect(notified).toEqual([]);
  });
});
