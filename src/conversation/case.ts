/**
 * One customer's case as plain data, and the pure rules for filling it from what they write:
 * which slot is asked next, what a message adds or corrects. The dialogs (botbuilder) are a
 * thin shell around this, so the rules can be read and tested without a conversation.
 */
import type { TicketStatus } from '../contracts/backend.js';
import type { Decision } from '../domain/decide.js';
import { PLAYBOOK } from '../domain/playbook.js';
import type { Facts, OutcomeCode, PaymentChannel, Service } from '../domain/types.js';
import type { Understanding } from '../nlu/understand.js';

/** Every question the bot can ask; also the `slot` of the emulator's `SlotPrompt` trace. */
export const SLOTS = [
  'msisdn',
  'paymentDate',
  'paymentChannel',
  'affectedServices',
  'notificationReceived',
  'location',
  'alternateContact',
  'refreshWorked',
] as const;
export type Slot = (typeof SLOTS)[number];

/** Asked before the diagnosis, in this order (DECISION-TABLE.md §1). */
export const DIAGNOSIS_SLOTS = ['msisdn', 'paymentDate', 'paymentChannel', 'affectedServices', 'notificationReceived'] as const;
export type DiagnosisSlot = (typeof DIAGNOSIS_SLOTS)[number];

export interface EcareIdentity {
  msisdn: string;
  accountName: string;
}

export interface CaseState {
  msisdn?: string;
  paymentDate?: string;
  paymentChannel?: PaymentChannel;
  affectedServices?: Service[];
  notificationReceived?: boolean;
  location?: string;
  /** `null` once the customer said they have no other number. */
  alternateContact?: string | null;
  networkRefreshTried?: boolean;
  refreshWorked?: boolean;
  /** The bot asked "shall I cancel?" after a soft "ga jadi"; the next message answers it. */
  cancelPending?: boolean;
  /** Empathetic sentences said so far: the next one is another. */
  consoled?: number;
  /** The customer said they have a receipt or bank reference (SOP Notes 7: counts as the confirmation). */
  proofOfPayment?: boolean;
  /** The question waiting for an answer, so a message is read as its answer. */
  asking?: Slot;
  /** Set when the E-Care portal vouched for the customer: their number is not asked. */
  ecare?: EcareIdentity;
  /** Unusable answers per question, for "three tries, then an agent". */
  failures: Partial<Record<Slot, number>>;
  /** Kept only while the case needs them (location, refresh, ticket); dropped once it ends. */
  facts?: Facts;
  decision?: Decision;
  outcome?: OutcomeCode;
  ticket?: { ticketId: string; status: TicketStatus };
  /** The ticket could not be created yet; it is retried until it is. */
  ticketPending?: boolean;
  handedOff?: boolean;
  /** How the conversation ended, once decided (src/conversation/ending.ts): counted once. */
  ending?: 'contained' | 'escalated' | 'cancelled' | 'abandoned';
}

export function newCase(ecare?: EcareIdentity): CaseState {
  return { failures: {}, ...(ecare ? { ecare, msisdn: ecare.msisdn } : {}) };
}

/** Ended: an outcome was reached or an agent took over. */
export const hasEnded = (state: CaseState): boolean => state.outcome !== undefined || state.handedOff === true;

/**
 * What an ended case keeps: enough to tell a returning customer where things stand (outcome,
 * ticket, hand-off) and to start their next case with the same number. The answers, the
 * backend evidence and the E-Care account name went into the ticket and the hand-off; UU PDP's
 * data minimisation says the bot does not keep its own copy.
 */
export function closedCase(state: CaseState): CaseState {
  const { msisdn, outcome, ticket, ticketPending, handedOff } = state;
  return {
    failures: {},
    // Row 2 invites the customer back with proof of payment: what was paid, when and how stays for that.
    ...(awaitsProof(state) && paymentAnswers(state)),
    ...(msisdn !== undefined && { msisdn }),
    ...(outcome !== undefined && { outcome }),
    ...(ticket !== undefined && { ticket }),
    ...(ticketPending !== undefined && { ticketPending }),
    ...(handedOff !== undefined && { handedOff }),
  };
}

/** Is the (ended) case waiting for proof of payment, row 2's "come back with the receipt"? */
export function awaitsProof(state: CaseState): boolean {
  return state.outcome !== undefined && PLAYBOOK[state.outcome].awaitsProof === true && state.handedOff !== true;
}

/** What was paid, when and how: the answers a case waiting for proof keeps. */
export function paymentAnswers(state: CaseState): Pick<CaseState, 'paymentDate' | 'paymentChannel' | 'affectedServices'> {
  const { paymentDate, paymentChannel, affectedServices } = state;
  return {
    ...(paymentDate !== undefined && { paymentDate }),
    ...(paymentChannel !== undefined && { paymentChannel }),
    ...(affectedServices !== undefined && { affectedServices }),
  };
}

export function nextDiagnosisSlot(state: CaseState): DiagnosisSlot | null {
  return DIAGNOSIS_SLOTS.find((slot) => state[slot] === undefined) ?? null;
}

export function hasSlot(state: CaseState, slot: Slot): boolean {
  return state[slot] !== undefined;
}

