/**
 * LivePerson Conversational Cloud, third-party bot over Direct Line: a bot asks for a transfer
 * with `channelData.action = { name: "TRANSFER", parameters: { skill } }` (the text is shown to
 * the agent who takes it), and ends the conversation with `{ name: "CLOSE_CONVERSATION" }`.
 */
import type { Activity } from 'botbuilder';
import { agentSummary, type HandoffCase } from './caseContext.js';

export function livePersonTransfer(c: HandoffCase, skill: string): Partial<Activity> {
  return {
    type: 'message',
    text: agentSummary(c),
    channelData: { action: { name: 'TRANSFER', parameters: { skill } }, context: c },
  };
}

export function livePersonClose(): Partial<Activity> {
  return { type: 'message', text: '', channelData: { action: { name: 'CLOSE_CONVERSATION' } } };
}
