/** DECISION-TABLE.md §4: the K44 ticket, and the note on an existing ticket. */
import { describe, expect, it } from 'vitest';
import { NoteRequest, TicketRequest } from '../../src/contracts/backend.js';
import type { OutcomeDecision } from '../../src/domain/decide.js';
import { afterRefreshFailed, decide } from '../../src/domain/decide.js';
import type { TicketConversation, TicketInput } from '../../src/domain/ticket.js';
import {
  buildTicket, buildTicketNote, HEADLINES, jakartaIso, KIP_LEDGER_NOT_POSTED, KIP_LEDGER_POSTED, paymentChannelText, paymentChecks, servicesLine,
} from '../../src/domain/ticket.js';
import type { Answers, Facts } from '../../src/domain/types.js';
import { OUTCOMES } from '../../src/domain/types.js';
import { billing, device, history, hlr, makeAnswers, makeFacts, ok, outages, payment, profile, ticket, unavailable } from './factories.js';
import { allUnavailable } from './factories.js';

const BLOCKED: Partial<Facts> = { hlr: ok(hlr({ state: 'BARRED', barrings: [{ service: 'DATA', reason: 'COLLECTION' }] })) };

function conversation(over: Partial<TicketConversation> = {}): TicketConversation {
  return {
    id: 'conv-1',
    channelId: 'webchat',
    ecare: null,
    transcript: [
      { from: 'customer', text: 'udah bayar kemarin lewat BCA tapi internet belum bisa', at: '2026-11-21T09:00:00+07:00' },
      { from: 'bot', text: 'Baik, saya cek dulu ya.', at: '2026-11-21T09:00:01+07:00' },
    ],
    ...over,
  };
}

function input(over: Partial<Facts> = BLOCKED, answersOver: Partial<Answers> = {}, conv: Partial<TicketConversation> = {}): TicketInput {
  const facts = makeFacts(over);
  const answers = { ...makeAnswers(answersOver), location: 'Bandung', alternateContact: answersOver.alternateContact ?? null };
  const d = decide(facts, answers);
  if (d.kind !== 'outcome') throw new Error('expected an outcome');
  return { answers, facts, decision: d, conversation: conversation(conv) };
}

