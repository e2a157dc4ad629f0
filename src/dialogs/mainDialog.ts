/**
 * The root dialog. Every message passes here first: it is read into the case (several slots
 * at once, corrections), and the customer's standing requests are honoured at any step —
 * "batal" ends politely, "agen" hands off at once, "bantuan" explains the current question,
 * "ulang" starts over — before the waiting question sees the message.
 */
import { endingOfTurn } from '../conversation/ending.js';
import { ActionTypes, MessageFactory, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  DialogTurnStatus,
  type DialogContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { absorb, awaitsProof, closedCase, hasEnded, hasSlot, type CaseState, type Slot } from '../conversation/case.js';
import {
  answered, caseWithProof, countFailure, forDiagnosisAgain, hasGivenUp, mustDecideAgain, nextCase, restart, verifiedByEcare,
} from '../conversation/changes.js';
import { formatList, formatSlotValue, maskMsisdn } from '../conversation/format.js';
import type { MessageKey } from '../messageKeys.js';
import { correctionsOf, type CorrectableSlot, type SideQuestion, type Understanding } from '../nlu/understand.js';
import { createCollectDialog } from './collectDialog.js';
import { handOff, handoffCancelled } from './handoff.js';
import { createRefreshDialog } from './refreshDialog.js';
import { createSlotPrompt, slotQuestion } from './slotPrompt.js';
import { createSopDialog, SOP_DIALOG } from './sopDialog.js';
import { createTicketDialog } from './ticketDialog.js';
import {
  ecareIdentity,
  emulatorTrace,
  caseOf,
  openCase,
  saveCaseOfTurn,
  localeOf,
  markProgress,
  MAX_MESSAGE_CHARS,
  setCase,
  translate,
  signalsOfTurn,
  understandTurn,
  type DialogDeps,
} from './turn.js';

export const MAIN_DIALOG = 'main';

/** Set on the turn the customer cancelled a case: its ending is `cancelled`. */
const CANCELLED = Symbol('cancelled');

const DONE: DialogTurnResult = { status: DialogTurnStatus.complete };

export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(MAIN_DIALOG);
    this.addDialog(createSlotPrompt(deps))
      .addDialog(createCollectDialog(deps))
      .addDialog(createTicketDialog(deps))
      .addDialog(createRefreshDialog(deps))
      .addDialog(createSopDialog(deps));
    this.initialDialogId = SOP_DIALOG;
  }

  /** Load the case once, run the turn, hand the case back once (see openCase in ./turn.ts). */
  private async withCase(context: TurnContext, turn: () => Promise<DialogTurnResult>): Promise<DialogTurnResult> {
    await openCase(context, this.deps);
    const before = caseOf(context);
    try {
      return await turn();
    } finally {
      // How the conversation ended, if this turn ended it (src/conversation/ending.ts).
      const after = caseOf(context);
      const ending = endingOfTurn(before, after, { cancelled: context.turnState.get(CANCELLED) === true });
      if (ending) {
        this.deps.telemetry.conversationEnded(ending);
        if (ending !== 'cancelled') setCase(context, { ...after, ending });
      }
      await saveCaseOfTurn(context, this.deps);
    }
  }

  // The whole component turn, endComponent included, runs with the case open.
  override async beginDialog(outerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    return this.withCase(outerDc.context, () => super.beginDialog(outerDc, options));
  }

  override async continueDialog(outerDc: DialogContext): Promise<DialogTurnResult> {
    return this.withCase(outerDc.context, () => super.continueDialog(outerDc));
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.intercept(innerDc, false)) ?? super.onContinueDialog(innerDc);
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    const { context } = innerDc;
    let state = caseOf(context);
    const intent = context.activity.type === 'message' ? understandTurn(context, this.deps).intent : null;
    const startingOver = intent === 'RESTART' || intent === 'CANCEL';
    if (hasEnded(state) && !startingOver && (await this.toldWatchStatus(context))) return DONE;
    if (state.handedOff && intent === 'CANCEL') await handoffCancelled(context, this.deps);
    if (state.handedOff && !startingOver) {
      const t = translate(context, this.deps);
      await context.sendActivity(
        state.ticket ? t('handoff.alreadyHandedOffWithTicket', { ticketId: state.ticket.ticketId }) : t('handoff.alreadyHandedOff'),
      );
      return DONE;
    }
    // A case that ended (or was handed off) makes way for a new one; the number stays.
    if (hasEnded(state)) {
      const proof = context.activity.type === 'message' && signalsOfTurn(context, this.deps, false).proofOfPayment;
      state = proof && awaitsProof(state) ? caseWithProof(state) : nextCase(state);
    }
    // Verified once per conversation: a case that knows its E-Care customer does not ask again.
    const ecare = state.ecare ? undefined : await ecareIdentity(context, this.deps);
    if (ecare) {
      state = verifiedByEcare(state, ecare);
      // The portal vouched for the customer: greet them by name and say which number is checked.
      const t = translate(context, this.deps);
      await context.sendActivity(t('greeting.ecare', { name: ecare.accountName, msisdn: maskMsisdn(ecare.msisdn) }));
    }
    setCase(context, state);
    return (await this.intercept(innerDc, true)) ?? super.onBeginDialog(innerDc, options);
  }

  /**
   * The case's dialogs are over for this turn. An ended case is reduced to what a returning
   * customer needs, and the transcript, already handed to the agent or the ticket, is dropped.
   */
  protected override async endComponent(outerDc: DialogContext, result: unknown): Promise<DialogTurnResult> {
    const state = caseOf(outerDc.context);
    if (hasEnded(state)) {
      setCase(outerDc.context, closedCase(state));
      await this.deps.transcript.delete(outerDc.context);
    }
    return super.endComponent(outerDc, result);
  }

  /** SOP-007 Notes 5: a customer back in a watched conversation hears where things stand. */
  private async toldWatchStatus(context: TurnContext): Promise<boolean> {
    const status = await this.deps.services.watchStatus(context.activity.conversation.id);
    if (!status) return false;
    const t = translate(context, this.deps);
    const key =
      status.result === 'ACTIVE'
        ? 'monitor.statusActive'
        : status.result === 'UNKNOWN'
          ? 'monitor.statusUnknown'
          : status.ticketId
            ? 'monitor.statusBlocked'
            : 'monitor.statusBlockedNoTicket';
    await context.sendActivity(t(key, { ticketId: status.ticketId ?? '' }));
    return true;
  }

  /** Returns a result when the message was fully handled here, undefined to let the dialog go on. */
  private async intercept(innerDc: DialogContext, beginning: boolean): Promise<DialogTurnResult | undefined> {
    const { context } = innerDc;
    if (context.activity.type !== 'message') return undefined;
    const t = translate(context, this.deps);
    const text = context.activity.text ?? '';
    if (!text.trim() || text.length > MAX_MESSAGE_CHARS) {
      await context.sendActivity(t(text.trim() ? 'control.tooLong' : 'control.notText'));
      if (beginning) return undefined;
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    const understanding = understandTurn(context, this.deps);
    let state = caseOf(context);
    const asking = state.asking ?? null;
    const signals = signalsOfTurn(context, this.deps, asking === 'location');
    // "eh gajadi deh, nomer sy 0811…, bayar kemarin…" is "never mind what I said", not "cancel":
    // a soft cancel that carries facts is read as those facts; "batal"/"stop" always cancels.
    const carriesFacts = understanding.msisdn !== null || understanding.paymentDate !== null || understanding.paymentChannel !== null || understanding.services !== null;
    // A soft "ga jadi deh", or a question about cancelling ("lho kok dibatalin??"), is confirmed
    // before anything is thrown away; "batal"/"stop" is not.
    const softCancel = understanding.intent === 'CANCEL' && (!signals.explicitCancel || text.includes('?'));
    const intent = softCancel && carriesFacts ? null : understanding.intent;
    if (state.cancelPending) {
      // The answer to "Mau saya batalkan keluhannya?": yes cancels, anything else goes on.
      state = { ...state, cancelPending: undefined };
      setCase(context, state);
      if (intent !== 'CANCEL' && understanding.confirmation !== 'YES') {
        await context.sendActivity(t('control.cancelDeclined'));
        if (beginning) return undefined;
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      }
      return this.cancel(innerDc, state);
    }
    if (intent === 'CANCEL' && softCancel && !beginning) {
      // A soft "ga jadi deh" could mean "never mind that": the case is kept until they say so
      // (at the very start there is nothing to keep).
      setCase(context, { ...state, cancelPending: true });
      const yes = t('control.button.cancelYes');
      const no = t('control.button.cancelNo');
      await context.sendActivity(MessageFactory.suggestedActions([
        { type: ActionTypes.ImBack, title: yes, value: yes },
        { type: ActionTypes.ImBack, title: no, value: no },
      ], t('control.confirmCancel')));
      return Dialog.EndOfTurn;
    }
    switch (intent) {
      case 'CANCEL':
        return this.cancel(innerDc, state);
      case 'AGENT':
        setCase(context, await handOff(context, this.deps, state, 'CUSTOMER_REQUEST'));
        await innerDc.cancelAllDialogs();
        return DONE;
      case 'RESTART':
        await context.sendActivity(t('control.restarted'));
        setCase(context, restart(state));
        await innerDc.cancelAllDialogs();
        return innerDc.beginDialog(SOP_DIALOG);
      default:
        break;
    }

    if (signals.upset) {
      await context.sendActivity(this.empathy(context, state));
      state = caseOf(context);
    }
    // An off-topic question is answered politely and nothing in it is taken as the case's data.
    const offTopic = signals.question === 'OFF_TOPIC';
    // A question to the bot ("halo?? kok diem") names no place, whatever word it ends with.
    const reading = { asking, text, corrects: correctedSlots(signals.corrects, understanding), location: signals.question ? null : signals.location, proofOfPayment: signals.proofOfPayment };
    const { state: next, absorbed } = offTopic ? { state, absorbed: { filled: [], corrected: [], confirmation: null } } : absorb(state, understanding, reading);
    state = next;
    if (absorbed.corrected.length > 0) await this.acknowledgeCorrection(context, state, absorbed.corrected);
    if (absorbed.filled.length + absorbed.corrected.length > 0) markProgress(context, absorbed.corrected.length > 0);
    if (mustDecideAgain(state, absorbed.corrected)) {
      // The table decided on the old answer: check again before anything goes to a ticket.
      setCase(context, forDiagnosisAgain(state));
      await context.sendActivity(t('summary.checkingAgain'));
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(SOP_DIALOG);
    }
    const answeredNow = asking !== null && hasSlot(state, asking);
    const nothingUsable = absorbed.filled.length === 0 && absorbed.corrected.length === 0;
    // Help and the customer's own questions get an answer, then the open question again; they
    // are not failed answers.
    const sideAnswer = intent === 'HELP' ? (asking ? `slots.help.${asking}` as const : 'slots.help.general') : signals.question ? sideQuestionAnswer(signals.question, asking) : null;
    if (sideAnswer && !answeredNow && nothingUsable) {
      setCase(context, state);
      if (sideAnswer !== 'REPEAT') await context.sendActivity(t(sideAnswer));
      if (beginning) return undefined;
      if (!asking) {
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      }
      // The question alone, with its buttons: what led up to it (a ticket's reason) was said.
      await emulatorTrace(context, 'SlotPrompt', { slot: asking });
      await context.sendActivity(slotQuestion(asking, t, t(`slots.ask.${asking}`)));
      return Dialog.EndOfTurn;
    }
    if (asking && !answeredNow && nothingUsable) state = countFailure(state, asking);
    // The waiting question is over once it is answered or its tries are used up.
    if (asking && (answeredNow || hasGivenUp(state, asking))) state = answered(state);
    setCase(context, state);
    return undefined;
  }

  private async cancel(innerDc: DialogContext, state: CaseState): Promise<DialogTurnResult> {
    await innerDc.context.sendActivity(translate(innerDc.context, this.deps)('control.cancelled'));
    innerDc.context.turnState.set(CANCELLED, true);
    setCase(innerDc.context, nextCase(state));
    await innerDc.cancelAllDialogs();
    return DONE;
  }

  /** One short empathetic sentence, never the same one twice in a row. */
  private empathy(context: TurnContext, state: CaseState): string {
    const count = state.consoled ?? 0;
    setCase(context, { ...caseOf(context), consoled: count + 1 });
    return translate(context, this.deps)(EMPATHY_KEYS[count % EMPATHY_KEYS.length]!);
  }

  private async acknowledgeCorrection(context: TurnContext, state: CaseState, slots: Slot[]): Promise<void> {
    const t = translate(context, this.deps);
    const value = (slot: Slot) => formatSlotValue(slot, state, t, localeOf(context));
    const changes = formatList(slots.map((slot) => t(`format.slot.${slot}`, { value: value(slot) })), t);
    await context.sendActivity(t('summary.corrected', { changes }));
  }
}

