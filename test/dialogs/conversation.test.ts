/** The conversation's mechanics: slot filling, corrections, standing requests, bad input. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TYPING_DELAY_MS } from '../../src/dialogs/turn.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { ecareChannelData } from '../support/ecare.js';
import { DialogHarness, diagnosisTrace, handoffEvent, slotPrompts, tEn, tId, texts } from '../support/dialogs.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());

describe('collecting the slots', () => {
  it('asks one missing slot at a time, each with an example, in the table order', async () => {
    const bot = await DialogHarness.start({}, simulator);
    const first = await bot.say('halo');
    expect(texts(first)[0]!.startsWith(tId('greeting.welcome'))).toBe(true);
    expect(slotPrompts(first)).toEqual(['msisdn']);
    expect(texts(first)).toContain(tId('slots.ask.msisdn'));
    expect(slotPrompts(await bot.say('0811 0000 0007'))).toEqual(['paymentDate']);
    expect(slotPrompts(await bot.say('kemarin'))).toEqual(['paymentChannel']);
    const services = await bot.say('indomaret');
    expect(slotPrompts(services)).toEqual(['affectedServices']);
    const question = services.find((a) => a.text === tId('slots.ask.affectedServices'));
    expect(question?.suggestedActions?.actions.map((a) => a.title)).toEqual(['Internet', 'Telepon', 'SMS', 'Semuanya']);
    const notification = await bot.say('Semuanya');
    expect(slotPrompts(notification)).toEqual(['notificationReceived']);
    const diagnosis = await bot.say('Ya, sudah');
    expect(texts(diagnosis).some((t) => t.startsWith(tId('summary.text').slice(0, 20)))).toBe(true);
    // The systems answered at once: no typing indicator, one post fewer.
    expect(diagnosis.some((a) => a.type === 'typing')).toBe(false);
    expect(diagnosisTrace(diagnosis)?.outcome).toBe('TICKET_BLOCKED');
  });

  it('shows a typing indicator, after the summary, while slow systems are checked', async () => {
    const slow = await startSimulator({ latencyMs: TYPING_DELAY_MS + 300 });
    try {
      const bot = await DialogHarness.start({}, slow);
      await bot.say('nomor 0811 0000 0007 udh bayar kemarin lwt bca tp internet blm bs');
      const diagnosis = (await bot.say('iya')).filter((a) => a.type !== 'trace');
      expect(diagnosis.map((a) => a.type).slice(0, 3)).toEqual(['message', 'typing', 'message']);
      expect(diagnosis[0]?.text?.startsWith(tId('summary.text').slice(0, 20))).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('takes several slots from one message and asks only what is missing', async () => {
    const bot = await DialogHarness.start({}, simulator);
    const turn = await bot.say('udh bayar kmrn lwt livin tp internet sm telpon blm bs, no saya 0811-0000-0007');
    expect(slotPrompts(turn)).toEqual(['notificationReceived']);
  });

  it('accepts a correction of an earlier answer and says so', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('0811 0000 0007');
    await bot.say('tgl 20');
    const corrected = await bot.say('eh bukan, tgl 21');
    expect(texts(corrected).some((t) => t.startsWith(tId('summary.corrected', { changes: '' }).slice(0, 10)))).toBe(true);
    expect(texts(corrected).join(' ')).toMatch(/21/);
    expect(slotPrompts(corrected)).toEqual(['paymentChannel']);
  });

  it('re-asks an unusable answer with a hint, and after three tries hands off with what it has', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('0811 0000 0007');
    const retry = await bot.say('asdfgh');
    expect(texts(retry)).toContain(tId('slots.retry.paymentDate'));
    await bot.say('qwerty');
    const last = await bot.say('zzz');
    expect(texts(last).join('\n')).toContain(tId('handoff.tooManyTries'));
    expect(handoffEvent(last)?.value).toMatchObject({ reason: 'TOO_MANY_TRIES', customer: { msisdn: '6281100000007' } });
  });

  it('an E-Care customer is not asked the number, and the ticket names the portal and account', async () => {
    const bot = await DialogHarness.start({ channelId: 'webchat', channelData: await ecareChannelData('6281100000007', 'budi.ecare') }, simulator);
    const first = await bot.say('udh bayar kemarin lewat bca tapi internet mati');
    expect(texts(first)).toContain(tId('slots.ask.notificationReceived'));
    // Greeted (with the privacy notice) and by name, told which number is checked — masked.
    expect(texts(first).join('\n')).toContain(tId('greeting.privacy'));
    expect(texts(first)).toContain(tId('greeting.ecare', { name: 'budi.ecare', msisdn: '0811-****-0007' }));
    expect(texts(first).join('\n')).not.toContain('0811-0000-0007');
    await bot.say('sudah');
    await bot.say('Bandung');
    await bot.say('tidak ada');
    expect(simulator.tickets()[0]!.request).toMatchObject({
      complaintChannel: 'ECARE',
      customer: { msisdn: '6281100000007', accountName: 'budi.ecare' },
    });
  });
});

describe('standing requests at any step', () => {
  it('"batal" ends politely, without a hand-off', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('0811 0000 0007');
    const end = await bot.say('batal aja');
    expect(texts(end)).toContain(tId('control.cancelled'));
    expect(handoffEvent(end)).toBeUndefined();
    expect(slotPrompts(await bot.say('halo'))).toEqual(['paymentDate']);
  });

  it('asking for a person hands off at once with everything known so far', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('0811 0000 0007 bayar kemarin via ovo');
    const end = await bot.say('mau ngomong sama cs aja');
    expect(handoffEvent(end)?.value).toMatchObject({
      reason: 'CUSTOMER_REQUEST',
      customer: { msisdn: '6281100000007' },
      answers: { paymentChannel: { provider: 'OVO' } },
    });
    expect(texts(await bot.say('halo?'))).toContain(tId('handoff.alreadyHandedOff'));
  });

  it('"bantuan" explains the current question and asks it again', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('0811 0000 0007');
    const help = await bot.say('bantuan');
    expect(texts(help)).toEqual([tId('slots.help.paymentDate'), tId('slots.ask.paymentDate')]);
  });

  it('"ulang" starts over', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('0811 0000 0007 bayar kemarin');
    const again = await bot.say('ulang');
    expect(texts(again)[0]).toBe(tId('control.restarted'));
    expect(slotPrompts(again)).toEqual(['msisdn']);
  });
});

describe('bad input gets a clear answer', () => {
  it('a huge message is answered with a request to keep it short, and the question stays', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('halo');
    const reply = await bot.say('x'.repeat(20_000));
    expect(texts(reply)).toEqual([tId('control.tooLong'), tId('slots.ask.msisdn')]);
  });

  it('emoji and punctuation are re-asked with a hint', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('halo');
    expect(texts(await bot.say('🙏🙏🙏 ???'))).toContain(tId('slots.retry.msisdn'));
  });
});

describe('in English', () => {
  it('runs the blocked path to a ticket and hand-off', async () => {
    const bot = await DialogHarness.start({ locale: 'en-US' }, simulator);
    const first = await bot.say('hi');
    expect(texts(first)[0]!.startsWith(tEn('greeting.welcome'))).toBe(true);
    expect(texts(await bot.say('081100000007'))).toContain(tEn('slots.ask.paymentDate'));
    await bot.say('yesterday');
    await bot.say('BCA mobile banking');
    await bot.say('Internet');
    const diagnosis = await bot.say('Yes');
    expect(texts(diagnosis)).toContain(`${tEn('outcome.blocked')}\n\n${tEn('slots.ask.location')}`);
    await bot.say('Jakarta');
    const end = await bot.say('none');
    expect(texts(end).join(' ')).toMatch(/Your ticket has been created/);
    expect(handoffEvent(end)).toBeDefined();
  });

  it('runs the network refresh path', async () => {
    const bot = await DialogHarness.start({ locale: 'en-US' }, simulator);
    await bot.say('my number is 081100000010, I paid yesterday via gopay but internet is not working');
    await bot.say('yes');
    const steps = await bot.say('Surabaya');
    expect(texts(steps)).toEqual(expect.arrayContaining([tEn('refresh.android'), tEn('refresh.iphone')]));
    expect(texts(await bot.say('yes'))).toContain(tEn('refresh.worked'));
  });
});

describe('what an ended conversation keeps (UU PDP data minimisation)', () => {
  it('after the hand-off: the outcome, the ticket and the number; no transcript, answers or evidence', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 0811 0000 0007 udh bayar kemarin lwt bca tp internet blm bs');
    const during = await bot.conversationState();
    expect(during?.transcript).toBeDefined();
    await bot.say('iya');
    await bot.say('Bandung');
    const end = await bot.say('tidak ada');
    expect(handoffEvent(end)).toBeDefined();
    const kept = await bot.conversationState();
    expect(kept?.transcript).toBeUndefined();
    expect(kept?.case).toEqual({
      failures: {},
      msisdn: '6281100000007',
      outcome: 'TICKET_BLOCKED',
      ticket: { ticketId: expect.stringMatching(/^TT-/), status: 'OPEN' },
      ticketPending: false,
      handedOff: true,
      // How the conversation ended, counted once for the metrics (no personal data).
      ending: 'escalated',
    });
    expect(JSON.stringify(kept)).not.toMatch(/Bandung|BCA|ACTIVE_OUT_OF_COLLECTION/);
    // A returning customer still hears where the case stands.
    expect(texts(await bot.say('halo lagi')).join(' ')).toMatch(/TT-/);
  });

  it('a conversation still waiting on an answer keeps everything it needs', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 081100000010 udh bayar kemarin lwt gopay tp internet blm bs');
    await bot.say('iya');
    await bot.say('Surabaya');
    const waiting = await bot.conversationState();
    expect((waiting?.case as { decision?: unknown }).decision).toBeDefined();
    expect(waiting?.transcript).toBeDefined();
  });
});

describe('answers ahead of the question', () => {
  it('thanks the customer and asks what is still missing, without counting a failure', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('halo');
    const ahead = await bot.say('udh bayar kmrn lwt livin tp internet blm bs');
    expect(texts(ahead)).toEqual([tId('summary.noted'), tId('slots.ask.msisdn')]);
    await bot.say('xx');
    await bot.say('yy');
    // two unusable answers after the one that answered ahead: still no hand-off
    const third = await bot.say('0811 0000 0007');
    expect(slotPrompts(third)).toEqual(['notificationReceived']);
  });

  it('does not take "iya" as a location', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 081100000010 udh bayar kemarin lwt bca tp internet blm bs');
    await bot.say('iya');
    const reply = await bot.say('iya');
    expect(texts(reply)).toContain(tId('slots.retry.location'));
  });
});
