/**
 * Row 9, NETWORK_REFRESH: the playbook's steps for Android and iPhone, then "did it work?".
 * A "no" turns the case into what the playbook says a failed refresh becomes (TICKET_BLOCKED,
 * with the refresh recorded as tried).
 */
import { WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { dropFacts, refreshFailed } from '../conversation/changes.js';
import { afterRefreshFailed } from '../domain/decide.js';
import { handOffIfGaveUp, startWatch, tellOutcome, ticketReason } from './outcomes.js';
import { askSlot } from './slotPrompt.js';
import { TICKET_DIALOG, type TicketDialogOptions } from './ticketDialog.js';
import { caseOf, setCase, translate, type DialogDeps } from './turn.js';

export const REFRESH_DIALOG = 'refresh';

export function createRefreshDialog(deps: DialogDeps): WaterfallDialog {
  const explainRefreshStep = async (step: WaterfallStepContext) => {
    const state = caseOf(step.context);
    if (state.decision?.kind !== 'outcome') return step.endDialog();
    await tellOutcome(step.context, deps, state.decision, state);
    // A customer who goes quiet now is asked once more, after one monitoring interval.
    if (state.msisdn) await startWatch(step.context, deps, { msisdn: state.msisdn, kind: 'REFRESH_FOLLOW_UP', ticketId: null });
    return askSlot(step, 'refreshWorked', deps);
  };

  const afterRefreshStep = async (step: WaterfallStepContext) => {
    const state = caseOf(step.context);
    await deps.services.unwatch(step.context.activity.conversation.id);
    const gaveUp = await handOffIfGaveUp(step, deps, state, 'refreshWorked');
    if (gaveUp) return gaveUp;
    if (state.refreshWorked) {
      await step.context.sendActivity(translate(step.context, deps)('refresh.worked'));
      setCase(step.context, dropFacts(state));
      return step.endDialog();
    }
    if (state.decision?.kind !== 'outcome') return step.endDialog();
    const decision = afterRefreshFailed(state.decision);
    setCase(step.context, refreshFailed(state, decision));
    return step.beginDialog(TICKET_DIALOG, { lead: ticketReason(step.context, deps, decision) } satisfies TicketDialogOptions);
  };

  return new WaterfallDialog(REFRESH_DIALOG, [explainRefreshStep, afterRefreshStep]);
}
