/**
 * The K44 ticket of DECISION-TABLE.md §4 and the note added to an existing one (row 1, §5).
 * Pure: the caller passes every time in, and the idempotency keys are hashes of stable ids.
 *
 * The summary and notes are agent-facing data in Indonesian (agents read Indonesian), not
 * customer-facing chat text, so they do not go through locales.
 */
import { createHash } from 'node:crypto';
import type { NoteRequest, TicketRequest, TranscriptEntry } from '../contracts/backend.js';
import { SOP_REFERENCE } from '../contracts/backend.js';
import type { DeviceAdvice, Evidence, OutcomeDecision } from './decide.js';
import { deviceAdvice, isActiveAndUnblocked } from './decide.js';
import type { Answers, Facts, PaymentChannel, Service } from './types.js';
import { ALL_SERVICES } from './types.js';

/** The two KIP texts exactly as the SOP writes them (the comma differs too). */
export const KIP_LEDGER_POSTED =
  'Consumer - tagihan & pembayaran - pembayaran tagihan - k44 pembayaran berhasil namun nomor masih terblock & sudah masuk ledger';
export const KIP_LEDGER_NOT_POSTED =
  'Consumer - tagihan & pembayaran - pembayaran tagihan - k44 pembayaran berhasil, namun nomor masih terblock & belum masuk ledger';

export interface TicketConversation {
  id: string;
  /** The Bot Framework channel id: 'webchat', 'msteams', 'emulator', … */
  channelId: string;
  /** Set when the E-Care portal vouched for the customer (channelData.ecare). */
  ecare?: { accountName: string } | null;
  transcript: TranscriptEntry[];
}

/** A ticket is created only after the location and the other contact number were asked. */
export type TicketAnswers = Answers & { location: string; alternateContact: string | null };

export interface TicketInput {
  answers: TicketAnswers;
  facts: Facts;
  /** Must create a ticket: `createsTicket`, e.g. from decide() or afterRefreshFailed(). */
  decision: OutcomeDecision;
  conversation: TicketConversation;
}

export interface BuiltTicket {
  idempotencyKey: string;
  request: TicketRequest;
}

export function buildTicket(input: TicketInput): BuiltTicket {
  const { answers, facts, decision, conversation } = input;
  if (!decision.createsTicket) {
    // Guards "never opens a second K44 ticket" (row 1) and the no-ticket rows 2, 8, 9, 10.
    throw new Error(`outcome ${decision.outcome} (row ${decision.row}) creates no ticket`);
  }
  const ev = decision.evidence;
  const profile = facts.profile.status === 'ok' ? facts.profile.value : null;
  const networkRefreshTried = answers.networkRefreshTried === true || ev.refreshFailed === true;
  const channel = complaintChannel(conversation);
  const customer: TicketRequest['customer'] = {
    msisdn: answers.msisdn,
    name: profile?.customerName ?? null,
    cardType: profile?.cardType ?? null,
    customerClass: profile?.customerClass ?? null,
    accountName: conversation.ecare?.accountName ?? profile?.accountName ?? null,
  };
  const request: TicketRequest = {
    kip: { code: 'K44', ledgerPosted: decision.ledgerPosted, path: kipPath(decision.ledgerPosted) },
    outcome: decision.outcome,
    route: decision.route,
    customer,
    complaintChannel: channel,
    payment: {
      date: answers.paymentDate,
      channel: paymentChannelText(answers.paymentChannel),
      notificationReceived: answers.notificationReceived,
    },
    // The status the decision was taken on, so the ticket explains its outcome.
    systemStatus: {
      collectionStatus: ev.collectionStatus,
      dscStatus: ev.dscStatus,
      hlrState: ev.hlrState,
      barrings: [...ev.barrings],
      profileBlocks: [...ev.profileBlocks],
      unavailableSystems: [...ev.unavailableSystems],
    },
    affectedServices: sortedServices(answers.affectedServices),
    location: answers.location,
    alternateContact: answers.alternateContact,
    networkRefreshTried,
    summary: summaryLines({ answers, decision, channel, customer, facts, networkRefreshTried }).join('\n'),
    transcript: conversation.transcript.map((t) => ({ ...t })),
    sopReference: SOP_REFERENCE,
    conversationId: conversation.id,
  };
  return { idempotencyKey: ticketIdempotencyKey(conversation.id, answers.msisdn), request };
}

/**
 * One K44 ticket per customer number per conversation: the key ignores the outcome, so a
 * retry, a restart or a later outcome in the same conversation replays the first ticket.
 */
export function ticketIdempotencyKey(conversationId: string, msisdn: string): string {
  return `sop007-ticket-${digest([conversationId, msisdn])}`;
}

/** "Belum masuk ledger" also when unknown: only a ledger known to be posted says otherwise. */
export function kipPath(ledgerPosted: boolean | null): string {
  return ledgerPosted === true ? KIP_LEDGER_POSTED : KIP_LEDGER_NOT_POSTED;
}

