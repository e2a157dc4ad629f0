/**
 * What each outcome of the decision table (§3) does, in one place: what the customer is told,
 * whether a ticket is made and for which team, whether the bot refreshes the network, adds a
 * re-check to an existing ticket, watches the number (SOP Notes 5) and hands the case to an
 * agent. Pure data: `decide()` takes its ticket and hand-off columns from here, and the SOP
 * dialog (src/dialogs/sopDialog.ts) carries the rest out, step by step, in the order below.
 *
 * To change what an outcome does, change its entry; `test/domain/playbook.test.ts` checks
 * that every outcome has one and that every sentence exists in every locale.
 */
import type { ROUTES } from '../contracts/backend.js';
import type { MessageKey } from '../messageKeys.js';
import type { OutcomeCode } from './types.js';

export type Route = (typeof ROUTES)[number];

/**
 * A sentence of the outcome. `when` makes it depend on the case:
 * - `handingOff` / `notHandingOff`: row 1 hands off unless the re-check shows the number active;
 * - `recoveryKnown` / `recoveryUnknown`: whether the outage has an estimated recovery time.
 * Its values ({{channel}}, {{ticketId}}, {{status}}, {{publicMessage}}, {{time}}) come from the case.
 */
export interface Sentence {
  key: MessageKey;
  when?: 'handingOff' | 'notHandingOff' | 'recoveryKnown' | 'recoveryUnknown';
}

export interface Playbook {
  /** Said first, in order (a ticket outcome's reason goes with its first question instead: `ticket.reason`). */
  say: readonly Sentence[];
  /** Device findings (IMEI, 4G) are told on top, never a reason to change the outcome. */
  deviceAdvice: boolean;
  /** A ticket is made (after asking the location and another number), for this team. */
  ticket: { route: Route; reason: MessageKey } | null;
  /** The case goes to an agent once the bot is done (row 1: see `decide()`, which may say otherwise). */
  handoff: boolean;
  /** Row 9: the customer refreshes the network; if it does not help, the case becomes `ifItFails`. */
  refresh?: { ifItFails: OutcomeCode; reason: MessageKey };
  /** Row 1: the re-run checks are added as a note to the open ticket. */
  recheckNote?: true;
  /**
   * SOP Notes 5, monitoring until the number is active: `TICKET` watches it after a ticket
   * (made now, or the open one when row 1 hands off); `REFRESH_FOLLOW_UP` asks once more,
   * later, whether the refresh helped.
   */
  watch: 'TICKET' | 'REFRESH_FOLLOW_UP' | null;
  /**
   * Row 2: the customer is invited back with proof of payment (SOP Notes 7). The ended case keeps
   * its payment answers so that proof, when it comes, is decided on at once (row 3).
   */
  awaitsProof?: true;
  /** Row 10 for a number the DSC or HLR do not know: ask it once more before an agent looks. */
  retryUnknownNumber?: true;
}

export const PLAYBOOK: Record<OutcomeCode, Playbook> = {
  // Row 1: an open K44 ticket. Never a second one (SOP Notes 1).
  EXISTING_TICKET: {
    say: [
      { key: 'outcome.existingTicket' },
      { key: 'outcome.existingTicketStillBlocked', when: 'handingOff' },
      { key: 'outcome.existingTicketNowActive', when: 'notHandingOff' },
    ],
    deviceAdvice: true,
    ticket: null,
    handoff: true,
    recheckNote: true,
    watch: 'TICKET',
  },
  // Row 2: no payment found, no notification: the customer checks with where they paid.
  CONFIRM_WITH_PAYMENT_CHANNEL: {
    say: [{ key: 'outcome.confirmWithChannel' }, { key: 'outcome.confirmWithChannelComeBack' }],
    deviceAdvice: true,
    ticket: null,
    handoff: false,
    awaitsProof: true,
    watch: null,
  },
  // Row 3: a notification but no payment in the ledger (KIP "belum masuk ledger").
  TICKET_PAYMENT_NOT_POSTED: {
    say: [],
    deviceAdvice: true,
    ticket: { route: 'BACKOFFICE', reason: 'outcome.paymentNotPosted' },
    handoff: true,
    watch: 'TICKET',
  },
  // Row 4: DSC AGING.
  REACTIVATION: {
    say: [],
    deviceAdvice: true,
    ticket: { route: 'REACTIVATION', reason: 'outcome.reactivation' },
    handoff: true,
    watch: 'TICKET',
  },
  // Row 5: HLR barring HUM.
  BILLCO_ACTIVATION: {
    say: [],
    deviceAdvice: true,
    ticket: { route: 'BILLCO', reason: 'outcome.billco' },
    handoff: true,
    watch: 'TICKET',
  },
  // Row 6: DSC ACTIVE_VOLUNTARY_BLOCK_1.
  TICKET_VOLUNTARY_BLOCK: {
    say: [],
    deviceAdvice: true,
    ticket: { route: 'BACKOFFICE', reason: 'outcome.voluntaryBlock' },
    handoff: true,
    watch: 'TICKET',
  },
  // Row 7: paid, still blocked.
  TICKET_BLOCKED: {
    say: [],
    deviceAdvice: true,
    ticket: { route: 'BACKOFFICE', reason: 'outcome.blocked' },
    handoff: true,
    watch: 'TICKET',
  },
  // Row 8: an outage at the customer's location explains it: the network team's words, no ticket.
  OUTAGE_INFO: {
    say: [
      { key: 'outcome.outageIntro' },
      { key: 'outcome.outageRecovery', when: 'recoveryKnown' },
      { key: 'outcome.outageRecoveryUnknown', when: 'recoveryUnknown' },
      { key: 'outcome.outageNoTicket' },
    ],
    deviceAdvice: true,
    ticket: null,
    handoff: false,
    watch: null,
  },
  // Row 9: nothing blocks the number: refresh the network; if that fails, row 7 with "refresh tried".
  NETWORK_REFRESH: {
    say: [{ key: 'refresh.intro' }, { key: 'refresh.android' }, { key: 'refresh.iphone' }],
    deviceAdvice: true,
    ticket: null,
    handoff: false,
    refresh: { ifItFails: 'TICKET_BLOCKED', reason: 'outcome.refreshFailed' },
    watch: 'REFRESH_FOLLOW_UP',
  },
  // Row 10: anything else; an agent looks.
  AGENT_REVIEW: {
    say: [{ key: 'outcome.agentReview' }],
    deviceAdvice: false,
    ticket: null,
    handoff: true,
    retryUnknownNumber: true,
    watch: null,
  },
  // A system the decision needs did not answer: a ticket with what is known, and an agent.
  SYSTEM_UNAVAILABLE: {
    say: [],
    deviceAdvice: true,
    ticket: { route: 'BACKOFFICE', reason: 'outcome.systemUnavailable' },
    handoff: true,
    watch: 'TICKET',
  },
};

/** Every locale key the playbook uses, for the test that they exist in every language. */
export function playbookKeys(): MessageKey[] {
  return Object.values(PLAYBOOK).flatMap((p) => [
    ...p.say.map((s) => s.key),
    ...(p.ticket ? [p.ticket.reason] : []),
    ...(p.refresh ? [p.refresh.reason] : []),
  ]);
}
