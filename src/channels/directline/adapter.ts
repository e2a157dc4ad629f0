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

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId || !activity.id) return;
    const replaced = await this.options.history.replace(conversationId, activity.id, (kept) => ({ ...kept, ...(JSON.parse(JSON.stringify(activity)) as object), id: kept.id }));
    if (replaced) this.options.onAppended(conversationId);
    return { id: activity.id };
  }

  override async deleteActivity(context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    const conversationId = reference.conversation?.id ?? context.activity.conversation?.id;
    if (!conversationId || !reference.activityId) return;
    // Web Chat has no "deleted" rendering: the line becomes an empty message.
    await this.options.history.replace(conversationId, reference.activityId, (kept) => ({ id: kept.id, type: 'messageDelete', from: kept.from, timestamp: kept.timestamp }));
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
