/**
 * The conversation state, made before anything that uses it: the adapter clears it after a
 * failed turn, the proactive notifiers read and save it, and the bot's dialogs live in it.
 */
import { ConversationState, type StatePropertyAccessor, type Storage } from 'botbuilder';
import type { CaseState } from '../conversation/case.js';

export interface BotStateParts {
  conversationState: ConversationState;
  /** The customer's case (`case` in conversation state). */
  cases: StatePropertyAccessor<CaseState>;
}

export function createBotState(storage: Storage): BotStateParts {
  const conversationState = new ConversationState(storage);
  return { conversationState, cases: conversationState.createProperty<CaseState>('case') };
}
