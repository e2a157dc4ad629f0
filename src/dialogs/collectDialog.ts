/**
 * Collects the slots the diagnosis needs (DECISION-TABLE.md §1), asking only what is still
 * missing, one question at a time, in the table's order. Loops by replacing itself.
 */
import { WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { nextDiagnosisSlot, type Slot } from '../conversation/case.js';
import { gaveUpOn } from '../conversation/changes.js';
import { askSlot } from './slotPrompt.js';
import { caseOf, progressOf, translate, type DialogDeps } from './turn.js';

export const COLLECT_DIALOG = 'collect';

export type CollectResult = { complete: true } | { gaveUpOn: Slot };

export function createCollectDialog(deps: DialogDeps): WaterfallDialog {
  const askNextSlotStep = async (step: WaterfallStepContext) => {
    const slot = nextDiagnosisSlot(caseOf(step.context));
    if (!slot) return step.endDialog({ complete: true } satisfies CollectResult);
    (step.values as { slot?: Slot }).slot = slot;
    return askSlot(step, slot, deps);
  };

  /** An answer, an answer to something else ("noted"), or the last of three tries. */
  const afterAnswerStep = async (step: WaterfallStepContext) => {
    const slot = (step.values as { slot: Slot }).slot;
    const state = caseOf(step.context);
    if (gaveUpOn(state, slot)) return step.endDialog({ gaveUpOn: slot } satisfies CollectResult);
    if (state[slot] === undefined && !progressOf(step.context)?.acknowledged) {
      await step.context.sendActivity(translate(step.context, deps)('summary.noted'));
    }
    return step.replaceDialog(COLLECT_DIALOG);
  };

  return new WaterfallDialog(COLLECT_DIALOG, [askNextSlotStep, afterAnswerStep]);
}