export interface Absorbed {
  /** Slots this message filled for the first time. */
  filled: Slot[];
  /** Slots this message changed ("eh bukan, tgl 21"). */
  corrected: Slot[];
  /** The yes/no answer, when the question asked for one. */
  confirmation: boolean | null;
}

const LOCATION_MAX = 200;
const HAS_LETTERS = /\p{L}{2,}/u;

/** How to read one message: what was asked, and what the message says about itself (src/nlu/signals.ts). */
export interface Reading {
  /** The question the message answers; null when none is waiting. */
  asking: Slot | null;
  text: string;
  /** Slots the message explicitly corrects ("bukan X, tapi Y", "ralat", "eh salah"). */
  corrects?: readonly Slot[];
  /** The place the message names, cleaned of chatter; undefined when not read (the whole answer is the place). */
  location?: string | null;
  /** A receipt, a bank reference, "bukti transfer": proof of payment (SOP Notes 7). */
  proofOfPayment?: boolean;
}

/**
 * Takes what a message says, in context. It answers the question asked first; a slot not yet
 * known is filled whatever was asked (customers answer ahead); a slot already known changes
 * only when it is the one asked or when the message clearly corrects it — never because a word of it appears inside another answer ("sms sih blm
 * ada" to the notification question does not rewrite the broken services). Yes/no, a place
 * and the other contact number only count as the answer to the question that asked for them.
 */
export function absorb(state: CaseState, understanding: Understanding, reading: Reading): { state: CaseState; absorbed: Absorbed } {
  const { asking } = reading;
  const next: CaseState = { ...state };
  const filled: Slot[] = [];
  const corrected: Slot[] = [];
  const mayChange = (slot: Slot) => slot === asking || (reading.corrects ?? []).includes(slot);
  /** `refines`: the value only adds detail to the known one ("BCA", then "m-banking"). */
  const take = <K extends Slot & keyof CaseState>(slot: K, value: CaseState[K], refines = false) => {
    const before = next[slot];
    if (before === undefined) filled.push(slot);
    else if (JSON.stringify(before) === JSON.stringify(value) || !(refines || mayChange(slot))) return;
    else corrected.push(slot);
    next[slot] = value;
  };
  const { msisdn, paymentDate, paymentChannel, services, confirmation } = understanding;

  if (msisdn) {
    if (asking === 'alternateContact') take('alternateContact', msisdn);
    else if (!next.ecare) take('msisdn', msisdn);
  }
  if (paymentDate) take('paymentDate', paymentDate);
  if (paymentChannel && (paymentChannel.provider || paymentChannel.method)) {
    const known = next.paymentChannel;
    const refines = !!known && !known.method && (!paymentChannel.provider || paymentChannel.provider === known.provider);
    take('paymentChannel', mergeChannel(known, paymentChannel), refines);
  }
  if (services && services.length > 0 && asking !== 'refreshWorked') take('affectedServices', [...services].sort());

  // "eh bukan, tgl 21" corrects the date; its "bukan" is not an answer to the question.
  let yesNo: boolean | null = null;
  if (confirmation && corrected.length === 0 && (reading.corrects ?? []).length === 0) yesNo = confirmation === 'YES';
  if (asking === 'notificationReceived') {
    // SOP Notes 7: a receipt or a bank reference is the confirmation that the payment went through.
    if (reading.proofOfPayment) {
      take('notificationReceived', true);
      next.proofOfPayment = true;
    } else if (yesNo !== null) take('notificationReceived', yesNo);
  }
  if (asking === 'refreshWorked' && yesNo !== null) take('refreshWorked', yesNo);
  if (asking === 'alternateContact' && yesNo === false && !msisdn) take('alternateContact', null);
  const place = placeOf(understanding, reading, filled.length + corrected.length > 0);
  // A place named with its marker ("sy di X", "lokasinya X") is the customer telling where they
  // are now: it replaces an earlier one, whatever was asked.
  if (place) take('location', place, reading.location !== undefined);
  return { state: next, absorbed: { filled, corrected, confirmation: yesNo } };
}

/** The place in a message: the cleaned one NLU found, else (only to the location question) the whole answer. */
function placeOf(understanding: Understanding, reading: Reading, answeredSomethingElse: boolean): string | null {
  if (reading.location !== undefined) {
    if (!reading.location || reading.location.length > LOCATION_MAX) return null;
    return reading.location;
  }
  if (reading.asking !== 'location' || understanding.intent || answeredSomethingElse) return null;
  if (understanding.confirmation !== null || understanding.msisdn !== null || understanding.paymentDate !== null) return null;
  const place = reading.text.trim().replace(/\s+/g, ' ');
  return HAS_LETTERS.test(place) && place.length <= LOCATION_MAX ? place : null;
}

/** "lewat BCA" then "m-banking" is one channel: BCA by mobile banking. */
function mergeChannel(before: PaymentChannel | undefined, found: PaymentChannel): PaymentChannel {
  if (!before) return found;
  if (found.provider && found.method) return found;
  if (found.provider && found.provider !== before.provider) return { provider: found.provider, method: found.method };
  return { provider: found.provider ?? before.provider, method: found.method ?? before.method };
}
