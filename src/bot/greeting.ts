import type { TurnContext } from 'botbuilder';
import type { Translate } from '../i18n.js';

/**
 * What the bot can help with, then a one-line privacy notice, then (when the customer has not
 * written yet) how to start: a customer who opened with a message gets the next question instead.
 */
export async function sendGreeting(context: TurnContext, t: Translate, withHowToStart: boolean): Promise<void> {
  // One message, paragraphs apart: it reads as one greeting, and costs the channel one post.
  const paragraphs = [t('greeting.welcome'), t('greeting.privacy'), ...(withHowToStart ? [t('greeting.howToStart')] : [])];
  await context.sendActivity(greetingText(paragraphs));
}

export const greetingText = (paragraphs: string[]): string => paragraphs.join('\n\n');
