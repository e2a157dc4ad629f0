/**
 * The "precise meanings" of DECISION-TABLE.md §3 read off the facts: payment found, ledger
 * posted, blocked, the open K44 ticket, the outage touching a complained service, which
 * systems failed. `decide()` walks the rows over this; tickets and hand-offs carry it as the
 * diagnosis evidence. Pure: no I/O, no clock.
 */
import type { DscStatus, HlrStatus, InteractionHistory, Payment, SubscriberProfile, Ticket, TicketStatus } from '../contracts/backend.js';
import type { Answers, Facts, SystemName } from './types.js';
import { SYSTEMS } from './types.js';

export interface PaymentEvidence {
  id: string;
  paidAt: string;
  /** paidAt as a civil date in Asia/Jakarta: what "on or after the payment date" compares. */
  paidOnJakarta: string;
  channel: string;
  amount: number;
  ledgerPosted: boolean;
}

export interface OutageEvidence {
  id: string;
  services: string[];
  estimatedRecoveryAt: string | null;
  publicMessage: string;
}

/** Everything the diagnosis showed, whatever the row; JSON-serialisable as it stands. */
export interface Evidence {
  dscStatus: DscStatus | null;
  /** "SERVICE:REASON", e.g. "VOICE:COLLECTION". */
  profileBlocks: string[];
  hlrState: HlrStatus['state'] | null;
  /** "SERVICE:REASON", e.g. "DATA:COLLECTION". */
  barrings: string[];
  /** null when neither a block is shown nor both DSC and HLR answered. */
  blocked: boolean | null;
  collectionStatus: string | null;
  /** The customer's payment date minus the one day of slack the table allows. */
  paymentSearchFrom: string;
  /** null when the FA was unavailable. */
  paymentFound: boolean | null;
  /** The latest payment found. */
  payment: PaymentEvidence | null;
  existingTicket: { id: string; status: TicketStatus } | null;
  outageCheck: 'not_made' | 'made' | 'unavailable';
  /** The first outage at the customer's location that touches a complained service. */
  outage: OutageEvidence | null;
  subscriberNotFound: boolean;
  financialAccountNotFound: boolean;
  /** Every system whose answer was unusable, needed for the decision or not. */
  unavailableSystems: SystemName[];
  /** Set by `afterRefreshFailed`. */
  refreshFailed?: true;
}

const K44 = 'K44';
const OPEN_STATUSES: ReadonlySet<TicketStatus> = new Set(['OPEN', 'IN_PROGRESS']);

const jakartaDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit',
});

/** The Asia/Jakarta civil date (YYYY-MM-DD) of an ISO instant; null when it does not parse. */
export function jakartaDate(iso: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const parts = Object.fromEntries(jakartaDateFormat.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The day before a YYYY-MM-DD date. */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function gatherEvidence(facts: Facts, answers: Pick<Answers, 'paymentDate' | 'affectedServices'>): Evidence {
  const profile = facts.profile.status === 'ok' ? facts.profile.value : null;
  const hlr = facts.hlr.status === 'ok' ? facts.hlr.value : null;
  const paymentSearchFrom = dayBefore(answers.paymentDate);
  const payment = facts.billing.status === 'ok' ? latestPaymentFrom(facts.billing.value.payments, paymentSearchFrom) : null;
  const outages = facts.outages;
  const outage =
    outages?.status === 'ok'
      ? outages.value.outages.find((o) => o.services.some((s) => answers.affectedServices.includes(s)))
      : undefined;
  return {
    dscStatus: profile?.status ?? null,
    profileBlocks: profile ? profile.profileBlocks.map(blockText) : [],
    hlrState: hlr?.state ?? null,
    barrings: hlr ? hlr.barrings.map(blockText) : [],
    blocked: blockedReading(profile, hlr),
    collectionStatus: facts.billing.status === 'ok' ? facts.billing.value.collectionStatus : null,
    paymentSearchFrom,
    paymentFound: facts.billing.status === 'unavailable' ? null : payment !== null,
    payment,
    existingTicket: openK44Ticket(facts),
    outageCheck: outages === undefined ? 'not_made' : outages.status === 'ok' ? 'made' : 'unavailable',
    outage: outage
      ? { id: outage.id, services: [...outage.services], estimatedRecoveryAt: outage.estimatedRecoveryAt ?? null, publicMessage: outage.publicMessage }
      : null,
    subscriberNotFound: facts.profile.status === 'not_found' || facts.hlr.status === 'not_found',
    financialAccountNotFound: facts.billing.status === 'not_found',
    unavailableSystems: unavailableSystems(facts),
  };
}

function blockText(b: { service: string; reason: string }): string {
  return `${b.service}:${b.reason}`;
}

/** "Blocked" = HLR state BARRED, any HLR barring, or any DSC profile block. */
function blockedReading(profile: SubscriberProfile | null, hlr: HlrStatus | null): boolean | null {
  const shown = (hlr !== null && (hlr.state === 'BARRED' || hlr.barrings.length > 0)) ||
    (profile !== null && profile.profileBlocks.length > 0);
  if (shown) return true;
  return profile !== null && hlr !== null ? false : null;
}

/**
 * The latest payment whose Jakarta date is on or after `from`; ledgerPosted=false counts too.
 * A paidAt that does not parse cannot be shown to be on or after anything, so it does not count.
 */
function latestPaymentFrom(payments: readonly Payment[], from: string): PaymentEvidence | null {
  let latest: { ms: number; evidence: PaymentEvidence } | null = null;
  for (const p of payments) {
    const paidOnJakarta = jakartaDate(p.paidAt);
    if (paidOnJakarta === null || paidOnJakarta < from) continue;
    const ms = Date.parse(p.paidAt);
    if (latest === null || ms > latest.ms) {
      latest = {
        ms,
        evidence: { id: p.paymentId, paidAt: p.paidAt, paidOnJakarta, channel: p.channel, amount: p.amount, ledgerPosted: p.ledgerPosted },
      };
    }
  }
  return latest?.evidence ?? null;
}

/**
 * Row 1's ticket in a CRM history: OPEN or IN_PROGRESS with KIP K44, however old; the most
 * recent if several. The outbox asks the same question again before a delayed ticket goes out.
 */
export function openK44In(history: InteractionHistory): Ticket | null {
  const open = history.tickets
    .filter((t) => t.kip.trim().toUpperCase() === K44 && OPEN_STATUSES.has(t.status))
    .sort((a, b) => instant(b.createdAt) - instant(a.createdAt));
  return open[0] ?? null;
}

function openK44Ticket(facts: Facts): Evidence['existingTicket'] {
  if (facts.history.status !== 'ok') return null;
  const latest = openK44In(facts.history.value);
  return latest ? { id: latest.ticketId, status: latest.status } : null;
}

/** An unparseable time sorts as the oldest rather than making the sort order undefined. */
function instant(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function unavailableSystems(facts: Facts): SystemName[] {
  const lookups: Record<SystemName, { status: string } | undefined> = {
    DSC: facts.profile, FA: facts.billing, HLR: facts.hlr, DEVICE: facts.device, CRM: facts.history, NETWORK: facts.outages,
  };
  // CRM and NETWORK have no 404 in the contract: such an answer is outside it, so unavailable.
  const noNotFound: ReadonlySet<SystemName> = new Set(['CRM', 'NETWORK']);
  return SYSTEMS.filter((s) => {
    const status = lookups[s]?.status;
    return status === 'unavailable' || (status === 'not_found' && noNotFound.has(s));
  });
}
