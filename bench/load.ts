/**
 * Drives C concurrent conversations against a bot over HTTP exactly as the Emulator does
 * (activities posted to /api/messages, replies collected at a local serviceUrl), and measures
 * each turn from POST to the bot's HTTP answer (by then the turn's replies have been posted).
 */
import { ChannelServer, EmulatedConversation } from '../src/cli/emulator.js';

export interface LoadOptions {
  botUrl: string;
  channel: ChannelServer;
  /** Conversations running at once. */
  concurrency: number;
  /** Conversations in all. */
  conversations: number;
  /** The messages of conversation number `i` (a conversationUpdate join comes first). */
  script: (i: number) => string[];
  /** A turn is an error unless its answer is 200 and this holds for its replies (when given). */
  check?: (i: number, turn: number, replies: number) => boolean;
}

export interface LoadResult {
  turns: number;
  errors: number;
  conversations: number;
  wallMs: number;
  turnsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** p50 and p99 of each turn of the script (0 = the join), to see which turn makes the tail. */
  byTurn: { p50Ms: number; p99Ms: number }[];
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function drive(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const byTurn: number[][] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();

  const runOne = async (i: number) => {
    const conversation = new EmulatedConversation(options.botUrl, options.channel, { locale: 'id-ID', channelId: 'webchat' });
    const turns = [{ type: 'conversationUpdate', membersAdded: [{ id: 'bot' }, { id: `user-${i}` }] }, ...options.script(i).map((text) => ({ type: 'message', text }))];
    for (const [n, activity] of turns.entries()) {
      const t0 = performance.now();
      try {
        const { status, replies } = await conversation.post(activity);
        latencies.push(performance.now() - t0);
        (byTurn[n] ??= []).push(performance.now() - t0);
        if (status !== 200 || (options.check && !options.check(i, n, replies.length))) errors++;
      } catch {
        latencies.push(performance.now() - t0);
        errors++;
      }
    }
    options.channel.forget(conversation.id);
  };

  const worker = async () => {
    while (next < options.conversations) await runOne(next++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    turns: latencies.length,
    errors,
    conversations: options.conversations,
    wallMs: Math.round(wallMs),
    turnsPerSecond: Math.round((latencies.length / wallMs) * 1000),
    p50Ms: Number(percentile(latencies, 50).toFixed(1)),
    p95Ms: Number(percentile(latencies, 95).toFixed(1)),
    p99Ms: Number(percentile(latencies, 99).toFixed(1)),
    byTurn: byTurn.map((turn) => {
      turn.sort((a, b) => a - b);
      return { p50Ms: Number(percentile(turn, 50).toFixed(1)), p99Ms: Number(percentile(turn, 99).toFixed(1)) };
    }),
  };
}
