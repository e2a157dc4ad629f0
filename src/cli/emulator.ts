/**
 * Plays the Bot Framework Emulator's role over real HTTP: posts activities to the bot's
 * `/api/messages` with a `serviceUrl` pointing at a local channel server of ours, and collects
 * what the bot posts back to `/v3/conversations/{id}/activities[/{replyToId}]`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BotActivity {
  type: string;
  text?: string;
  name?: string;
  value?: unknown;
  replyToId?: string;
  conversation?: { id: string };
  suggestedActions?: { actions: Array<{ title?: string; value?: unknown }> };
  attachments?: unknown[];
  channelData?: unknown;
  [key: string]: unknown;
}

type Waiter = { predicate: (a: BotActivity) => boolean; resolve: (a: BotActivity) => void };

export class ChannelServer {
  readonly received: BotActivity[] = [];
  private server!: Server;
  private waiters: Waiter[] = [];
  url = '';
  /** Makes the channel slow to accept the bot's replies, to hold a turn in flight. */
  replyDelayMs = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Drops what a finished conversation received, so long runs do not accumulate. */
  forget(conversationId: string): void {
    for (let i = this.received.length - 1; i >= 0; i--) {
      if (this.received[i]!.conversation?.id === conversationId) this.received.splice(i, 1);
    }
  }

  /** Resolves with the first activity (already received or future) matching `predicate`. */
  waitFor(predicate: (a: BotActivity) => boolean, timeoutMs = 10_000): Promise<BotActivity> {
    const found = this.received.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a bot activity')), timeoutMs);
      this.waiters.push({ predicate, resolve: (a) => (clearTimeout(timer), resolve(a)) });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '')) {
      const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BotActivity;
      if (this.replyDelayMs > 0) await new Promise((r) => setTimeout(r, this.replyDelayMs));
      this.received.push(activity);
      this.waiters = this.waiters.filter((w) => (w.predicate(activity) ? (w.resolve(activity), false) : true));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: randomUUID() }));
      return;
    }
    res.writeHead(404).end();
  }
}

export interface ConversationOptions {
  /** Join an existing conversation (e.g. the same one through another bot instance). */
  id?: string;
  locale?: string;
  channelId?: string;
  channelData?: unknown;
  userId?: string;
}

/** One customer's conversation with the bot. */
export class EmulatedConversation {
  readonly id: string;
  private readonly userId: string;

  constructor(
    private readonly botUrl: string,
    private readonly channel: ChannelServer,
    private readonly options: ConversationOptions = {},
  ) {
    this.id = options.id ?? `conv-${randomUUID()}`;
    this.userId = options.userId ?? `user-${randomUUID().slice(0, 8)}`;
  }

  /** All activities the bot has sent in this conversation so far. */
  get activities(): BotActivity[] {
    return this.channel.received.filter((a) => a.conversation?.id === this.id);
  }

  private envelope(extra: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      channelId: this.options.channelId ?? 'emulator',
      serviceUrl: this.channel.url,
      conversation: { id: this.id },
      from: { id: this.userId, name: 'Customer', role: 'user' },
      recipient: { id: 'bot', name: 'Bot', role: 'bot' },
      locale: this.options.locale ?? 'id-ID',
      timestamp: new Date().toISOString(),
      channelData: this.options.channelData,
      ...extra,
    };
  }

  /** Posts an activity and returns the HTTP status and what the bot sent in reply to it. */
  async post(extra: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; replies: BotActivity[] }> {
    const activity = this.envelope(extra);
    // A redelivered activity keeps its id: count only replies that arrive during this post.
    const before = new Set(this.activities);
    const response = await fetch(new URL('/api/messages', this.botUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    await response.arrayBuffer();
    const replies = this.activities.filter((a) => a.replyToId === activity.id && !before.has(a));
    return { status: response.status, replies };
  }

  join(): Promise<{ status: number; replies: BotActivity[] }> {
    return this.post({
      type: 'conversationUpdate',
      membersAdded: [{ id: 'bot', name: 'Bot' }, { id: this.userId, name: 'Customer' }],
    });
  }

  /** Sends a message; resolves with the bot's replies (messages and traces) to it. */
  async say(text: string): Promise<BotActivity[]> {
    const { status, replies } = await this.post({ type: 'message', text });
    if (status !== 200) throw new Error(`bot answered HTTP ${status}`);
    return replies;
  }
}

export const texts = (activities: BotActivity[]): string[] =>
  activities.filter((a) => a.type === 'message' && a.text).map((a) => a.text as string);
