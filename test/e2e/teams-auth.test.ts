/**
 * Authentication as Teams sends it, over real HTTP to the real app: channel tokens signed by a
 * local stand-in of the Bot Framework's OpenID keys, issuer api.botframework.com, a Teams
 * `serviceurl` claim, a key endorsed for `msteams`; and the tenant allow-list.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { captureLog } from '../support/logs.js';
import { newSigningKey, signChannelToken, startOpenIdServer } from '../support/openid.js';
import { BOT_ID, TEAMS_SERVICE_URL, teamsActivity, teamsUser } from '../support/teams.js';

const APP_ID = '00000000-0000-0000-0000-0000000000aa';
const ALLOWED_TENANT = '11111111-2222-3333-4444-555555555555';

describe('Teams channel tokens and TEAMS_ALLOWED_TENANTS', () => {
  let bot: TestBot;
  const captured = captureLog('info');
  let openId: Awaited<ReturnType<typeof startOpenIdServer>>;
  const teamsKey = newSigningKey();
  const webchatOnlyKey = newSigningKey();

  const post = (activity: Record<string, unknown>, token?: string) =>
    fetch(`${bot.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(activity),
    });

  beforeAll(async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    openId = await startOpenIdServer([
      { kid: 'teams-key', ...teamsKey.jwk, endorsements: ['msteams'] },
      { kid: 'webchat-key', ...webchatOnlyKey.jwk, endorsements: ['webchat'] },
    ]);
    bot = await startTestBot({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      BOT_OPENID_METADATA_URL: openId.metadataUrl,
      TEAMS_ALLOWED_TENANTS: ` ${ALLOWED_TENANT} ,`,
    }, captured.log);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await bot.stop();
    await openId.close();
  });

  const allowedUser = () => teamsUser('personal', { tenantId: ALLOWED_TENANT });
  const teamsToken = (claims: Record<string, unknown> = {}) => signChannelToken(teamsKey.privateKey, 'teams-key', { appId: APP_ID, serviceUrl: TEAMS_SERVICE_URL, ...claims });

  it('accepts a Teams token (issuer api.botframework.com, Teams serviceurl, key endorsed for msteams)', async () => {
    const res = await post(teamsActivity(allowedUser(), { type: 'typing' }), teamsToken());
    expect(res.status).toBe(200);
  });

  it('handles installationUpdate from Teams (200, nothing sent)', async () => {
    const res = await post(teamsActivity(allowedUser(), { type: 'installationUpdate', action: 'add' }), teamsToken());
    expect(res.status).toBe(200);
  });

  it('rejects a Teams activity without a token (401)', async () => {
    expect((await post(teamsActivity(allowedUser(), { type: 'typing' }))).status).toBe(401);
  });

  it('rejects a token whose serviceurl claim is another Teams region than the activity (401)', async () => {
    const res = await post(teamsActivity(allowedUser(), { type: 'typing' }), teamsToken({ serviceUrl: 'https://smba.trafficmanager.net/emea/' }));
    expect(res.status).toBe(401);
  });

  it('rejects a token from another issuer (401)', async () => {
    expect((await post(teamsActivity(allowedUser(), { type: 'typing' }), teamsToken({ iss: 'https://sts.windows.net/evil/' }))).status).toBe(401);
  });

  it('rejects a msteams activity signed by a key not endorsed for msteams (401)', async () => {
    const token = signChannelToken(webchatOnlyKey.privateKey, 'webchat-key', { appId: APP_ID, serviceUrl: TEAMS_SERVICE_URL });
    expect((await post(teamsActivity(allowedUser(), { type: 'typing' }), token)).status).toBe(401);
  });

  it('a validly signed install from another tenant is acknowledged (200) and not processed: no greeting goes out', async () => {
    const stranger = teamsUser('personal');
    // A greeting would be posted to smba.trafficmanager.net; nothing may leave, so nothing is mocked.
    const res = await post(teamsActivity(stranger, { type: 'conversationUpdate', membersAdded: [{ id: BOT_ID, name: 'SOP007 Bot' }] }), teamsToken());
    expect(res.status).toBe(200);
    expect(captured.lines.some((line) => line.event === 'msteams.tenant_refused')).toBe(true);
    expect(captured.errors()).toEqual([]);
  });
});