describe('buildTicket', () => {
  it('carries all six mandatory groups and parses with the contract schema', () => {
    const { request, idempotencyKey } = buildTicket(input(BLOCKED, { alternateContact: '628111222333' }));
    expect(TicketRequest.parse(request)).toEqual(request);
    expect(request).toMatchObject({
      outcome: 'TICKET_BLOCKED',
      route: 'BACKOFFICE',
      customer: { msisdn: '6281234567890', name: 'Budi Santoso', cardType: 'KARTUHALO', customerClass: 'REGULER', accountName: null },
      complaintChannel: 'WEBCHAT',
      payment: { date: '2026-11-20', channel: 'BCA (MOBILE_BANKING)', notificationReceived: true },
      systemStatus: {
        collectionStatus: 'OUT_OF_COLLECTION', dscStatus: 'ACTIVE', hlrState: 'BARRED',
        barrings: ['DATA:COLLECTION'], profileBlocks: [], unavailableSystems: [],
      },
      affectedServices: ['DATA'],
      location: 'Bandung',
      alternateContact: '628111222333',
      networkRefreshTried: false,
      sopReference: 'SOP-007/CCM-AC/CHM/VI/2017 (KM1100455)',
      conversationId: 'conv-1',
    });
    expect(request.transcript).toHaveLength(2);
    expect(idempotencyKey.length).toBeGreaterThanOrEqual(8);
    expect(idempotencyKey.length).toBeLessThanOrEqual(128);
  });

  it('puts the FA payment, outcome, evidence and device advice in an Indonesian summary', () => {
    const facts = { ...BLOCKED, device: ok(device({ imeiRegistered: false })) };
    const { summary } = buildTicket(input(facts, { affectedServices: ['VOICE', 'DATA'] })).request;
    const lines = summary.split('\n');
    expect(lines).toContain('layanan yang dikeluhkan: VOICE / DATA INTERNET');
    expect(summary).toContain('TICKET_BLOCKED (baris 7');
    expect(summary).toContain('PAY-1, dibayar 2026-11-20T10:15:00+07:00 (tanggal WIB 2026-11-20), BCA VA, Rp 150.000, sudah masuk ledger');
    expect(summary).toContain('Status HLR: BARRED; barring: DATA:COLLECTION.');
    expect(summary).toContain('IMEI belum terdaftar');
    expect(summary).toContain('Refresh jaringan sudah dicoba: tidak.');
    expect(summary).toContain('CP lain: tidak ada.');
  });

  it('uses the "sudah masuk ledger" KIP text only when the ledger is posted', () => {
    const posted = buildTicket(input()).request.kip;
    expect(posted).toEqual({ code: 'K44', ledgerPosted: true, path: KIP_LEDGER_POSTED });
    const notPosted = buildTicket(input({ ...BLOCKED, billing: ok(billing({ payments: [payment({ ledgerPosted: false })] })) })).request.kip;
    expect(notPosted).toEqual({ code: 'K44', ledgerPosted: false, path: KIP_LEDGER_NOT_POSTED });
    // Row 3: no payment found, so the ledger is unknown.
    const unknown = buildTicket(input({ billing: ok(billing({ payments: [] })) })).request;
    expect(unknown.outcome).toBe('TICKET_PAYMENT_NOT_POSTED');
    expect(unknown.kip).toEqual({ code: 'K44', ledgerPosted: null, path: KIP_LEDGER_NOT_POSTED });
  });

  it('writes the KIP texts exactly as the SOP does, comma included', () => {
    expect(KIP_LEDGER_POSTED).toBe('Consumer - tagihan & pembayaran - pembayaran tagihan - k44 pembayaran berhasil namun nomor masih terblock & sudah masuk ledger');
    expect(KIP_LEDGER_NOT_POSTED).toBe('Consumer - tagihan & pembayaran - pembayaran tagihan - k44 pembayaran berhasil, namun nomor masih terblock & belum masuk ledger');
  });

  it('names all three services as SEMUANYA and still lists them, sorted', () => {
    const { request } = buildTicket(input(BLOCKED, { affectedServices: ['VOICE', 'SMS', 'DATA'] }));
    expect(request.summary.split('\n')).toContain('layanan yang dikeluhkan: SEMUANYA');
    expect(request.affectedServices).toEqual(['DATA', 'SMS', 'VOICE']);
    expect(servicesLine(['DATA', 'SMS'])).toBe('layanan yang dikeluhkan: SMS / DATA INTERNET');
    expect(servicesLine(['SMS', 'VOICE'])).toBe('layanan yang dikeluhkan: VOICE / SMS');
  });

  it.each([
    [{ channelId: 'webchat', ecare: { accountName: 'budi88' } }, 'ECARE', 'budi88'],
    [{ channelId: 'webchat' }, 'WEBCHAT', 'from-profile'],
    [{ channelId: 'msteams' }, 'TEAMS', 'from-profile'],
    [{ channelId: 'emulator' }, 'EMULATOR', 'from-profile'],
    // The bot's own Direct Line serves the web chat page: its anonymous customers complain on WEBCHAT.
    [{ channelId: 'directline' }, 'WEBCHAT', 'from-profile'],
    [{ channelId: 'directline', ecare: { accountName: 'budi88' } }, 'ECARE', 'budi88'],
    [{ channelId: 'whatsapp' }, 'WHATSAPP', 'from-profile'],
  ])('complaint channel and account name for %j', (conv, channel, accountName) => {
    const facts = { ...BLOCKED, profile: ok(profile({ accountName: 'from-profile' })) };
    const { request } = buildTicket(input(facts, {}, conv));
    expect(request.complaintChannel).toBe(channel);
    expect(request.customer.accountName).toBe(accountName);
  });

  it('files a SYSTEM_UNAVAILABLE ticket with nulls for what the DSC would have said', () => {
    const { request } = buildTicket(input({ profile: unavailable() }));
    expect(TicketRequest.parse(request)).toEqual(request);
    expect(request.outcome).toBe('SYSTEM_UNAVAILABLE');
    expect(request.route).toBe('BACKOFFICE');
    expect(request.customer).toEqual({ msisdn: '6281234567890', name: null, cardType: null, customerClass: null, accountName: null });
    expect(request.systemStatus).toMatchObject({ dscStatus: null, unavailableSystems: ['DSC'] });
    expect(request.kip.path).toBe(KIP_LEDGER_POSTED); // the FA answered: ledger known to be posted
    expect(request.summary).toContain('Sistem tidak tersedia: DSC.');
  });

  it('files a SYSTEM_UNAVAILABLE ticket "belum masuk ledger" when the FA failed', () => {
    const { request } = buildTicket(input({ billing: unavailable(), device: unavailable() }));
    expect(request.kip).toEqual({ code: 'K44', ledgerPosted: null, path: KIP_LEDGER_NOT_POSTED });
    expect(request.systemStatus).toMatchObject({ collectionStatus: null, unavailableSystems: ['FA', 'DEVICE'] });
    expect(request.summary).toContain('Pembayaran di FA: tidak diketahui (sistem tidak menjawab).');
  });

  it('records the failed network refresh', () => {
    const base = input({ outages: outages() });
    const decision = afterRefreshFailed(base.decision);
    const { request } = buildTicket({ ...base, decision });
    expect(request).toMatchObject({ outcome: 'TICKET_BLOCKED', networkRefreshTried: true });
    expect(request.summary).toContain('Refresh jaringan sudah dicoba: ya (tidak berhasil).');
  });

  it('refuses outcomes that create no ticket (never a second K44 ticket)', () => {
    const existing = input({ history: ok(history({ tickets: [ticket()] })) });
    expect(existing.decision.outcome).toBe('EXISTING_TICKET');
    expect(() => buildTicket(existing)).toThrow(/creates no ticket/);
  });

  it('keys one ticket per number per conversation, whatever the outcome or retry', () => {
    const a = buildTicket(input()).idempotencyKey;
    expect(buildTicket(input()).idempotencyKey).toBe(a);
    const otherOutcome: OutcomeDecision = { ...input().decision, outcome: 'SYSTEM_UNAVAILABLE' };
    expect(buildTicket({ ...input(), decision: otherOutcome }).idempotencyKey).toBe(a);
    expect(buildTicket(input(BLOCKED, {}, { id: 'conv-2' })).idempotencyKey).not.toBe(a);
    expect(buildTicket(input(BLOCKED, { msisdn: '6281299990000' })).idempotencyKey).not.toBe(a);
    expect(a).toMatch(/^sop007-ticket-[0-9a-f]{40}$/);
  });

  it.each([
    [{ provider: 'BCA', method: 'MOBILE_BANKING' }, 'BCA (MOBILE_BANKING)'],
    [{ provider: 'INDOMARET', method: null }, 'INDOMARET'],
    [{ provider: null, method: 'ATM' }, 'ATM'],
    [{ provider: null, method: null }, 'tidak disebutkan'],
  ])('payment channel %j → %s', (channel, text) => {
    expect(paymentChannelText(channel)).toBe(text);
  });
});

