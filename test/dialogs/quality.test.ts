/**
 * Conversations as customers write them on WhatsApp (issue "Conversation quality"): the
 * exchanges as reported, through the real dialogs, NLU and simulator, asserting what the
 * ticket and the hand-off carry, not only the replies.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TicketRequest } from '../../src/contracts/backend.js';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { jakartaDate } from '../../src/domain/evidence.js';
import { DialogHarness, diagnosisTrace, handoffEvent, slotPrompts, tId, texts } from '../support/dialogs.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());

const ticketOf = () => TicketRequest.parse(simulator.tickets()[0]!.request);

describe('an answer to one question does not overwrite another slot', () => {
  it.each([
    ['sms sih blm ada, tp struk dr alfa ada'],
    ['sms dr bank sih blm ada, tp struknya ada kok'],
    ['notif sms blm dpt, tp bukti transfer ada'],
  ])('"%s" to the notification question keeps the services and counts as proof of payment', async (answer) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 0811-0000-0007 udh bayar kemarin di alfamart tp gabisa nelpon');
    const turn = await bot.say(answer);
    expect(texts(turn).join(' ')).not.toContain(tId('summary.corrected', { changes: '' }).slice(0, 12));
    expect(slotPrompts(turn)).toEqual(['location']);
    await bot.say('Bekasi');
    const end = await bot.say('tidak ada');
    expect(ticketOf()).toMatchObject({ affectedServices: ['VOICE'], payment: { notificationReceived: true } });
    expect(handoffEvent(end)?.value).toMatchObject({ answers: { affectedServices: ['VOICE'], proofOfPayment: true } });
  });

  it('"maaf bisa diulang pertanyaannya? maksudnya sms dr siapa?" asks the question again, changes nothing, costs no try', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 0811-0000-0007 udh bayar kemarin lwt bca tp internet ga bisa');
    for (let i = 0; i < 3; i++) {
      const turn = await bot.say('maaf bisa diulang pertanyaannya? maksudnya sms dr siapa?');
      expect(slotPrompts(turn)).toEqual(['notificationReceived']);
      expect(handoffEvent(turn)).toBeUndefined();
    }
    await bot.say('iya');
    await bot.say('Depok');
    await bot.say('tidak ada');
    expect(ticketOf().affectedServices).toEqual(['DATA']);
  });
});

describe('a correction is taken, said once, and the conversation goes on', () => {
  it.each([
    ['eh bukan sms kak, yg mati internet. sy di depok', ['DATA'], 'Depok'],
    ['bukan sms, tapi data yg mati. lokasi sy di bekasi', ['DATA'], 'Bekasi'],
  ])('"%s" at the location question', async (message, services, location) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 081100000007 udh bayar kemarin lewat bca tp sms ga bisa');
    await bot.say('iya');
    const turn = await bot.say(message);
    expect(texts(turn)[0]).toContain(tId('summary.corrected', { changes: '' }).slice(0, 12));
    // The table decided on the old services: it is checked again before the ticket.
    expect(texts(turn)).toContain(tId('summary.checkingAgain'));
    expect(diagnosisTrace(turn)?.outcome).toBe('TICKET_BLOCKED');
    // The location in the same message was taken: the next question follows at once.
    expect(slotPrompts(turn)).toEqual(['alternateContact']);
    await bot.say('ga ada');
    expect(ticketOf()).toMatchObject({ affectedServices: services, location });
  });

  it.each([
    ['kan td udh sy bilang, BANDUNG COBLONG!!', 'Bandung Coblong'],
    ['td kan udh sy sebut, depok!!', 'Depok'],
  ])('"%s" is the location, not a payment date', async (message, location) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 081100000007 udh bayar kemarin lewat bca tp internet ga bisa');
    await bot.say('iya');
    const turn = await bot.say(message);
    expect(texts(turn).join(' ')).not.toContain(tId('format.slot.paymentDate', { value: '' }).trim());
    expect(slotPrompts(turn)).toEqual(['alternateContact']);
    await bot.say('ga ada');
    const ticket = ticketOf();
    expect(ticket.location).toBe(location);
    // "td" (tadi, earlier today) must not overwrite "kemarin": the date stays yesterday on the
    // customer's calendar (Asia/Jakarta), whatever the UTC date of the machine running the test.
    const yesterdayInJakarta = jakartaDate(new Date(Date.now() - 86_400_000).toISOString());
    expect(ticket.payment.date).toBe(yesterdayInJakarta);
  });
});

describe('"ga jadi" with facts is those facts, not a cancel', () => {
  it.each([
    'eh gajadi deh, nomer sy 0811-0000-0007, bayar kemarin lwt shopeepay, semua layanan mati',
    'ga jadi, maksudnya nomor sy 0811 0000 0007, bayar kemarin pake shopeepay, semua layanan mati',
  ])('"%s"', async (message) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('halo');
    const turn = await bot.say(message);
    expect(texts(turn)).not.toContain(tId('control.cancelled'));
    expect(slotPrompts(turn)).toEqual(['notificationReceived']);
  });

  it('a soft "ga jadi deh" alone is confirmed first; "lho kok dibatalin??" is no cancel', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 0811-0000-0007 bayar kemarin');
    const asked = await bot.say('ga jadi deh');
    expect(texts(asked)).toContain(tId('control.confirmCancel'));
    expect(asked.find((a) => a.text === tId('control.confirmCancel'))?.suggestedActions?.actions.map((a) => a.title)).toEqual([tId('control.button.cancelYes'), tId('control.button.cancelNo')]);
    const goOn = await bot.say(tId('control.button.cancelNo'));
    expect(texts(goOn)).toContain(tId('control.cancelDeclined'));
    expect(texts(goOn)).toContain(tId('slots.ask.paymentChannel'));
    const question = texts(await bot.say('lho kok dibatalin??'));
    expect(question).not.toContain(tId('control.cancelled'));
    expect(question).toContain(tId('control.confirmCancel'));
    await bot.say('ga');
    await bot.say('skip aja');
    expect(texts(await bot.say(tId('control.button.cancelYes')))).toContain(tId('control.cancelled'));
  });

  it('"batal" still cancels', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 0811-0000-0007 bayar kemarin');
    expect(texts(await bot.say('batal'))).toContain(tId('control.cancelled'));
  });
});

// (6) and (9): off-topic questions store nothing; the customer's own questions are answered.
describe('the customer\'s own questions are answered, then the question comes again', () => {
  it.each([
    ['eh kak btw promo kuota bulan ini apa aja ya?', 'control.sideQuestion.offTopic'],
    ['cara beli paket internet gmn kak?', 'control.sideQuestion.offTopic'],
    ['berapa lama tiketnya kak?', 'control.sideQuestion.ticketDuration'],
    ['data sy aman ga?', 'control.sideQuestion.dataSafety'],
  ] as const)('"%s"', async (question, key) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 0811-0000-0007 udh bayar kemarin lwt bca');
    const turn = await bot.say(question);
    expect(texts(turn)).toContain(tId(key));
    expect(slotPrompts(turn)).toEqual(['affectedServices']);
    // Nothing in an off-topic question is the case's data.
    await bot.say('telepon');
    await bot.say('iya');
    await bot.say('Depok');
    await bot.say('tidak ada');
    expect(ticketOf().affectedServices).toEqual(['VOICE']);
  });
});

describe('tone', () => {
  it('an angry message hears one empathetic sentence, never the same one twice in a row', async () => {
    const bot = await DialogHarness.start({}, simulator);
    const first = texts(await bot.say('PARAH BANGET!! udh bayar kok nomor sy msh keblokir??'));
    const second = texts(await bot.say('kesel bgt gimana sih!! nomornya 0811-0000-0007'));
    const sentences = [tId('control.empathy.sorry'), tId('control.empathy.understand')];
    const said1 = first.find((t) => sentences.includes(t));
    const said2 = second.find((t) => sentences.includes(t));
    expect(said1).toBeDefined();
    expect(said2).toBeDefined();
    expect(said2).not.toBe(said1);
  });

  it('a second unusable answer hears the question explained, not the same retry again; buttons stay', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 0811-0000-0007 udh bayar kemarin lwt bca tp internet ga bisa');
    const first = await bot.say('hmm');
    expect(texts(first)).toEqual([tId('slots.retry.notificationReceived')]);
    const second = await bot.say('hmm');
    expect(texts(second)).toEqual([`${tId('slots.help.notificationReceived')}\n\n${tId('slots.ask.notificationReceived')}`]);
    expect(second.find((a) => a.type === 'message')?.suggestedActions?.actions.map((a) => a.title)).toEqual([tId('slots.button.yes'), tId('slots.button.no')]);
    // An ordinary yes is still taken after that.
    expect(slotPrompts(await bot.say('ud'))).not.toContain('notificationReceived');
  });

  it('the three-tries hand-off says "connecting" once and does not claim details it lacks', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('halo');
    await bot.say('xyz');
    await bot.say('abc');
    const end = texts(await bot.say('qwerty')).join('\n');
    expect(end.match(/hubungkan/g)).toHaveLength(1);
    expect(end).not.toMatch(/sudah menerima semua informasi/);
  });
});

describe('proof of payment after "check with your payment channel" (SOP Notes 7)', () => {
  it.each([
    ['struknya ada nih, no ref 123456789. bisa dicek ga?'],
    ['sudah sy cek ke bank, ini bukti transfernya ada kak'],
    ['ada kok buktinya, kode transaksi 88123'],
  ])('"%s" is decided at once: ticket "belum masuk ledger", hand-off, no question asked again', async (proof) => {
    const bot = await DialogHarness.start({}, simulator);
    const advice = await bot.say('nomor 081100000002 udh bayar kemarin lwt bca tp internet ga bisa');
    expect(advice.length).toBeGreaterThan(0);
    const confirm = await bot.say('belum');
    expect(texts(confirm)).toContain(tId('outcome.confirmWithChannelComeBack'));
    const back = await bot.say(proof);
    expect(slotPrompts(back)).toEqual(['location']);
    expect(texts(back).join(' ')).toContain(tId('outcome.paymentNotPosted'));
    await bot.say('Depok');
    const end = await bot.say('tidak ada');
    expect(ticketOf()).toMatchObject({ outcome: 'TICKET_PAYMENT_NOT_POSTED', payment: { notificationReceived: true }, affectedServices: ['DATA'] });
    expect(handoffEvent(end)?.value).toMatchObject({ answers: { proofOfPayment: true } });
  });
});

describe('the customer sees what the ticket will say, once, and can still fix it', () => {
  it('the summary comes with the last question; a fix in the answer is taken and checked again', async () => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 081100000007 udh bayar kemarin lewat bca tp sms ga bisa');
    await bot.say('iya');
    const summary = await bot.say('Depok');
    const shown = texts(summary).find((t) => t.startsWith(tId('summary.beforeTicket').slice(0, 20)));
    expect(shown).toContain('Depok');
    expect(shown).toContain('SMS');
    expect(slotPrompts(summary)).toEqual(['alternateContact']);
    const fixed = await bot.say('eh bukan sms, yg mati internet');
    expect(texts(fixed)).toContain(tId('summary.checkingAgain'));
    expect(slotPrompts(fixed)).toEqual(['alternateContact']);
    // The updated summary, once, with the question again.
    expect(texts(fixed).filter((t) => t.startsWith(tId('summary.beforeTicket').slice(0, 20)))).toHaveLength(1);
    await bot.say('ga ada');
    expect(ticketOf()).toMatchObject({ affectedServices: ['DATA'], location: 'Depok' });
  });
});

describe('more of the reported exchanges', () => {
  it.each([
    ['nomor 0811-0000-0007, sy di bekasi, udh bayar kemarin lwt bca tp internet ga bisa', 'Bekasi'],
    ['halo kak, lokasi sy di depok, nomor 0811 0000 0007 bayar kemarin via bca internet mati', 'Depok'],
  ])('(7) a location in the first long message is not asked again: "%s"', async (first, location) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say(first);
    const turn = await bot.say('iya');
    expect(slotPrompts(turn)).toEqual(['alternateContact']);
    await bot.say('tidak ada');
    expect(ticketOf().location).toBe(location);
  });

  it.each(['internet mati total', 'internetnya mati total kak', 'data mati total'])('(8) "%s" is the internet, not every service', async (services) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 0811-0000-0007 udh bayar kemarin lwt bca');
    await bot.say(services);
    await bot.say('iya');
    await bot.say('Depok');
    await bot.say('tidak ada');
    expect(ticketOf().affectedServices).toEqual(['DATA']);
  });

  it.each(['ud', 'oh udh dpt kok dr bca', 'notif udh masuk kok', 'wis', 'tos'])('(10) "%s" is an ordinary yes, not a failed try', async (yes) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 0811-0000-0007 udh bayar kemarin lwt bca tp internet ga bisa');
    const turn = await bot.say(yes);
    expect(texts(turn)).not.toContain(tId('slots.retry.notificationReceived'));
    expect(slotPrompts(turn)).toEqual(['location']);
  });

  it.each([
    ['kenapa harus refresh?', 'control.sideQuestion.whyRefresh'],
    ['knp sih hrs nanya lokasi segala?', 'slots.help.location'],
    ['halo?? kok diem', 'control.sideQuestion.stillHere'],
  ] as const)('(9) "%s" is answered, then the question again; it is never stored as a location', async (question, key) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 081100000007 udh bayar kemarin lewat bca tp internet ga bisa');
    await bot.say('iya');
    const turn = await bot.say(question);
    expect(texts(turn)).toContain(tId(key));
    expect(slotPrompts(turn)).toEqual(['location']);
    await bot.say('Bogor');
    await bot.say('tidak ada');
    expect(ticketOf().location).toBe('Bogor');
  });

});

describe('no dead ends', () => {
  const conversations = [
    ['halo', '0811-0000-0007', 'kemarin', 'alfamart', 'gabisa nelpon', 'sms sih blm ada, tp struk dr alfa ada', 'kan td udh sy bilang, BANDUNG COBLONG!!', 'ga ada'],
    ['nomor 081100000007 udh bayar kemarin lewat bca tp sms ga bisa', 'iya', 'eh bukan sms kak, yg mati internet. sy di depok', 'berapa lama tiketnya kak?', 'ga ada'],
    ['halo', 'eh gajadi deh, nomer sy 0811-0000-0007, bayar kemarin lwt shopeepay, semua layanan mati', 'halo?? kok diem', 'ud', 'Surabaya', 'tidak ada'],
    ['PARAH!! udh bayar kok blm aktif', '0811 0000 0009', 'kmrn', 'livin', 'internet', 'iya', 'Malang', 'kenapa harus refresh?', 'belum'],
  ];
  it.each(conversations.map((c) => [c[0]!, c] as const))('every reply that is not the end asks something: "%s"…', async (_first, lines) => {
    const bot = await DialogHarness.start({}, simulator);
    for (const [i, line] of lines.entries()) {
      const turn = await bot.say(line);
      const ended = handoffEvent(turn) !== undefined || texts(turn).some((t) => t.includes(tId('handoff.connecting')));
      if (ended) {
        expect(i, `ended early at "${line}"`).toBe(lines.length - 1);
        return;
      }
      const asks = slotPrompts(turn).length > 0 || texts(turn).some((t) => t === tId('control.confirmCancel'));
      expect(asks, `"${line}" → ${JSON.stringify(texts(turn))}`).toBe(true);
    }
  });
});

describe('more summary fixes and E-Care (11, 13)', () => {
  it.each([
    ['eh lokasinya bekasi timur ya, nomor lain ga ada', 'Bekasi Timur'],
    ['ralat, lokasi sy di depok beji', 'Depok Beji'],
  ])('(11) a wrong location fixed in the last answer: "%s"', async (fix, location) => {
    const bot = await DialogHarness.start({}, simulator);
    await bot.say('nomor 081100000007 udh bayar kemarin lewat bca tp internet ga bisa');
    await bot.say('iya');
    await bot.say('Bekasi');
    await bot.say(fix);
    if (simulator.tickets().length === 0) await bot.say('tidak ada');
    expect(ticketOf().location).toBe(location);
  });

  it.each([
    ['id-ID', 'greeting.ecare'],
    ['en-US', 'greeting.ecare'],
  ] as const)('(13) an E-Care customer (%s) is greeted with the privacy notice, by name, with the number masked', async (locale, key) => {
    const { ecareChannelData } = await import('../support/ecare.js');
    const { translator } = await import('../support/dialogs.js');
    const t = translator.forLocale(locale.startsWith('en') ? 'en' : 'id');
    const bot = await DialogHarness.start({ locale, channelId: 'webchat', channelData: await ecareChannelData('6281100000007', 'Sari Wulandari') }, simulator);
    const first = texts(await bot.say(locale.startsWith('en') ? 'I paid yesterday with BCA but the internet still does not work' : 'udh bayar kemarin lwt bca tp internet blm bs'));
    expect(first.join('\n')).toContain(t('greeting.privacy'));
    expect(first).toContain(t(key, { name: 'Sari Wulandari', msisdn: '0811-****-0007' }));
    expect(first.join('\n')).not.toContain('0811-0000-0007');
  });
});

