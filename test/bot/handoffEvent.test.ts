/** Our hand-off event is botbuilder's EventFactory event, field for field. */
import { EventFactory, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { handoffInitiation } from '../../src/dialogs/handoff.js';

describe('handoffInitiation', () => {
  it('matches EventFactory.createHandoffInitiation except the random id and the clock', () => {
    const context = new TurnContext(new TestAdapter(), {
      type: 'message',
      id: 'a1',
      text: 'agen',
      channelId: 'webchat',
      serviceUrl: 'https://channel.example/',
      from: { id: 'user-1', name: 'Customer' },
      recipient: { id: 'bot', name: 'Bot' },
      conversation: { id: 'conv-1' } as Activity['conversation'],
    });
    const value = { reason: 'CUSTOMER_REQUEST' };
    const transcript = { activities: [{ type: 'message', text: 'halo' } as Activity] };
    const theirs = EventFactory.createHandoffInitiation(context, value, transcript);
    const ours = handoffInitiation(context, value, transcript);
    const comparable = (event: Partial<Activity>) => ({ ...event, id: typeof event.id, timestamp: event.timestamp instanceof Date });
    expect(comparable(ours)).toEqual(comparable(theirs));
    expect(ours.id).not.toBe(theirs.id);
  });
});
