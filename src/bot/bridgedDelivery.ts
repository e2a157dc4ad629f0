/**
 * Omnichannel for Customer Service: a message meant for the customer carries
 * `channelData.deliveryMode = "bridged"` (otherwise, once an agent is in, it is shown to the
 * agent only). The escalation and end commands (`channelData.tags`) are left as they are.
 */
import type { Middleware, TurnContext } from 'botbuilder';
import { bridged } from '../channels/handoff/omnichannel.js';

export class BridgedDelivery implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onSendActivities(async (_ctx, activities, send) => {
      for (let i = 0; i < activities.length; i++) activities[i] = bridged(activities[i]!);
      return send();
    });
    await next();
  }
}
