/**
 * DECISION-TABLE.md §3 as code. Read `decide()` next to the table: its numbered blocks are the
 * table's rows in order, first match wins. Pure: no I/O, no clock.
 *
 * The facts are read once into `Evidence` (./evidence.ts: payment found, blocked, …).
 *
 * Decisions the table leaves open, taken here:
 * - Precedence of row 1 over SYSTEM_UNAVAILABLE. Row 1 needs the CRM, so a CRM failure is
 *   SYSTEM_UNAVAILABLE. But an open K44 ticket the CRM does show wins even when another system
 *   failed, because the table forbids a second K44 ticket; the failures stay in the evidence.
 * - `not_found` (the contract's 404):
 *   - DSC or HLR: the number is no known subscriber. AGENT_REVIEW (row 10) with
 *     `subscriberNotFound`, ahead of any SYSTEM_UNAVAILABLE (only row 1 comes first): a
 *     ticket for a number the operator does not know helps nobody, while the conversation may
 *     re-ask the number.
 *   - FA: no financial account, so no payment can have landed on it: "no payment found" (rows
 *     2–3). Row 2 sends the customer to the payment channel (a payment to a wrong number
 *     shows up there); with a notification, row 3 lets an agent look.
 *   - CRM and NETWORK: the contract defines no 404 for them ("no history" is a 200 with empty
 *     arrays), and an answer outside the contract is "unavailable", never data.
 *   - DEVICE: no device known, so no device advice.
 * - "Active and unblocked" (row 1, §5): see `isActiveAndUnblocked`.
 */
import type { DscStatus, KnownDscStatus } from '../contracts/backend.js';
import type { Evidence } from './evidence.js';
import { gatherEvidence } from './evidence.js';
import { PLAYBOOK, type Route } from './playbook.js';
import type { Answers, DecisionRow, Facts, OutcomeCode, SystemName } from './types.js';

export type { Evidence, OutageEvidence, PaymentEvidence } from './evidence.js';

export type { Route } from './playbook.js';
export type DecisionAnswers = Pick<Answers, 'paymentDate' | 'notificationReceived' | 'affectedServices'>;

export interface OutcomeDecision {
  kind: 'outcome';
  outcome: OutcomeCode;
  row: DecisionRow;
  evidence: Evidence;
  /** The latest found payment's ledgerPosted; null when unknown. Picks the KIP text. */
  ledgerPosted: boolean | null;
  route: Route;
  handoff: boolean;
  createsTicket: boolean;
}

/** Rows 8–9 are reached but the outage check was not made: ask the location, then decide again. */
export interface NeedsDecision {
  kind: 'needs';
  need: 'location';
  row: 8;
  evidence: Evidence;
}

export type Decision = OutcomeDecision | NeedsDecision;

export type DeviceAdvice = 'IMEI_UNREGISTERED' | 'NO_4G_FOR_DATA';

/** Row 7's statuses; rows 8–9 say "as row 7". SOP Possible cause 1 plus plain ACTIVE. */
const ROW_7_STATUSES: ReadonlySet<DscStatus> = new Set<KnownDscStatus>([
  'ACTIVE_OUT_OF_COLLECTION_TRIAL',
  'ACTIVE_COLLECTION_BLOCK_1',
  'ACTIVE',
]);
/** Statuses in which the number is in service; see `isActiveAndUnblocked`. */
const IN_SERVICE_STATUSES: ReadonlySet<DscStatus> = new Set<KnownDscStatus>(['ACTIVE', 'ACTIVE_OUT_OF_COLLECTION_TRIAL']);
const NEEDED_ALWAYS: readonly SystemName[] = ['DSC', 'FA', 'HLR', 'CRM'];

/** The ticket and hand-off columns of §3, from the playbook (./playbook.ts), so they live in one place. */
function consequences(code: OutcomeCode): { createsTicket: boolean; handoff: boolean; route: Route } {
  const { ticket, handoff } = PLAYBOOK[code];
  return { createsTicket: ticket !== null, handoff, route: ticket?.route ?? 'BACKOFFICE' };
}

