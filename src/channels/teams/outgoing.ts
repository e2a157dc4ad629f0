/**
 * What the bot sends, shaped for Microsoft Teams (channel `msteams`), in one place: the dialogs
 * stay channel-agnostic and say what they mean (suggested actions, `channelData.choice` from
 * src/dialogs/slotPrompt.ts), and this transform decides how Teams shows it.
 *
 * - A message with suggested actions becomes the same text with an Adaptive Card 1.5 of
 *   Action.Submit buttons (an Input.ChoiceSet when several answers may be picked): Teams shows
 *   at most three suggested actions, none on a message with attachments and none in channels.
 *   No message to Teams leaves here with suggested actions and attachments, or more than three.
 * - Text is made into the markdown Teams renders (the summaries' bullet lines as a list:
 *   src/channels/plainTextMarkdown.ts).
 * - Event activities (the Bot Framework `handoff.initiate`) are not shown by Teams and are not
 *   sent to it; middleware registered before this one (the transcript, an agent desk) has
 *   already seen them in the batch.
 *
 * Register it last, so every other send handler sees the activity the dialogs made.
 */
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import type { Translator } from '../../i18n.js';
import { resolveLocale } from '../../i18n.js';
import type { Logger } from '../../log.js';
import { choiceCard } from './choiceCard.js';
import { plainTextAsMarkdown } from '../plainTextMarkdown.js';

export const TEAMS_CHANNEL_ID = 'msteams';
/** Teams' limit on suggested actions per message (Teams docs, "suggested actions"). */
export const TEAMS_MAX_SUGGESTED_ACTIONS = 3;

interface ChoiceMeaning {
  slot?: string;
  multiSelect?: boolean;
}

/** The choice meaning the dialogs attached, removed from what goes to Teams (its channelData means Teams' own fields). */
function takeChoice(activity: Partial<Activity>): ChoiceMeaning | undefined {
  const data = activity.channelData as { choice?: ChoiceMeaning } | undefined;
  if (!data || typeof data !== 'object' || !('choice' in data)) return undefined;
  const { choice, ...rest } = data;
  activity.channelData = Object.keys(rest).length > 0 ? rest : undefined;
  return choice;
}

export function shapeForTeams(activity: Partial<Activity>, translator: Translator, locale: string | undefined): Partial<Activity> | undefined {
  if (activity.type === 'event') return undefined;
  if (activity.type !== 'message') return activity;
  const shaped: Partial<Activity> = { ...activity };
  if (shaped.text) {
    shaped.text = plainTextAsMarkdown(shaped.text);
    shaped.textFormat = 'markdown';
  }
  const choice = takeChoice(shaped);
  const actions = shaped.suggestedActions?.actions ?? [];
  if (actions.length > 0) {
    const t = translator.forLocale(resolveLocale(locale));
    const card = choiceCard(actions, { multiSelect: choice?.multiSelect === true, slot: choice?.slot }, { submit: t('teams.submit'), pickHint: t('teams.pickServices') });
    shaped.attachments = [...(shaped.attachments ?? []), card];
  }
  // Never suggested actions beside attachments, nor more than Teams shows: the card has them all.
  if (shaped.suggestedActions) delete shaped.suggestedActions;
  return shaped;
}

export class TeamsOutgoing implements Middleware {
  constructor(
    private readonly translator: Translator,
    private readonly log: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.channelId === TEAMS_CHANNEL_ID) {
      context.onSendActivities(async (ctx, activities, send) => {
        const shaped: Partial<Activity>[] = [];
        for (const activity of activities) {
          const out = shapeForTeams(activity, this.translator, ctx.activity.locale);
          if (out) shaped.push(out);
          else this.log.debug({ conversationId: ctx.activity.conversation?.id, name: activity.name }, 'event activity not sent to Teams');
        }
        // botbuilder answers each activity with a ResourceResponse; a dropped event gets an empty one.
        activities.splice(0, activities.length, ...shaped);
        if (shaped.length === 0) return [];
        return send();
      });
    }
    await next();
  }
}
