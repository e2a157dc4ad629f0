/**
 * Collects the slots the diagnosis needs (DECISION-TABLE.md §1), asking only what is still
 * missing, one question at a time, in the table's order. Loops by replacing itself.
 */
import { WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { nextDiagnosisSlot, type Slot } from '../conversation/case.js';
import { askSlot, gaveUp } from './slotPrompt.js';
import { loadCase, progressOf, translate, type DialogDeps } from './turn.js';

export const COLLECT_DIALOG = 'collect';

export type CollectResult = { complete: true } | { gaveUpOn: Slot };

export function createCollectDialog(deps: DialogDeps): WaterfallDialog {
  return new WaterfallDialog(COLLECT_DIALOG, [
    async (step: WaterfallStepContext) => {
      const slot = nextDiagnosisSlot(await loadCase(step.context, deps));
      if (!slot) return step.endDialog({ complete: true } satisfies CollectResult);
      (step.values as { slot?: Slot }).slot = slot;
      return askSlot(step, slot, deps);
    },
    async (step: WaterfallStepContext) => {
      const slot = (step.values as { slot: Slot }).slot;
      const state = await loadCase(step.context, deps);
      if (state[slot] === undefined) {
        if (gaveUp(state, slot)) return step.endDialog({ gaveUpOn: slot } satisfies CollectResult);
        if (!progressOf(step.context)?.acknowledged) await step.context.sendActivity(translate(step.context, deps)('summary.noted'));
      }
      return step.replaceDialog(COLLECT_DIALOG);
    },
  ]);
}