describe('buildTicketNote', () => {
  const facts = { profile: ok(profile()), hlr: ok(hlr({ state: 'BARRED' })) };
  const base = { ticketId: 'TCK-1', conversationId: 'conv-1', purpose: 'RECHECK' as const, checkedAt: '2026-11-25T10:00:00+07:00', facts };

  it('writes the re-check results and a conclusion, within the contract', () => {
    const d = decide(makeFacts({ ...facts, history: ok(history({ tickets: [ticket()] })) }), makeAnswers());
    const { request } = buildTicketNote({ ...base, evidence: d.evidence, affectedServices: ['DATA'] });
    expect(NoteRequest.parse(request)).toEqual(request);
    const lines = request.text.split('\n');
    expect(lines[0]).toBe('[Bot] Pengecekan ulang (SOP-007 Notes 1) pada 2026-11-25T10:00:00+07:00, percakapan conv-1.');
    expect(lines).toContain('layanan yang dikeluhkan: DATA INTERNET');
    expect(lines).toContain('Status HLR: BARRED; barring: tidak ada.');
    expect(request.text).toContain('Pembayaran di FA: PAY-1');
    expect(lines.at(-1)).toBe('Kesimpulan: nomor belum aktif atau masih terblokir.');
  });

  it('says so when monitoring sees the number active and unblocked', () => {
    const { request } = buildTicketNote({ ...base, purpose: 'ACTIVE_AGAIN', facts: { profile: ok(profile()), hlr: ok(hlr()) } });
    expect(request.text).toContain('Pemantauan (SOP-007 Notes 5)');
    expect(request.text.split('\n').at(-1)).toBe('Kesimpulan: nomor sudah aktif dan tidak terblokir.');
  });

  it('keys a note by ticket, conversation and purpose only', () => {
    const key = buildTicketNote(base).idempotencyKey;
    expect(buildTicketNote({ ...base, checkedAt: '2026-11-25T11:00:00+07:00' }).idempotencyKey).toBe(key);
    expect(buildTicketNote({ ...base, purpose: 'ACTIVE_AGAIN' }).idempotencyKey).not.toBe(key);
    expect(buildTicketNote({ ...base, ticketId: 'TCK-2' }).idempotencyKey).not.toBe(key);
    expect(buildTicketNote({ ...base, conversationId: 'conv-2' }).idempotencyKey).not.toBe(key);
    expect(key).not.toBe(buildTicket(input()).idempotencyKey);
    expect(key.length).toBeLessThanOrEqual(128);
  });

  it('stays within 4000 characters', () => {
    const huge = { profile: ok(profile({ status: 'X'.repeat(5000) })), hlr: ok(hlr()) };
    const { request } = buildTicketNote({ ...base, facts: huge });
    expect(request.text.length).toBe(4000);
    expect(NoteRequest.parse(request)).toEqual(request);
  });
});