export function decide(facts: Facts, answers: DecisionAnswers): Decision {
  const evidence = gatherEvidence(facts, answers);
  const ledgerPosted = evidence.payment?.ledgerPosted ?? null;
  const outcome = (code: OutcomeCode, row: DecisionRow, handoff = PLAYBOOK[code].handoff): OutcomeDecision => ({
    kind: 'outcome', outcome: code, row, evidence, ledgerPosted, ...consequences(code), handoff,
  });

  // Row 1: an OPEN or IN_PROGRESS K44 ticket exists → EXISTING_TICKET. These very checks are
  // the re-run the row asks for: hand off unless they show the number active and unblocked.
  if (evidence.existingTicket) return outcome('EXISTING_TICKET', 1, !isActiveAndUnblocked(facts));

  // Row 10, early: the DSC or HLR does not know the number (see the header for why it comes
  // before SYSTEM_UNAVAILABLE); evidence.subscriberNotFound lets the conversation re-ask it.
  if (evidence.subscriberNotFound) return outcome('AGENT_REVIEW', 10);

  // Row —: a backend needed for the decision failed → SYSTEM_UNAVAILABLE.
  if (NEEDED_ALWAYS.some((s) => evidence.unavailableSystems.includes(s))) {
    return outcome('SYSTEM_UNAVAILABLE', 'unavailable');
  }
  // From here DSC, HLR and FA answered (FA possibly 404), so these are known.
  const status = evidence.dscStatus;
  const found = evidence.paymentFound === true;

  // Row 2: no payment found and no notification received → CONFIRM_WITH_PAYMENT_CHANNEL.
  if (!found && !answers.notificationReceived) return outcome('CONFIRM_WITH_PAYMENT_CHANNEL', 2);
  // Row 3: no payment found but a notification was received → TICKET_PAYMENT_NOT_POSTED.
  if (!found && answers.notificationReceived) return outcome('TICKET_PAYMENT_NOT_POSTED', 3);
  // Row 4: DSC status AGING → REACTIVATION.
  if (status === 'AGING') return outcome('REACTIVATION', 4);
  // Row 5: an HLR barring with reason HUM → BILLCO_ACTIVATION.
  if (facts.hlr.status === 'ok' && facts.hlr.value.barrings.some((b) => b.reason === 'HUM')) {
    return outcome('BILLCO_ACTIVATION', 5);
  }
  // Row 6: DSC status ACTIVE_VOLUNTARY_BLOCK_1 → TICKET_VOLUNTARY_BLOCK.
  if (status === 'ACTIVE_VOLUNTARY_BLOCK_1') return outcome('TICKET_VOLUNTARY_BLOCK', 6);
  // Row 7: ACTIVE_OUT_OF_COLLECTION_TRIAL, ACTIVE_COLLECTION_BLOCK_1 or ACTIVE, and blocked.
  const row7Status = status !== null && ROW_7_STATUSES.has(status);
  if (row7Status && evidence.blocked) return outcome('TICKET_BLOCKED', 7);

  if (row7Status) {
    // Rows 8–9 ("as row 7 but not blocked") are the only ones that need the outage check.
    if (evidence.outageCheck === 'not_made') return { kind: 'needs', need: 'location', row: 8, evidence };
    if (evidence.outageCheck === 'unavailable') return outcome('SYSTEM_UNAVAILABLE', 'unavailable');
    // Row 8: an outage at the customer's location touches a complained service → OUTAGE_INFO.
    if (evidence.outage) return outcome('OUTAGE_INFO', 8);
    // Row 9: otherwise → NETWORK_REFRESH.
    return outcome('NETWORK_REFRESH', 9);
  }

  // Row 10: anything else (TERMINATED, ACTIVE_COLLECTION_BLOCK_2, an unknown status…).
  return outcome('AGENT_REVIEW', 10);
}

/**
 * Row 9's "if not, TICKET_BLOCKED flow with 'refresh tried' in the ticket": the decision to
 * act on once the customer says the network refresh did not help.
 */
export function afterRefreshFailed(decision: OutcomeDecision): OutcomeDecision {
  const next = PLAYBOOK[decision.outcome].refresh?.ifItFails;
  if (next === undefined) throw new Error(`afterRefreshFailed applies to a refresh outcome (NETWORK_REFRESH), not ${decision.outcome}`);
  return {
    ...decision,
    ...consequences(next),
    outcome: next,
    evidence: { ...decision.evidence, refreshFailed: true },
  };
}

/**
 * "Active and unblocked" (row 1's re-check, §5's monitoring): the DSC shows an in-service
 * status (ACTIVE or ACTIVE_OUT_OF_COLLECTION_TRIAL) without profile blocks, and the HLR shows
 * ACTIVE without barrings. ACTIVE_COLLECTION_BLOCK_1 is left out on purpose: its name says
 * the collection block still stands, and telling a customer "your number is active again"
 * too early is worse than one more check. Anything unanswered means "not shown", so false.
 */
export function isActiveAndUnblocked(facts: Pick<Facts, 'profile' | 'hlr'>): boolean {
  const { profile, hlr } = facts;
  if (profile.status !== 'ok' || hlr.status !== 'ok') return false;
  return (
    IN_SERVICE_STATUSES.has(profile.value.status) &&
    profile.value.profileBlocks.length === 0 &&
    hlr.value.state === 'ACTIVE' &&
    hlr.value.barrings.length === 0
  );
}

/** Advice on top of the outcome, never a reason to change it. Empty when the device is unknown. */
export function deviceAdvice(facts: Pick<Facts, 'device'>, answers: Pick<Answers, 'affectedServices'>): DeviceAdvice[] {
  if (facts.device.status !== 'ok') return [];
  const advice: DeviceAdvice[] = [];
  if (!facts.device.value.imeiRegistered) advice.push('IMEI_UNREGISTERED');
  if (!facts.device.value.supports4g && answers.affectedServices.includes('DATA')) advice.push('NO_4G_FOR_DATA');
  return advice;
}

