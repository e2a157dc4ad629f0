/**
 * `HANDOFF_TARGET`: what the bot sends when a case goes to a human, and when the customer
 * cancels it. Every target gets the same case (`HandoffCase`); the `handoff.initiate` event
 * (the Bot Framework's own hand-off protocol) goes out for `event` and for `desk`, so a hub
 * that listens for it still sees every hand-off while the built-in desk takes the conversation.
 */
import type { Activity } from 'botbuilder';
import type { HandoffCase, HandoffTargetName } from './caseContext.js';
import { livePersonClose, livePersonTransfer } from './liveperson.js';
import { omnichannelEnd, omnichannelEscalation } from './omnichannel.js';

export interface HandoffTarget {
  readonly name: HandoffTargetName;
  /** Whether the Bot Framework `handoff.initiate` event is sent too. */
  readonly sendsInitiateEvent: boolean;
  /** The platform's own escalation activities (none for `event` and `desk`). */
  escalation(c: HandoffCase): Partial<Activity>[];
  /** Sent when the customer cancels a conversation that is with an agent. */
  cancellation(): Partial<Activity>[];
}

export function handoffTarget(name: HandoffTargetName, options: { livePersonSkill?: string } = {}): HandoffTarget {
  switch (name) {
    case 'omnichannel':
      return { name, sendsInitiateEvent: false, escalation: (c) => [omnichannelEscalation(c)], cancellation: () => [omnichannelEnd()] };
    case 'liveperson': {
      const skill = options.livePersonSkill ?? '';
      return { name, sendsInitiateEvent: false, escalation: (c) => [livePersonTransfer(c, skill)], cancellation: () => [livePersonClose()] };
    }
    case 'desk':
    case 'event':
      return { name, sendsInitiateEvent: true, escalation: () => [], cancellation: () => [] };
  }
}
