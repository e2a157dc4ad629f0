/**
 * Row 9, NETWORK_REFRESH: the steps for Android and iPhone, then "did it work?". A "no"
 * turns the case into TICKET_BLOCKED with the refresh recorded as tried.
 */
import { WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { afterRefreshFailed } from '../domain/decide.js';
import { handOff } from './handoff.js';
import { sendDeviceAdvice, ticketIntro } from './outcomes.js';
import { askSlot, gaveUp } from './slotPrompt.js';
import { TICKET_DIALOG, type TicketDialogOptions } from './ticketDialog.js';
import { loadCase, recipientOf, saveCase, translate, type DialogDeps } from './turn.js';

export const REFRESH_DIALOG = 'refresh';

export function createRefreshDialog(deps: DialogDeps): WaterfallDialog {
  return new WaterfallDialog(REFRESH_DIALOG, [
    async (step: WaterfallStepContext) => {
      const t = translate(step.context, deps);
      await step.context.sendActivities([
        { type: 'message', text: t('refresh.intro') },
        { type: 'message', text: t('refresh.android') },
        { type: 'message', text: t('refresh.iphone') },
      ]);
      const state = await loadCase(step.context, deps);
      if (state.facts) await sendDeviceAdvice(step.context, deps, state.facts, state);
      // A customer who goes quiet now is asked once more, after one monitoring interval.
      if (state.msisdn) {
        await deps.services.watch({
          conversationId: step.context.activity.conversation.id,
          msisdn: state.msisdn,
          ticketId: null,
          recipient: recipientOf(step.context),
          kind: 'REFRESH_FOLLOW_UP',
        });
      }
      return askSlot(step, 'refreshWorked', deps);
    },
    async (step: WaterfallStepContext) => {
      const state = await loadCase(step.context, deps);
      await deps.services.unwatch(step.context.activity.conversation.id);
      if (state.refreshWorked === undefined && gaveUp(state, 'refreshWorked')) {
        await saveCase(step.context, deps, await handOff(step.context, deps, state, 'TOO_MANY_TRIES'));
        return step.endDialog();
      }
      if (state.refreshWorked) {
        await step.context.sendActivity(translate(step.context, deps)('refresh.worked'));
        const { facts: _facts, ...rest } = state;
        await saveCase(step.context, deps, rest);
        return step.endDialog();
      }
      if (state.decision?.kind !== 'outcome') return step.endDialog();
      const decision = afterRefreshFailed(state.decision);
      await saveCase(step.context, deps, { ...state, decision, outcome: decision.outcome, networkRefreshTried: true });
      return step.beginDialog(TICKET_DIALOG, { lead: ticketIntro(step.context, deps, decision) } satisfies TicketDialogOptions);
    },
  ]);
}
