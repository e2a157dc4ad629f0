/**
 * What `npm run chat` prints, each bot activity exactly once. Replies arrive on the channel
 * while their turn is still running, and proactive messages (a delayed ticket, monitoring)
 * arrive between turns; one "seen" set for both, and no poll while a turn is in flight (its
 * replies print when it ends, under the customer's line, not in the middle of a prompt).
 */
import type { BotActivity } from './emulator.js';

export class TranscriptPrinter {
  private readonly seen = new Set<BotActivity>();
  private turnsInFlight = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly render: (activity: BotActivity) => string | null,
  ) {}

  /** Prints those not printed yet; returns how many were new. */
  printNew(activities: readonly BotActivity[]): number {
    let fresh = 0;
    for (const activity of activities) {
      if (this.seen.has(activity)) continue;
      this.seen.add(activity);
      fresh += 1;
      const line = this.render(activity);
      if (line) this.write(`${line}\n`);
    }
    return fresh;
  }

  /** Runs one turn; its replies (and anything that came with them) print once, when it ends. */
  async turn(run: () => Promise<readonly BotActivity[]>, all: () => readonly BotActivity[]): Promise<void> {
    this.turnsInFlight += 1;
    try {
      this.printNew(await run());
    } finally {
      this.turnsInFlight -= 1;
    }
    this.printNew(all());
  }

  /** Between turns: what arrived on its own. Null while a turn runs (it prints its own). */
  poll(all: readonly BotActivity[]): number | null {
    if (this.turnsInFlight > 0) return null;
    const unseen = all.filter((a) => !this.seen.has(a));
    if (unseen.length === 0) return 0;
    this.write('\n');
    return this.printNew(unseen);
  }
}
