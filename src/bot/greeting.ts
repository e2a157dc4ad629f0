import type { TurnContext } from 'botbuilder';
import type { Translate } from '../i18n.js';

/**
 * What the bot can help with, then a one-line privacy notice, then (when the customer has not
 * written yet) how to start: a customer who opened with a message gets the next question instead.
 */
export async function sendGreeting(context: TurnContext, t: Translate, withHowToStart: boolean): Promise<void> {
  await context.sendActivities([
    { type: 'message', text: t('greeting.welcome') },
    { type: 'message', text: t('greeting.privacy') },
    ...(withHowToStart ? [{ type: 'message', text: t('greeting.howToStart') }] : []),
  ]);
}
