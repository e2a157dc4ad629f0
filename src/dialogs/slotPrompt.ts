/**
 * Asking one question. Every question is a TextPrompt whose validator only checks whether
 * the slot is now known: MainDialog has already read the message into the case (several
 * slots at once, corrections) before the prompt sees it.
 */
import { ActionTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder';
import { TextPrompt, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { DIAGNOSIS_SLOTS, hasSlot, type Slot } from '../conversation/case.js';
import { asking, hasGivenUp } from '../conversation/changes.js';
import type { Translate } from '../i18n.js';
import { emulatorTrace, caseOf, progressOf, setCase, translate, type DialogDeps } from './turn.js';

export const SLOT_PROMPT = 'slotPrompt';

interface SlotValidation {
  slot: Slot;
}

function buttons(slot: Slot, t: Translate): CardAction[] {
  const button = (key: 'data' | 'voice' | 'sms' | 'all' | 'yes' | 'no' | 'noOtherNumber'): CardAction => {
    const title = t(`slots.button.${key}`);
    return { type: ActionTypes.ImBack, title, value: title };
  };
  switch (slot) {
    case 'affectedServices':
      return (['data', 'voice', 'sms', 'all'] as const).map(button);
    case 'notificationReceived':
    case 'refreshWorked':
      return (['yes', 'no'] as const).map(button);
    case 'alternateContact':
      return [button('noOtherNumber')];
    default:
      return [];
  }
}

/**
 * What a channel that cannot show the buttons as they are (Teams shows at most three suggested
 * actions) needs to render the question another way: which slot, and whether several answers
 * may be picked. Read by src/channels/teams/outgoing.ts; other channels ignore it.
 */
export interface ChoiceQuestion {
  slot: Slot;
  multiSelect: boolean;
}

function question(slot: Slot, text: string, actions: CardAction[]): Partial<Activity> {
  if (actions.length === 0) return MessageFactory.text(text);
  const choice: ChoiceQuestion = { slot, multiSelect: slot === 'affectedServices' };
  return { ...MessageFactory.suggestedActions(actions, text), channelData: { choice } };
}

/** A question about `slot` in other words (e.g. a proactive follow-up), with the slot's buttons. */
export function slotQuestion(slot: Slot, t: Translate, text: string): Partial<Activity> {
  return question(slot, text, buttons(slot, t));
}

/**
 * Asks `slot`, or moves straight on when the customer has already answered it. `lead` is said
 * in the same message, before the question (e.g. why a ticket is being made); a retry repeats
 * only the question.
 */
export async function askSlot(
  step: WaterfallStepContext,
  slot: Slot,
  deps: DialogDeps,
  lead?: string,
): Promise<DialogTurnResult> {
  const state = caseOf(step.context);
  if (hasSlot(state, slot)) return step.next();
  setCase(step.context, asking(state, slot));
  const t = translate(step.context, deps);
  const actions = buttons(slot, t);
  await emulatorTrace(step.context, 'SlotPrompt', { slot });
  const ask = t(`slots.ask.${slot}`);
  return step.prompt(SLOT_PROMPT, {
    prompt: question(slot, lead ? `${lead}\n\n${ask}` : ask, actions),
    retryPrompt: question(slot, t(`slots.retry.${slot}`), actions),
    validations: { slot } satisfies SlotValidation,
  });
}

/**
 * Only looks: MainDialog has read the message into the case and cleared the waiting question
 * when it was answered or the tries ran out.
 */
export function createSlotPrompt(deps: DialogDeps): TextPrompt {
  return new TextPrompt(SLOT_PROMPT, async (prompt: PromptValidatorContext<string>) => {
    const { slot } = prompt.options.validations as SlotValidation;
    const state = caseOf(prompt.context);
    // A message that answered other questions ahead is progress, not a failed answer: the
    // collection loop thanks the customer and asks what is still missing.
    const aheadOfTheQuestion = (DIAGNOSIS_SLOTS as readonly Slot[]).includes(slot) && progressOf(prompt.context) !== undefined;
    if (hasSlot(state, slot) || hasGivenUp(state, slot) || aheadOfTheQuestion) return true;
    await emulatorTrace(prompt.context, 'SlotPrompt', { slot });
    // botbuilder re-asks only when nothing was said this turn; after a correction or an answer
    // to a side question the customer still needs the question, so it is asked here. The second
    // unusable answer hears the question explained instead (never the same sentence twice).
    const t = translate(prompt.context, deps);
    const explained = (state.failures[slot] ?? 0) >= 2;
    const retry = explained ? slotQuestion(slot, t, `${t(`slots.help.${slot}`)}\n\n${t(`slots.ask.${slot}`)}`) : prompt.options.retryPrompt;
    if (retry && (explained || prompt.context.responded)) await prompt.context.sendActivity(retry);
    return false;
  });
}
