/**
 * Counts and times every customer message, from the first middleware to the end of the turn
 * (lock wait, dialogs, backend calls, the replies). First in the chain, so a turn the rate
 * limit or the lock answers early is counted too: the customer waited for it all the same.
 */
import type { Middleware, TurnContext } from 'botbuilder';
import type { Telemetry } from '../services/telemetry.js';

export class TurnMetrics implements Middleware {
  constructor(private readonly telemetry: Telemetry) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.type !== 'message') return next();
    const started = performance.now();
    try {
      await next();
    } finally {
      this.telemetry.turn(context.activity.channelId, (performance.now() - started) / 1000);
    }
  }
}
