/**
 * The ways a case changes, by name. Each is a pure function from one `CaseState` to the next,
 * so a dialog step reads as the SOP does ("the number was unknown: ask it again") and no
 * field is forgotten or dropped by a hand-written spread. Filling slots from a message is
 * `absorb()` in ./case.ts.
 */
import type { TicketStatus } from '../contracts/backend.js';
import type { Decision } from '../domain/decide.js';
import type { TicketAnswers } from '../domain/ticket.js';
import type { Facts, PaymentChannel, Service } from '../domain/types.js';
import { newCase, paymentAnswers, type CaseState, type EcareIdentity, type Slot } from './case.js';

/** Unusable answers to one question before an agent takes over (the SOP's "three tries"). */
export const MAX_TRIES = 3;

/** The customer has used up their tries at `slot`. */
export function hasGivenUp(state: Pick<CaseState, 'failures'>, slot: Slot): boolean {
  return (state.failures[slot] ?? 0) >= MAX_TRIES;
}

/** The slot is still unanswered after the customer's last try: time for an agent. */
export function gaveUpOn(state: CaseState, slot: Slot): boolean {
  return state[slot] === undefined && hasGivenUp(state, slot);
}

/** One more unusable answer to `slot`. */
export function countFailure(state: CaseState, slot: Slot): CaseState {
  return { ...state, failures: { ...state.failures, [slot]: (state.failures[slot] ?? 0) + 1 } };
}

/** The bot now waits for an answer to `slot`. */
export function asking(state: CaseState, slot: Slot): CaseState {
  return { ...state, asking: slot };
}

/** No question is waiting: it was answered, or the customer ran out of tries. */
export function answered(state: CaseState): CaseState {
  const { asking: _answered, ...rest } = state;
  return rest;
}

/** The backend's answers are no longer needed (UU PDP: keep only what the case still needs). */
export function dropFacts(state: CaseState): CaseState {
  const { facts: _facts, ...rest } = state;
  return rest;
}

export function withFacts(state: CaseState, facts: Facts): CaseState {
  return { ...state, facts };
}

/** What the table decided, and the outcome the case ends with once it is one. */
export function withDecision(state: CaseState, decision: Decision): CaseState {
  return { ...state, decision, ...(decision.kind === 'outcome' ? { outcome: decision.outcome } : {}) };
}

/** An agent has the case; the bot's copy of the backend's answers goes. */
export function markHandedOff(state: CaseState): CaseState {
  const { asking: _asking, ...rest } = dropFacts(state);
  return { ...rest, handedOff: true };
}

/**
 * Row 10 for a number the DSC and HLR do not know: one more chance to type it. The other
 * answers stay; the number, the facts read for it and what was decided from them go.
 */
export function retryNumber(state: CaseState): CaseState {
  const { msisdn: _wrong, facts: _facts, decision: _decision, outcome: _outcome, ...rest } = state;
  return { ...rest, failures: { ...state.failures, msisdn: 1 } };
}

/** May the unknown number be asked again? Not for E-Care (the portal vouched for it), and only once. */
export function mayRetryNumber(state: CaseState): boolean {
  return !state.ecare && state.msisdn !== undefined && !state.failures.msisdn;
}

/** Answers the decision table reads: correcting one after the diagnosis means deciding again. */
const DECISION_INPUTS: readonly Slot[] = ['msisdn', 'paymentDate', 'affectedServices', 'notificationReceived'];

/** Was the case decided on an answer the customer has just corrected, with nothing sent out yet? */
export function mustDecideAgain(state: CaseState, corrected: readonly Slot[]): boolean {
  const sentOut = state.handedOff === true || state.ticket !== undefined || state.ticketPending === true;
  return state.decision !== undefined && !sentOut && corrected.some((slot) => DECISION_INPUTS.includes(slot));
}

/** The diagnosis is read again with the corrected answers: its facts and decision go, the answers stay. */
export function forDiagnosisAgain(state: CaseState): CaseState {
  const { facts: _facts, decision: _decision, outcome: _outcome, asking: _asking, refreshWorked: _refresh, ...rest } = state;
  return rest;
}

/** "ulang": everything goes but who the E-Care portal says the customer is. */
export function restart(state: CaseState): CaseState {
  return newCase(state.ecare);
}

/** "batal", or a new case after one ended: the number stays, so it is not asked again. */
export function nextCase(state: CaseState): CaseState {
  const next = newCase(state.ecare);
  return state.msisdn === undefined ? next : { ...next, msisdn: state.msisdn };
}

/**
 * The customer came back with proof of payment after row 2: SOP Notes 7 — the payment went
 * through but has not reached the system. The earlier answers stand and the proof is the
 * confirmation, so the case is decided again at once.
 */
export function caseWithProof(state: CaseState): CaseState {
  return {
    ...nextCase(state),
    ...paymentAnswers(state),
    notificationReceived: true,
    proofOfPayment: true,
  };
}

/** The open ticket row 1 found is this case's ticket. */
export function withTicket(state: CaseState, ticket: { ticketId: string; status: TicketStatus }): CaseState {
  return { ...state, ticket: { ticketId: ticket.ticketId, status: ticket.status } };
}

/** The case's ticket was created (now, or later by the outbox). */
export function ticketCreated(state: CaseState, ticket: { ticketId: string; status: TicketStatus }): CaseState {
  return { ...withTicket(state, ticket), ticketPending: false };
}

/** The ticket is queued in the outbox and will be created later. */
export function ticketQueued(state: CaseState): CaseState {
  return { ...state, ticketPending: true };
}

/** The customer has no other number to give: an answer, not a failure. */
export function noAlternateContact(state: CaseState): CaseState {
  return state.alternateContact === undefined ? { ...state, alternateContact: null } : state;
}

/** Row 9's refresh did not help: the case continues as `decision` (row 7, "refresh tried"). */
export function refreshFailed(state: CaseState, decision: Decision): CaseState {
  return { ...withDecision(state, decision), networkRefreshTried: true };
}

/** What the diagnosis needs, once the customer has given it; null while a slot is missing. */
export interface DiagnosisInput {
  msisdn: string;
  paymentDate: string;
  paymentChannel: PaymentChannel;
  affectedServices: Service[];
  notificationReceived: boolean;
  location: string | null;
}

export function readyForDiagnosis(state: CaseState): DiagnosisInput | null {
  const { msisdn, paymentDate, paymentChannel, affectedServices, notificationReceived } = state;
  if (!msisdn || !paymentDate || !paymentChannel || !affectedServices || notificationReceived === undefined) return null;
  return { msisdn, paymentDate, paymentChannel, affectedServices, notificationReceived, location: state.location ?? null };
}

/** What the ticket needs (SOP's mandatory fields), once the customer has given it; null while one is missing. */
export function readyForTicket(state: CaseState): TicketAnswers | null {
  const diagnosis = readyForDiagnosis(state);
  if (!diagnosis || !diagnosis.location) return null;
  return {
    ...diagnosis,
    location: diagnosis.location,
    alternateContact: state.alternateContact ?? null,
    networkRefreshTried: state.networkRefreshTried ?? false,
  };
}

/** The E-Care portal vouched for the customer: their number is theirs, and is not asked. */
export function verifiedByEcare(state: CaseState, ecare: EcareIdentity): CaseState {
  return { ...state, ecare, msisdn: ecare.msisdn };
}
