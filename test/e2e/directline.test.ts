/**
 * Whole SOP-007 conversations through Microsoft's own Direct Line client
 * (`botframework-directlinejs`) against the bot's own Direct Line endpoint: over WebSocket
 * and polling, with a reconnect in the middle, to a ticket and a hand-off.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { chatToken, DirectLineSession, type ReceivedActivity } from '../support/directline.js';

const texts = (activities: ReceivedActivity[]) => activities.filter((a) => a.type === 'message').map((a) => a.text ?? '');

describe('Direct Line with botframework-directlinejs', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ DIRECT_LINE_SECRET: 'directline-test-secret-at-least-32-chars' });
  });
  afterAll(async () => bot.stop());
  beforeEach(() => bot.app.simulator!.reset());

  for (const webSocket of [true, false]) {
    it(`blocked number to ticket and hand-off, ${webSocket ? 'WebSocket' : 'polling'}, reconnecting midway`, async () => {
      const { token } = await chatToken(bot.app.url);
      const domain = `${bot.app.url}/v3/directline`;
      let session = new DirectLineSession(domain, token, webSocket);
      // The greeting comes without the customer typing (conversationUpdate with bot and user).
      const greeting = await session.waitFor((b) => b.some((a) => a.type === 'message'), 'greeting');
      expect(texts(greeting).join(' ')).toMatch(/halo|selamat/i);
      expect(texts(await session.say('halo')).join(' ')).toMatch(/nomor/i);
      await session.say('0811-0000-0007');
      const { conversationId, watermark } = session.position();
      session.end();

      // Reconnect: a new client on the same conversation, from the last watermark.
      session = new DirectLineSession(domain, token, webSocket, { conversationId, watermark });
      await session.say('kmrn');
      expect(session.received.some((a) => a.text === 'halo')).toBe(false); // nothing seen twice
      await session.say('atm bca');
      await session.say('internet');
      await session.say('udah');
      await session.say('Bekasi');
      const end = await session.say('0813 2222 3333');
      await session.waitFor((b) => b.some((a) => a.type === 'event' && a.name === 'handoff.initiate'), 'hand-off');

      const [stored] = bot.app.simulator!.tickets();
      expect(stored).toBeDefined();
      expect(stored!.request).toMatchObject({ outcome: 'TICKET_BLOCKED', complaintChannel: 'WEBCHAT', conversationId });
      expect(texts(end).join(' ')).toContain(stored!.ticket.ticketId);
      const handoff = session.bot().find((a) => a.name === 'handoff.initiate');
      expect(handoff?.value).toMatchObject({ outcome: 'TICKET_BLOCKED', ticket: { ticketId: stored!.ticket.ticketId } });
      // The customer's own messages came back (Web Chat marks them sent by clientActivityID).
      expect(session.received.some((a) => a.from.role === 'user' && a.text === 'Bekasi')).toBe(true);
      session.end();
    });
  }
});