describe('a ticket summary an agent can trust', () => {
  const lineOf = (summary: string, prefix: string) => summary.split('\n').find((l) => l.startsWith(prefix));

  it('says unknown, not none, for every system that did not answer', () => {
    const { summary } = buildTicket(input({ ...BLOCKED, hlr: unavailable(), profile: unavailable(), history: unavailable(), device: unavailable(), billing: unavailable(), outages: unavailable() })).request;
    expect(lineOf(summary, 'Status HLR')).toBe('Status HLR: tidak diketahui (sistem tidak menjawab); barring: tidak diketahui (sistem tidak menjawab).');
    expect(lineOf(summary, 'Status DSC')).toBe('Status DSC: tidak diketahui (sistem tidak menjawab); blokir profil: tidak diketahui (sistem tidak menjawab).');
    expect(lineOf(summary, 'Riwayat CRM')).toBe('Riwayat CRM: tidak diketahui (sistem tidak menjawab).');
    expect(lineOf(summary, 'Perangkat')).toBe('Perangkat: tidak diketahui (sistem tidak menjawab).');
    expect(lineOf(summary, 'Status collection')).toBe('Status collection (FA): tidak diketahui (sistem tidak menjawab).');
    expect(lineOf(summary, 'Gangguan massal')).toBe('Gangguan massal: tidak diketahui (sistem tidak menjawab).');
    expect(summary.split('\n').filter((l) => !l.startsWith('Lokasi')).join('\n')).not.toMatch(/tidak ada/);
    // Answered "none" stays "none".
    const fine = buildTicket(input({ ...BLOCKED, outages: outages() })).request.summary;
    expect(lineOf(fine, 'Status HLR')).toBe('Status HLR: BARRED; barring: DATA:COLLECTION.');
    expect(lineOf(fine, 'Status DSC')).toBe('Status DSC: ACTIVE; blokir profil: tidak ada.');
    expect(lineOf(fine, 'Riwayat CRM')).toBe('Riwayat CRM: tiket K44 terbuka: tidak ada; tiket lain: tidak ada; interaksi tercatat: 0.');
  });

  it('the same in a note: an HLR that did not answer has unknown barrings', () => {
    const { request } = buildTicketNote({ ticketId: 'TCK-1', conversationId: 'conv-1', purpose: 'RECHECK', checkedAt: '2026-11-25T03:00:00Z', facts: { profile: unavailable(), hlr: unavailable() } });
    expect(request.text).toContain('Status HLR: tidak diketahui (sistem tidak menjawab); barring: tidak diketahui (sistem tidak menjawab).');
    expect(request.text).toContain('blokir profil: tidak diketahui (sistem tidak menjawab).');
  });

  it("writes the 'unavailable' row as a phrase", () => {
    const { summary } = buildTicket(input({ hlr: unavailable() })).request;
    expect(summary).toContain("Hasil diagnosis bot: SYSTEM_UNAVAILABLE (baris 'sistem tidak tersedia' tabel keputusan), rute BACKOFFICE.");
    expect(summary).not.toContain('(sistem tidak tersedia tabel');
  });

  it('heads each outcome with its own headline; a failed refresh is not "still blocked"', () => {
    const base = input({ outages: outages() }, { notificationReceived: true });
    expect(base.decision.outcome).toBe('NETWORK_REFRESH');
    const failed = buildTicket({ ...base, decision: afterRefreshFailed(base.decision) }).request.summary;
    expect(failed.split('\n')[0]).toBe('Keluhan SOP-007 (K44): pembayaran berhasil namun layanan belum normal setelah refresh jaringan.');
    expect(failed).not.toContain('masih terblokir');
    const blocked = buildTicket(input()).request.summary;
    expect(blocked.split('\n')[0]).toBe('Keluhan SOP-007 (K44): pembayaran berhasil namun nomor masih terblokir.');
    expect(new Set(Object.values(HEADLINES)).size).toBe(OUTCOMES.length + 1);
  });

  it('flags a payment channel or date the FA disagrees with, saying both', () => {
    const facts = { ...BLOCKED, billing: ok(billing({ payments: [payment({ channel: 'INDOMARET', paidAt: '2026-11-19T20:00:00Z' })] })) };
    const { summary } = buildTicket(input(facts, { paymentChannel: { provider: 'ALFAMART', method: 'CASH' } })).request;
    // 20:00 UTC on the 19th is 03:00 on the 20th in Jakarta: the same day, so no date flag.
    expect(lineOf(summary, 'Perlu dicek')).toBe('Perlu dicek: saluran pembayaran menurut pelanggan ALFAMART, di FA INDOMARET.');
    const otherDay = { ...BLOCKED, billing: ok(billing({ payments: [payment({ paidAt: '2026-11-19T16:59:00Z' })] })) };
    expect(lineOf(buildTicket(input(otherDay)).request.summary, 'Perlu dicek'))
      .toBe('Perlu dicek: tanggal pembayaran menurut pelanggan 2026-11-20, di FA 2026-11-19 (WIB).');
    // BCA paid by "BCA VA" on the same day: nothing to check.
    expect(lineOf(buildTicket(input()).request.summary, 'Perlu dicek')).toBeUndefined();
    expect(paymentChecks({ paymentDate: '2026-11-20', paymentChannel: { provider: 'SHOPEE', method: null } }, { payment: { ...input().decision.evidence.payment!, channel: 'SHOPEEPAY' } })).toHaveLength(1);
  });

  it('writes every time in Asia/Jakarta (+07:00), notes too', () => {
    const { request } = buildTicketNote({ ticketId: 'TCK-1', conversationId: 'conv-1', purpose: 'RECHECK', checkedAt: '2026-11-25T03:00:00.000Z', facts: { profile: ok(profile()), hlr: ok(hlr()) } });
    expect(request.text.split('\n')[0]).toBe('[Bot] Pengecekan ulang (SOP-007 Notes 1) pada 2026-11-25T10:00:00+07:00, percakapan conv-1.');
    const facts = { ...BLOCKED, billing: ok(billing({ payments: [payment({ paidAt: '2026-11-20T03:15:00Z' })] })) };
    const ticketReq = buildTicket(input(facts, {}, { transcript: [{ from: 'customer', text: 'halo', at: '2026-11-21T02:00:00.000Z' }] })).request;
    expect(ticketReq.summary).toContain('dibayar 2026-11-20T10:15:00+07:00 (tanggal WIB 2026-11-20)');
    expect(ticketReq.transcript?.[0]?.at).toBe('2026-11-21T09:00:00+07:00');
    expect(jakartaIso('not a time')).toBe('not a time');
  });

  const cases = [['all systems ok', makeFacts(BLOCKED)], ['every system unavailable', allUnavailable()]] as const;
  it.each(cases.flatMap(([name, facts]) => [...OUTCOMES, 'REFRESH_FAILED' as const].map((o) => [name, o, facts] as const)))(
    'reads cleanly: %s, %s', (_name, outcome, facts) => {
      const answers = { ...makeAnswers(), location: 'Bandung', alternateContact: null };
      const d = decide(facts, answers);
      if (d.kind !== 'outcome') throw new Error('expected an outcome');
      const decision: OutcomeDecision = outcome === 'REFRESH_FAILED'
        ? { ...d, outcome: 'TICKET_BLOCKED', row: 9, createsTicket: true, evidence: { ...d.evidence, refreshFailed: true } }
        : { ...d, outcome, createsTicket: true };
      const { request } = buildTicket({ answers, facts, decision, conversation: conversation() });
      expect(TicketRequest.parse(request)).toEqual(request);
      for (const line of request.summary.split('\n')) {
        expect(line).not.toMatch(/undefined|null|NaN|\[object| {2}|\(\(|\)\)|\.\.|\( | \)|^\s|\s$/);
        expect(line).toMatch(/\.$|^layanan yang dikeluhkan: /);
      }
      expect(request.summary.split('\n')[0]).toBe(`Keluhan SOP-007 (K44): ${HEADLINES[outcome]}.`);
    });
});
