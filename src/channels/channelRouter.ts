/**
 * Proactive sends (outbox, monitoring) go to the adapter of the channel the customer wrote
 * on: the stored conversation reference's `channelId` picks it; any other channel is the
 * CloudAdapter's (Emulator, Teams, Azure's Direct Line).
 */
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';

export type ContinueConversation = Pick<CloudAdapter, 'continueConversationAsync'>;

export function routeByChannel(fallback: ContinueConversation, byChannel: Record<string, { continueConversationAsync(appId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> }>): ContinueConversation {
  return {
    continueConversationAsync: ((appId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) => {
      const own = reference.channelId ? byChannel[reference.channelId] : undefined;
      return own ? own.continueConversationAsync(appId, reference, logic) : fallback.continueConversationAsync(appId, reference, logic);
    }),
  };
}
