import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { newSigningKey, signJwt, startOpenIdServer } from '../support/openid.js';

const APP_ID = '00000000-0000-0000-0000-000000000001';

describe('authentication when MicrosoftAppId is set', () => {
  let bot: TestBot;
  let openId: Awaited<ReturnType<typeof startOpenIdServer>>;
  const trusted = newSigningKey();
  const attacker = newSigningKey();

  const token = (key = trusted.privateKey, claims: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      { iss: 'https://api.botframework.com', aud: APP_ID, nbf: now - 60, exp: now + 600, serviceurl: bot.channel.url, ...claims },
      key,
      'trusted-key',
    );
  };

  beforeAll(async () => {
    // botbuilder prints rejected tokens with console.error; the assertions below are the record.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    openId = await startOpenIdServer([{ kid: 'trusted-key', ...trusted.jwk, endorsements: ['emulator', 'webchat'] }]);
    bot = await startTestBot({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      BOT_OPENID_METADATA_URL: openId.metadataUrl,
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await bot.stop();
    await openId.close();
  });

  it('rejects a request without a token (401)', async () => {
    const { status, replies } = await bot.conversation().post({ type: 'message', text: 'halo' });
    expect(status).toBe(401);
    expect(replies).toEqual([]);
  });

  it('rejects a token signed by another key (401)', async () => {
    const { status } = await bot.conversation().post({ type: 'typing' }, { authorization: `Bearer ${token(attacker.privateKey)}` });
    expect(status).toBe(401);
  });

  it('rejects a token for another bot (401) and an expired token (401)', async () => {
    const other = await bot.conversation().post({ type: 'typing' }, { authorization: `Bearer ${token(undefined, { aud: 'someone-else' })}` });
    expect(other.status).toBe(401);
    const expired = await bot.conversation().post({ type: 'typing' }, { authorization: `Bearer ${token(undefined, { exp: 1000, nbf: 0 })}` });
    expect(expired.status).toBe(401);
  });

  it('accepts a correctly signed channel token (200)', async () => {
    const { status } = await bot.conversation().post({ type: 'typing' }, { authorization: `Bearer ${token()}` });
    expect(status).toBe(200);
  });
});
