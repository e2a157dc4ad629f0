import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { resolveLocale, type Translator } from '../i18n.js';

export const MAIN_DIALOG = 'main';

/** Placeholder until the SOP conversation lands: points the customer at how to start. */
export class MainDialog extends ComponentDialog {
  constructor(translator: Translator) {
    super(MAIN_DIALOG);
    this.addDialog(
      new WaterfallDialog('start', [
        async (step: WaterfallStepContext) => {
          const t = translator.forLocale(resolveLocale(step.context.activity.locale));
          await step.context.sendActivity(t('greeting.howToStart'));
          return step.endDialog();
        },
      ]),
    );
  }
}
