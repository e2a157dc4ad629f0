/** The Teams input middleware alone, on botbuilder's TestAdapter: which turns reach the bot. */
import { TestAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TeamsIncoming } from '../../src/channels/teams/incoming.js';
import { createTranslator } from '../../src/i18n.js';
import { silentLogger } from '../../src/log.js';
import { teamsActivity, teamsUser, typed } from '../support/teams.js';

const ALLOWED = '11111111-2222-3333-4444-555555555555';

async function reaches(activity: Partial<Activity>, allowedTenants = [ALLOWED]): Promise<Partial<Activity> | undefined> {
  let seen: Partial<Activity> | undefined;
  const adapter = new TestAdapter(async (context) => {
    seen = { ...context.activity };
  });
  adapter.use(new TeamsIncoming({ allowedTenants, translator: createTranslator(), log: silentLogger }));
  await adapter.receiveActivity(activity);
  return seen;
}

describe('TeamsIncoming', () => {
  it('lets our proactive turns through the tenant allow-list (their reference has no channelData)', async () => {
    const user = teamsUser('personal', { tenantId: 'aaaaaaaa-0000-0000-0000-000000000000' });
    expect(await reaches({ ...teamsActivity(user, { type: 'event', name: 'ContinueConversation' }), channelData: undefined })).toBeDefined();
  });

  it('stops any activity of another tenant, and one without a tenant, when the list is set; passes all when empty', async () => {
    const stranger = teamsUser('personal');
    expect(await reaches(typed(stranger, 'halo'))).toBeUndefined();
    expect(await reaches(teamsActivity(stranger, { type: 'conversationUpdate' }))).toBeUndefined();
    expect(await reaches({ ...typed(stranger, 'halo'), channelData: {}, conversation: { id: 'a:1', isGroup: false, name: '', conversationType: 'personal' } })).toBeUndefined();
    expect(await reaches(typed(stranger, 'halo'), [])).toBeDefined();
    expect(await reaches(typed(teamsUser('personal', { tenantId: ALLOWED.toUpperCase() }), 'halo'))).toBeDefined();
  });

  it('leaves other channels untouched', async () => {
    const seen = await reaches({ type: 'message', text: '<at>Bot</at> halo', channelId: 'webchat' });
    expect(seen?.text).toBe('<at>Bot</at> halo');
  });

  it('keeps a message whose mention entity is malformed as it was sent, without throwing', async () => {
    const user = teamsUser('groupChat');
    const seen = await reaches({ ...typed(user, 'halo'), entities: [{ type: 'mention', text: '<at>x</at>' }] }, []);
    expect(seen?.text).toContain('halo');
  });
});
