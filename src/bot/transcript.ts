/**
 * Records what the customer and the bot say (message text only) in conversation state, for
 * the ticket and the agent hand-off. Bounded by `appendTranscript`.
 */
import type { Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { TranscriptEntry } from '../contracts/backend.js';
import { appendTranscript } from '../conversation/transcript.js';

export class TranscriptRecorder implements Middleware {
  constructor(private readonly transcript: StatePropertyAccessor<TranscriptEntry[]>) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type === 'message' && activity.text) {
      await this.append(context, { from: 'customer', text: activity.text, at: new Date().toISOString() });
    }
    context.onSendActivities(async (ctx, activities, send) => {
      for (const sent of activities) {
        if (sent.type === 'message' && sent.text) await this.append(ctx, { from: 'bot', text: sent.text, at: new Date().toISOString() });
      }
      return send();
    });
    await next();
  }

  private async append(context: TurnContext, entry: TranscriptEntry): Promise<void> {
    const current = await this.transcript.get(context, []);
    await this.transcript.set(context, appendTranscript(current, entry));
  }
}
