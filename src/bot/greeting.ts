import type { TurnContext } from 'botbuilder';
import type { Translate } from '../i18n.js';

/** What the bot can help with, then a one-line privacy notice, then how to start. */
export async function sendGreeting(context: TurnContext, t: Translate): Promise<void> {
  await context.sendActivities([
    { type: 'message', text: t('greeting.welcome') },
    { type: 'message', text: t('greeting.privacy') },
    { type: 'message', text: t('greeting.howToStart') },
  ]);
}