const CHANNELS: Readonly<Record<string, string>> = { webchat: 'WEBCHAT', msteams: 'TEAMS', emulator: 'EMULATOR' };

export function complaintChannel(conversation: Pick<TicketConversation, 'channelId' | 'ecare'>): string {
  if (conversation.ecare) return 'ECARE';
  return CHANNELS[conversation.channelId] ?? conversation.channelId.toUpperCase();
}

/** "BCA (MOBILE_BANKING)", "INDOMARET", "ATM"; the codes `understand` gives, readable as they are. */
export function paymentChannelText(channel: PaymentChannel): string {
  const { provider, method } = channel;
  if (provider && method) return `${provider} (${method})`;
  return provider ?? method ?? 'tidak disebutkan';
}

/** SOP Notes 4: `layanan yang dikeluhkan: VOICE / SMS / DATA INTERNET`, or SEMUANYA for all three. */
export function servicesLine(services: readonly Service[]): string {
  const set = new Set(services);
  if (ALL_SERVICES.every((s) => set.has(s))) return 'layanan yang dikeluhkan: SEMUANYA';
  const named = (['VOICE', 'SMS', 'DATA'] as const).filter((s) => set.has(s)).map((s) => (s === 'DATA' ? 'DATA INTERNET' : s));
  return `layanan yang dikeluhkan: ${named.join(' / ')}`;
}

function sortedServices(services: readonly Service[]): Service[] {
  return ALL_SERVICES.filter((s) => services.includes(s));
}

interface SummaryInput {
  answers: TicketAnswers;
  decision: OutcomeDecision;
  channel: string;
  customer: TicketRequest['customer'];
  facts: Facts;
  networkRefreshTried: boolean;
}

function summaryLines(s: SummaryInput): string[] {
  const { answers, decision } = s;
  const ev = decision.evidence;
  const row = decision.row === 'unavailable' ? 'sistem tidak tersedia' : `baris ${decision.row}`;
  const c = s.customer;
  return [
    'Keluhan SOP-007 (K44): pembayaran berhasil namun nomor masih terblokir.',
    `Hasil diagnosis bot: ${decision.outcome} (${row} tabel keputusan), rute ${decision.route}.`,
    servicesLine(answers.affectedServices),
    `Pelanggan: ${unknown(c.name)}, MSISDN ${c.msisdn}, kelas ${unknown(c.customerClass)}, kartu ${unknown(c.cardType)}, ` +
      `nama akun ${unknown(c.accountName ?? null)}, saluran keluhan ${s.channel}.`,
    `Pembayaran menurut pelanggan: tanggal ${answers.paymentDate} melalui ${paymentChannelText(answers.paymentChannel)}; ` +
      `notifikasi SMS/e-mail ${answers.notificationReceived ? 'sudah' : 'belum'} diterima.`,
    faPaymentLine(ev),
    `Status collection (FA): ${unknown(ev.collectionStatus)}.`,
    ...statusLines(ev),
    outageLine(ev),
    ...(ev.unavailableSystems.length > 0 ? [`Sistem tidak tersedia: ${ev.unavailableSystems.join(', ')}.`] : []),
    deviceLine(s.facts, answers),
    `Refresh jaringan sudah dicoba: ${s.networkRefreshTried ? 'ya' : 'tidak'}${ev.refreshFailed ? ' (tidak berhasil)' : ''}.`,
    `Lokasi: ${answers.location}. CP lain: ${answers.alternateContact ?? 'tidak ada'}.`,
  ];
}

function faPaymentLine(ev: Evidence): string {
  const p = ev.payment;
  if (p) {
    return `Pembayaran di FA: ${p.id}, dibayar ${p.paidAt} (tanggal WIB ${p.paidOnJakarta}), ${p.channel}, ` +
      `Rp ${rupiah(p.amount)}, ${p.ledgerPosted ? 'sudah' : 'belum'} masuk ledger.`;
  }
  if (ev.paymentFound === null) return 'Pembayaran di FA: tidak diketahui (FA tidak tersedia).';
  if (ev.financialAccountNotFound) return 'Pembayaran di FA: financial account tidak ditemukan untuk MSISDN ini.';
  return `Pembayaran di FA: tidak ditemukan sejak ${ev.paymentSearchFrom}.`;
}

function statusLines(ev: Evidence): string[] {
  return [
    `Status DSC: ${unknown(ev.dscStatus)}; blokir profil: ${list(ev.profileBlocks)}.`,
    `Status HLR: ${unknown(ev.hlrState)}; barring: ${list(ev.barrings)}.`,
  ];
}

