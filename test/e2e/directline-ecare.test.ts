/**
 * An E-Care customer through Microsoft's own Direct Line client, as docs/ecare.md describes:
 * the portal's server mints the Direct Line token with the secret and the customer's signed
 * identity (tokens/generate), the page plays the conversation with that token, and the ticket
 * says complaintChannel ECARE for the vouched number. The number is never asked, and the
 * page cannot change it: an identity it adds to its activities (even one validly signed, for
 * another number) is dropped.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { DirectLineSession, type ReceivedActivity } from '../support/directline.js';
import { ecareChannelData, ecareToken, TEST_ECARE_SECRET } from '../support/ecare.js';

const SECRET = 'directline-test-secret-at-least-32-chars';
const VOUCHED = '6281100000007';
const t = createTranslator().forLocale('id');
const texts = (activities: ReceivedActivity[]) => activities.filter((a) => a.type === 'message').map((a) => a.text ?? '');

describe('E-Care through Direct Line (botframework-directlinejs)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ DIRECT_LINE_SECRET: SECRET, ECARE_IDENTITY_SECRET: TEST_ECARE_SECRET });
  });
  afterAll(async () => bot.stop());
  beforeEach(() => bot.app.simulator!.reset());

  it('a vouched customer reaches an ECARE ticket for the vouched number, never asked it, and the page cannot swap it', async () => {
    // The portal's server, server to server.
    const minted = await fetch(`${bot.app.url}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: 'ecare-42', name: 'Budi' }, ecare: { token: await ecareToken(VOUCHED, 'budi.ecare') } }),
    });
    expect(minted.status).toBe(200);
    const { token, conversationId } = (await minted.json()) as { token: string; conversationId: string };

    // The page: Web Chat's client with that token only. It tries to pass another identity.
    const forged = await ecareChannelData('6281100000008', 'someone.else');
    const session = new DirectLineSession(`${bot.app.url}/v3/directline`, token, true);
    await session.waitFor((b) => b.some((a) => a.type === 'message'), 'greeting');
    await session.say('halo, sudah bayar kemarin tapi nomor belum aktif', forged);
    for (const answer of ['atm bca', 'internet', 'udah', 'Bekasi', 'tidak ada']) {
      if (session.bot().some((a) => /TT-\d{4}-\d+/.test(a.text ?? ''))) break;
      await session.say(answer, forged);
    }
    await session.waitFor((b) => b.some((a) => /TT-\d{4}-\d+/.test(a.text ?? '')), 'ticket');
    const said = texts(session.bot()).join('\n');
    session.end();

    const [stored] = bot.app.simulator!.tickets();
    expect(stored?.request).toMatchObject({ complaintChannel: 'ECARE', customer: { msisdn: VOUCHED, accountName: 'budi.ecare' }, conversationId });
    expect(said).toContain(stored!.ticket.ticketId);
    // Greeted as the vouched customer, and never asked for a number.
    expect(said).toContain(t('greeting.ecare', { name: 'budi.ecare', msisdn: '0811-****-0007' }));
    expect(said).not.toContain(t('slots.ask.msisdn').split('?')[0]!); // "Boleh saya tahu nomor HP yang belum aktif"
    expect(said).not.toContain('someone.else');
    // Nothing the page sent under channelData.ecare was kept.
    const history = await fetch(`${bot.app.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } });
    expect(JSON.stringify(await history.json())).not.toContain(forged.ecare.token);
  });
});
