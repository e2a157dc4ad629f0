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
import type { Answers, Facts, OutcomeCode, PaymentChannel, Service, SystemName } from './types.js';
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
    transcript: conversation.transcript.map((t) => ({ ...t, at: jakartaIso(t.at) })),
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

const CHANNELS: Readonly<Record<string, string>> = { webchat: 'WEBCHAT', directline: 'WEBCHAT', msteams: 'TEAMS', emulator: 'EMULATOR' };

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

/** What the headline says per outcome; a failed network refresh has its own. One place. */
export const HEADLINES: Readonly<Record<OutcomeCode | 'REFRESH_FAILED', string>> = {
  EXISTING_TICKET: 'tiket K44 untuk nomor ini sudah terbuka',
  CONFIRM_WITH_PAYMENT_CHANNEL: 'pembayaran tidak ditemukan di FA dan pelanggan belum menerima notifikasi',
  TICKET_PAYMENT_NOT_POSTED: 'pelanggan sudah menerima notifikasi pembayaran, namun pembayaran tidak ditemukan di FA',
  REACTIVATION: 'pembayaran berhasil namun nomor berstatus AGING, perlu reaktivasi',
  BILLCO_ACTIVATION: 'pembayaran berhasil namun HLR masih membarring nomor (HUM), perlu aktivasi BillCo',
  TICKET_VOLUNTARY_BLOCK: 'pembayaran berhasil namun nomor dalam blokir sukarela',
  TICKET_BLOCKED: 'pembayaran berhasil namun nomor masih terblokir',
  OUTAGE_INFO: 'layanan terganggu oleh gangguan massal di lokasi pelanggan',
  NETWORK_REFRESH: 'nomor tidak terblokir namun layanan belum normal, refresh jaringan disarankan',
  AGENT_REVIEW: 'status nomor perlu ditinjau petugas',
  SYSTEM_UNAVAILABLE: 'diagnosis tidak lengkap karena sistem tidak menjawab',
  REFRESH_FAILED: 'pembayaran berhasil namun layanan belum normal setelah refresh jaringan',
};

export function headline(decision: Pick<OutcomeDecision, 'outcome' | 'evidence'>, networkRefreshTried = false): string {
  const refreshFailed = decision.evidence.refreshFailed === true || (networkRefreshTried && decision.outcome === 'TICKET_BLOCKED' && decision.evidence.blocked === false);
  return HEADLINES[refreshFailed ? 'REFRESH_FAILED' : decision.outcome];
}

/** The decision table's row as a phrase: "baris 7", "baris 'sistem tidak tersedia'". */
export function rowLabel(row: OutcomeDecision['row']): string {
  return row === 'unavailable' ? "baris 'sistem tidak tersedia'" : `baris ${row}`;
}

/** What an unavailable system's line says instead of a value: unknown, never "none". */
export const UNKNOWN_SYSTEM_DOWN = 'tidak diketahui (sistem tidak menjawab)';

function summaryLines(s: SummaryInput): string[] {
  const { answers, decision, facts } = s;
  const ev = decision.evidence;
  const down = (system: SystemName) => ev.unavailableSystems.includes(system);
  const c = s.customer;
  const check = paymentChecks(answers, ev);
  return [
    `Keluhan SOP-007 (K44): ${headline(decision, s.networkRefreshTried)}.`,
    `Hasil diagnosis bot: ${decision.outcome} (${rowLabel(decision.row)} tabel keputusan), rute ${decision.route}.`,
    servicesLine(answers.affectedServices),
    `Pelanggan: ${unknown(c.name)}, MSISDN ${c.msisdn}, kelas ${unknown(c.customerClass)}, kartu ${unknown(c.cardType)}, ` +
      `nama akun ${unknown(c.accountName ?? null)}, saluran keluhan ${s.channel}.`,
    `Pembayaran menurut pelanggan: tanggal ${answers.paymentDate} melalui ${paymentChannelText(answers.paymentChannel)}; ` +
      `notifikasi SMS/e-mail ${answers.notificationReceived ? 'sudah' : 'belum'} diterima.`,
    faPaymentLine(ev),
    ...(check.length > 0 ? [`Perlu dicek: ${check.join('; ')}.`] : []),
    `Status collection (FA): ${down('FA') ? UNKNOWN_SYSTEM_DOWN : ev.financialAccountNotFound ? 'financial account tidak ditemukan' : unknown(ev.collectionStatus)}.`,
    dscLine(facts.profile),
    hlrLine(facts.hlr),
    crmLine(facts, ev),
    outageLine(ev),
    ...(ev.unavailableSystems.length > 0 ? [`Sistem tidak tersedia: ${ev.unavailableSystems.join(', ')}.`] : []),
    deviceLine(facts, answers),
    `Refresh jaringan sudah dicoba: ${s.networkRefreshTried ? 'ya' : 'tidak'}${ev.refreshFailed ? ' (tidak berhasil)' : ''}.`,
    `Lokasi: ${answers.location}. CP lain: ${answers.alternateContact ?? 'tidak ada'}.`,
  ];
}

/** Codes compared as words: "BCA" is in "BCA VA", "POS_INDONESIA" in "POS INDONESIA", "SHOPEE" not in "SHOPEEPAY". */
function words(code: string): string {
  return ` ${code.toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim()} `;
}