function outageLine(ev: Evidence): string {
  if (ev.outageCheck === 'not_made') return 'Gangguan massal: belum dicek.';
  if (ev.outageCheck === 'unavailable') return 'Gangguan massal: tidak diketahui (NETWORK tidak tersedia).';
  if (!ev.outage) return 'Gangguan massal: tidak ada yang menyentuh layanan yang dikeluhkan di lokasi pelanggan.';
  const recovery = ev.outage.estimatedRecoveryAt ? `, perkiraan pulih ${ev.outage.estimatedRecoveryAt}` : '';
  return `Gangguan massal: ${ev.outage.id} (${ev.outage.services.join(', ')})${recovery}.`;
}

const ADVICE_TEXT: Record<DeviceAdvice, string> = {
  IMEI_UNREGISTERED: 'IMEI belum terdaftar',
  NO_4G_FOR_DATA: 'perangkat tidak mendukung 4G (keluhan DATA)',
};

function deviceLine(facts: Facts, answers: Answers): string {
  if (facts.device.status === 'unavailable') return 'Perangkat: tidak diketahui (DEVICE tidak tersedia).';
  if (facts.device.status === 'not_found') return 'Perangkat: tidak ada data perangkat.';
  const advice = deviceAdvice(facts, answers);
  return `Perangkat: ${advice.length > 0 ? advice.map((a) => ADVICE_TEXT[a]).join('; ') : 'tidak ada catatan'}.`;
}

function unknown(value: string | null): string {
  return value ?? 'tidak diketahui';
}

function list(items: readonly string[]): string {
  return items.length > 0 ? items.join(', ') : 'tidak ada';
}

const RUPIAH = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });

function rupiah(amount: number): string {
  return RUPIAH.format(amount);
}

function digest(parts: readonly string[]): string {
  // JSON keeps ("a","bc") and ("ab","c") apart.
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
}

// ── Notes on an existing ticket ────────────────────────────────────────────────────────────

/**
 * RECHECK: row 1's re-run checks. ACTIVE_AGAIN: §5's monitoring saw the number active.
 * MONITORING_ENDED: §5's monitoring reached its horizon without seeing it active.
 */
export type NotePurpose = 'RECHECK' | 'ACTIVE_AGAIN' | 'MONITORING_ENDED';

const NOTE_HEADLINE: Record<NotePurpose, string> = {
  RECHECK: 'Pengecekan ulang (SOP-007 Notes 1)',
  ACTIVE_AGAIN: 'Pemantauan (SOP-007 Notes 5)',
  MONITORING_ENDED: 'Pemantauan berakhir (SOP-007 Notes 5)',
};

export interface NoteInput {
  ticketId: string;
  conversationId: string;
  purpose: NotePurpose;
  /** When the checks were made (ISO 8601), passed in: this module reads no clock. */
  checkedAt: string;
  facts: Pick<Facts, 'profile' | 'hlr'>;
  /** The row-1 decision's evidence, for the payment and availability lines. */
  evidence?: Evidence;
  affectedServices?: readonly Service[];
}

export interface BuiltNote {
  idempotencyKey: string;
  request: NoteRequest;
}

export const NOTE_MAX_CHARS = 4000;

export function buildTicketNote(input: NoteInput): BuiltNote {
  const { evidence: ev } = input;
  const headline = NOTE_HEADLINE[input.purpose];
  const profile = input.facts.profile.status === 'ok' ? input.facts.profile.value : null;
  const hlr = input.facts.hlr.status === 'ok' ? input.facts.hlr.value : null;
  const lines = [
    `[Bot] ${headline} pada ${input.checkedAt}, percakapan ${input.conversationId}.`,
    ...(input.affectedServices && input.affectedServices.length > 0 ? [servicesLine(input.affectedServices)] : []),
    `Status DSC: ${unknown(profile?.status ?? null)}; blokir profil: ${list(profile?.profileBlocks.map((b) => `${b.service}:${b.reason}`) ?? [])}.`,
    `Status HLR: ${unknown(hlr?.state ?? null)}; barring: ${list(hlr?.barrings.map((b) => `${b.service}:${b.reason}`) ?? [])}.`,
    ...(ev ? [faPaymentLine(ev)] : []),
    ...(ev && ev.unavailableSystems.length > 0 ? [`Sistem tidak tersedia: ${ev.unavailableSystems.join(', ')}.`] : []),
    isActiveAndUnblocked(input.facts)
      ? 'Kesimpulan: nomor sudah aktif dan tidak terblokir.'
      : input.purpose === 'MONITORING_ENDED'
        ? 'Kesimpulan: sampai batas waktu pemantauan nomor belum aktif atau masih terblokir; pemantauan otomatis dihentikan, mohon ditindaklanjuti petugas.'
        : 'Kesimpulan: nomor belum aktif atau masih terblokir.',
  ];
  const text = lines.join('\n');
  return {
    idempotencyKey: `sop007-note-${digest([input.ticketId, input.conversationId, input.purpose])}`,
    request: { text: text.length > NOTE_MAX_CHARS ? `${text.slice(0, NOTE_MAX_CHARS - 1)}…` : text, author: 'sop007-bot' },
  };
}
