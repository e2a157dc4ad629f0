/**
 * A choice question as an Adaptive Card for Teams, which shows at most three suggested actions,
 * none on a message with attachments, only on the latest message and not in channels. The
 * question's text stays in the activity (Teams renders it as markdown above the card, and the
 * transcript and any desk mirror read it there); the card carries only the ways to answer.
 *
 * What a press sends back is `activity.value` with `text` empty (Action.Submit): `sop007.answer`
 * for a button, or the Input.ChoiceSet's comma-delimited values under `PICKED_INPUT_ID` for the
 * several-services question. `submittedText` (incoming.ts) turns either into the words a
 * customer would have typed.
 */
import { CardFactory, type Attachment, type CardAction } from 'botbuilder';

export const CARD_SUBMIT_KEY = 'sop007';
export const PICKED_INPUT_ID = 'sop007Picked';

export interface ChoiceCardTexts {
  submit: string;
  pickHint: string;
}

const label = (action: CardAction): string => String(action.title ?? action.value ?? '');
/** What the customer would have typed: an imBack's value, else its title. */
const answerOf = (action: CardAction): string => (typeof action.value === 'string' && action.value ? action.value : label(action));

/** `slot` rides along in each submit (for logs and tests); the answer is still read as words. */
export function choiceCard(actions: CardAction[], choice: { multiSelect: boolean; slot?: string }, texts: ChoiceCardTexts): Attachment {
  const { multiSelect, slot } = choice;
  const card = multiSelect
    ? {
        body: [
          {
            type: 'Input.ChoiceSet',
            id: PICKED_INPUT_ID,
            isMultiSelect: true,
            style: 'expanded',
            label: texts.pickHint,
            // A value must not contain a comma: a multi-select returns them comma-delimited.
            choices: actions.map((a) => ({ title: label(a), value: answerOf(a).replace(/,/g, ' ') })),
          },
        ],
        actions: [{ type: 'Action.Submit', title: texts.submit, data: { [CARD_SUBMIT_KEY]: { slot, picked: true } } }],
      }
    : {
        body: [],
        actions: actions.map((a) => ({ type: 'Action.Submit', title: label(a), data: { [CARD_SUBMIT_KEY]: { slot, answer: answerOf(a) } } })),
      };
  return CardFactory.adaptiveCard({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    ...card,
  });
}

/** Longest text a submit can become: a handful of button titles, never a way in for a long message. */
const MAX_SUBMITTED_CHARS = 200;

/**
 * The words a card press stands for, or undefined when `value` is not one of our submits
 * (another app's card, a hand-made request): then the message is handled as it came.
 */
export function submittedText(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const ours = record[CARD_SUBMIT_KEY];
  if (!ours || typeof ours !== 'object') return undefined;
  const { answer, picked } = ours as { answer?: unknown; picked?: unknown };
  if (typeof answer === 'string') return answer.slice(0, MAX_SUBMITTED_CHARS);
  if (picked === true) {
    const raw = record[PICKED_INPUT_ID];
    const values = typeof raw === 'string' ? raw.split(',').map((v) => v.trim()).filter(Boolean) : [];
    return values.join(', ').slice(0, MAX_SUBMITTED_CHARS);
  }
  return undefined;
}
