/**
 * The bot's own Direct Line channel, in-process: a botbuilder `BotAdapter` that runs a turn
 * for each activity a client posts and writes what the bot sends (replies, typing, events
 * such as `handoff.initiate`) to the conversation's history instead of POSTing to a
 * `serviceUrl`. The composition root gives it the same middleware and turn-error handler as
 * the CloudAdapter, so a Direct Line turn is guarded, rate-limited and recovered the same way.
 */
import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import { plainTextAsMarkdown } from '../plainTextMarkdown.js';
import type { ConversationHistory } from './history.js';

export const DIRECT_LINE_CHANNEL = 'directline';

export interface DirectLineAdapterOptions {
  history: ConversationHistory;
  /** Called after anything was added to a conversation's history (live push to sockets). */
  onAppended: (conversationId: string) => void;
  now?: () => Date;
}

export class DirectLineAdapter extends BotAdapter {
  constructor(private readonly options: DirectLineAdapterOptions) {
    super();
  }

  /** Tells live sockets that the conversation's history grew (the user's own activity). */
  notify(conversationId: string): void {
    this.options.onAppended(conversationId);
  }

  /** Runs one customer turn: the middleware pipeline, then `logic` (`bot.run`). */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) throw new Error('Direct Line: a turn without a conversation cannot send');
    const responses: ResourceResponse[] = [];
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const { ids } = await this.options.history.append(conversationId, batch);
      responses.push(...ids.map((id) => ({ id })));
      batch = [];
      this.options.onAppended(conversationId);
    };
    for (const activity of activities) {
      if (activity.type === 'delay') {
        // botbuilder's "delay" pseudo-activity: wait, send nothing.
        await flush();
        await new Promise((resolve) => setTimeout(resolve, Math.min(Number(activity.value) || 1000, 10_000)));
        responses.push({ id: '' });
        continue;
      }
      if (activity.type === ActivityTypes.InvokeResponse || activity.type === ActivityTypes.Trace) {
        // Invoke responses belong to the caller; traces to the Emulator. Neither is a chat line.
        responses.push({ id: '' });
        continue;
      }
      // Web Chat renders a message's text as markdown: the bot's line-per-fact summaries would run together.
      const text = activity.type === ActivityTypes.Message && typeof activity.text === 'string' && !activity.textFormat ? plainTextAsMarkdown(activity.text) : activity.text;
      batch.push(JSON.parse(JSON.stringify({ ...activity, text, channelId: DIRECT_LINE_CHANNEL, timestamp: (this.options.now?.() ?? new Date()).toISOString() })) as Record<string, unknown>);
    }
    await flush();
    return responses;
  }

  /** The new version replaces the old one in the history and reaches clients past it (same id). */
  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    const conversationId = activity.conversation?.id ?? context.activity.conversation?.id;
    if (!conversationId || !activity.id) throw new Error('Direct Line: updateActivity needs the activity\'s id and conversation');
    const updated = JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;
    const found = await this.options.history.supersede(conversationId, activity.id, (kept) => ({
      ...updated,
      // Who said it, where and when stay the bot's record; the timestamp keeps its place in Web Chat.
      type: updated.type ?? kept.type,
      from: kept.from,
      conversation: kept.conversation,
      recipient: kept.recipient,
      channelId: DIRECT_LINE_CHANNEL,
      timestamp: kept.timestamp,
      id: kept.id,
    }));
    if (!found) throw new Error(`Direct Line: activity ${activity.id} is not in the conversation's history`);
    this.options.onAppended(conversationId);
    return { id: activity.id };
  }

  /**
   * The activity's content leaves the history; clients that showed it get a `messageDelete`
   * under its id, which Web Chat puts in its place and does not render.
   */
  override async deleteActivity(context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    const conversationId = reference.conversation?.id ?? context.activity.conversation?.id;
    if (!conversationId || !reference.activityId) throw new Error('Direct Line: deleteActivity needs the activity\'s id and conversation');
    const found = await this.options.history.supersede(conversationId, reference.activityId, (kept) => ({ id: kept.id, type: ActivityTypes.MessageDelete, from: kept.from, channelId: DIRECT_LINE_CHANNEL, timestamp: kept.timestamp }));
    if (!found) throw new Error(`Direct Line: activity ${reference.activityId} is not in the conversation's history`);
    this.options.onAppended(conversationId);
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const event = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'ContinueConversation' }, reference, true);
    await this.processActivity(event, logic);
  }

  // botbuilder overloads: (appId | claims, reference, logic) or (claims, reference, audience, logic).
  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: ((context: TurnContext) => Promise<void>) | string,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new Error('continueConversationAsync: no logic');
    await this.continueConversation(reference, logic);
  }
}