const EMPATHY_KEYS = ['control.empathy.sorry', 'control.empathy.understand'] as const;

/** The answer to a side question the customer asks during the SOP; REPEAT just asks the question again. */
function sideQuestionAnswer(question: SideQuestion, asking: Slot | null): MessageKey | 'REPEAT' {
  switch (question) {
    case 'REPEAT_QUESTION':
      return asking ? 'REPEAT' : 'slots.help.general';
    case 'WHY_LOCATION':
      return 'slots.help.location';
    case 'WHY_REFRESH':
      return 'control.sideQuestion.whyRefresh';
    case 'TICKET_DURATION':
      return 'control.sideQuestion.ticketDuration';
    case 'WHAT_NEXT':
      return 'control.sideQuestion.whatNext';
    case 'DATA_SAFETY':
      return 'control.sideQuestion.dataSafety';
    case 'ARE_YOU_THERE':
      return 'control.sideQuestion.stillHere';
    case 'OFF_TOPIC':
      return 'control.sideQuestion.offTopic';
  }
}

const SLOT_OF_KEY = { msisdn: 'msisdn', paymentDate: 'paymentDate', paymentChannel: 'paymentChannel', services: 'affectedServices' } as const;

/** Slots the message corrects: signals()' markers and understand()'s correction clauses ("eh salah, tgl 21"). */
function correctedSlots(fromSignals: readonly CorrectableSlot[], understanding: Understanding): CorrectableSlot[] {
  const slots = new Set<CorrectableSlot>(fromSignals);
  for (const key of correctionsOf(understanding)) slots.add(SLOT_OF_KEY[key]);
  return [...slots];
}