/** What the customer said and the FA shows that disagree: the channel's provider, the Jakarta date. */
export function paymentChecks(answers: Pick<Answers, 'paymentDate' | 'paymentChannel'>, ev: Pick<Evidence, 'payment'>): string[] {
  const p = ev.payment;
  if (!p) return [];
  const checks: string[] = [];
  const provider = answers.paymentChannel.provider;
  if (provider && !words(p.channel).includes(words(provider))) {
    checks.push(`saluran pembayaran menurut pelanggan ${provider}, di FA ${p.channel}`);
  }
  if (p.paidOnJakarta !== answers.paymentDate) {
    checks.push(`tanggal pembayaran menurut pelanggan ${answers.paymentDate}, di FA ${p.paidOnJakarta} (WIB)`);
  }
  return checks;
}

function faPaymentLine(ev: Evidence): string {
  const p = ev.payment;
  if (p) {
    return `Pembayaran di FA: ${p.id}, dibayar ${jakartaIso(p.paidAt)} (tanggal WIB ${p.paidOnJakarta}), ${p.channel}, ` +
      `Rp ${rupiah(p.amount)}, ${p.ledgerPosted ? 'sudah' : 'belum'} masuk ledger.`;
  }
  if (ev.paymentFound === null) return `Pembayaran di FA: ${UNKNOWN_SYSTEM_DOWN}.`;
  if (ev.financialAccountNotFound) return 'Pembayaran di FA: financial account tidak ditemukan untuk MSISDN ini.';
  return `Pembayaran di FA: tidak ditemukan sejak ${ev.paymentSearchFrom}.`;
}

function blocks(items: readonly { service: string; reason: string }[]): string {
  return list(items.map((b) => `${b.service}:${b.reason}`));
}

/** The DSC's status and profile blocks; unknown (not "none") when the DSC did not answer. */
function dscLine(lookup: Facts['profile']): string {
  if (lookup.status === 'unavailable') return `Status DSC: ${UNKNOWN_SYSTEM_DOWN}; blokir profil: ${UNKNOWN_SYSTEM_DOWN}.`;
  if (lookup.status === 'not_found') return 'Status DSC: nomor tidak ditemukan di DSC.';
  return `Status DSC: ${lookup.value.status}; blokir profil: ${blocks(lookup.value.profileBlocks)}.`;
}

/** The HLR's state and barrings; unknown (not "none") when the HLR did not answer. */
function hlrLine(lookup: Facts['hlr']): string {
  if (lookup.status === 'unavailable') return `Status HLR: ${UNKNOWN_SYSTEM_DOWN}; barring: ${UNKNOWN_SYSTEM_DOWN}.`;
  if (lookup.status === 'not_found') return 'Status HLR: nomor tidak ditemukan di HLR.';
  return `Status HLR: ${lookup.value.state}; barring: ${blocks(lookup.value.barrings)}.`;
}

function crmLine(facts: Facts, ev: Evidence): string {
  if (facts.history.status !== 'ok') return `Riwayat CRM: ${UNKNOWN_SYSTEM_DOWN}.`;
  const { tickets, interactions } = facts.history.value;
  const open = ev.existingTicket ? `${ev.existingTicket.id} (${ev.existingTicket.status})` : 'tidak ada';
  const others = tickets.filter((t) => t.ticketId !== ev.existingTicket?.id).map((t) => `${t.ticketId} ${t.kip} ${t.status}`);
  return `Riwayat CRM: tiket K44 terbuka: ${open}; tiket lain: ${list(others)}; interaksi tercatat: ${interactions.length}.`;
}

function outageLine(ev: Evidence): string {
  if (ev.outageCheck === 'not_made') return 'Gangguan massal: belum dicek.';
  if (ev.outageCheck === 'unavailable') return `Gangguan massal: ${UNKNOWN_SYSTEM_DOWN}.`;
  if (!ev.outage) return 'Gangguan massal: tidak ada yang menyentuh layanan yang dikeluhkan di lokasi pelanggan.';
  const recovery = ev.outage.estimatedRecoveryAt ? `, perkiraan pulih ${jakartaIso(ev.outage.estimatedRecoveryAt)}` : '';
  return `Gangguan massal: ${ev.outage.id} (${ev.outage.services.join(', ')})${recovery}.`;
}

const ADVICE_TEXT: Record<DeviceAdvice, string> = {
  IMEI_UNREGISTERED: 'IMEI belum terdaftar',
  NO_4G_FOR_DATA: 'perangkat tidak mendukung 4G (keluhan DATA)',
};

function deviceLine(facts: Facts, answers: Answers): string {
  if (facts.device.status === 'unavailable') return `Perangkat: ${UNKNOWN_SYSTEM_DOWN}.`;
  if (facts.device.status === 'not_found') return 'Perangkat: tidak ada data perangkat.';
  const advice = deviceAdvice(facts, answers);
  if (advice.length > 0) return `Perangkat: ${advice.map((a) => ADVICE_TEXT[a]).join('; ')}.`;
  return `Perangkat: IMEI terdaftar; ${facts.device.value.supports4g ? 'mendukung 4G' : 'tidak mendukung 4G (keluhan bukan DATA)'}.`;
}

const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

/** An ISO instant as Asia/Jakarta time, `2026-11-25T10:00:00+07:00` (no DST there); unreadable text as it is. */
export function jakartaIso(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms + JAKARTA_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
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
  const title = NOTE_HEADLINE[input.purpose];
  const lines = [
    `[Bot] ${title} pada ${jakartaIso(input.checkedAt)}, percakapan ${input.conversationId}.`,
    ...(input.affectedServices && input.affectedServices.length > 0 ? [servicesLine(input.affectedServices)] : []),
    dscLine(input.facts.profile),
    hlrLine(input.facts.hlr),
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
