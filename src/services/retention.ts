/**
 * How long the bot keeps a conversation (UU PDP No. 27/2022: personal data no longer than its
 * purpose needs). Two rules, applied by a periodic sweep on every instance:
 *
 * 1. A conversation's state is forgotten `retentionMs` after its last turn, unless its number is
 *    still watched (the customer coming back during monitoring is told where things stand).
 * 2. A finished watch is forgotten `retentionMs` after it ended.
 *
 * The ticket, the hand-off and the transcript given to the agent live in the CRM, not here.
 * A conversation is deleted under its turn lock, and only if nothing wrote it since it was read,
 * so a customer who writes at that moment keeps their state.
 *
 * Which store keys are conversation state, when a conversation was last active and which lock
 * its turns take belong to the bot framework's layout (`src/bot/conversationKeys.ts`): they come
 * in as `conversations`, so this sweep knows nothing of them.
 */
import { PeriodicPass } from './periodicPass.js';
import type { Logger } from '../log.js';
import type { KeyValueStore, LockService, StoreItem } from '../storage/types.js';
import { WATCH_PREFIX, type WatchState } from './monitoring/monitor.js';

/** Items read per store call during a sweep. */
const BATCH = 200;

/** What the sweep is told about conversation state; the bot layer knows the layout. */
export interface ConversationRecords {
  /** The conversation a store key holds the state of; null for any other key. */
  conversationIdOf(key: string): string | null;
  /** When the conversation's last turn was; undefined when it was stored before turns were stamped. */
  lastActivityOf(item: StoreItem): number | undefined;
  /** The same state, stamped as last active at `at`. */
  withLastActivity(item: StoreItem, at: number): StoreItem;
  /** The lock a conversation's turns hold: the sweep deletes only under it. */
  turnLockKey(conversationId: string): string;
}

export interface RetentionOptions {
  store: KeyValueStore;
  locks: LockService;
  conversations: ConversationRecords;
  log: Logger;
  retentionMs: number;
  now?: () => number;
}

export interface SweepResult {
  conversations: number;
  watches: number;
}

type WatchRecord = StoreItem & Partial<Pick<WatchState, 'status' | 'endedAt'>>;

export class Retention {
  private readonly now: () => number;
  private readonly periodic: PeriodicPass;

  constructor(private readonly options: RetentionOptions) {
    this.now = options.now ?? Date.now;
    this.periodic = new PeriodicPass(
      () => this.sweep(),
      (err) => options.log.error({ event: 'retention.sweep_failed', err }, 'retention sweep failed; trying again at the next one'),
    );
  }

  /** Sweeps now and then every `intervalMs`; a sweep never overlaps the previous one. */
  start(intervalMs: number): void {
    this.periodic.start(intervalMs, { immediately: true });
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  async sweep(): Promise<SweepResult> {
    const { store, log } = this.options;
    const all = await store.keys('');
    const watchKeys = all.filter((key) => key.startsWith(WATCH_PREFIX));
    const watches = await readAll(store, watchKeys);
    const expiredWatches = watchKeys.filter((key) => this.watchExpired(watches[key]));
    const watched = new Set(
      watchKeys.filter((key) => watches[key] && watches[key].status !== 'done').map((key) => key.slice(WATCH_PREFIX.length)),
    );

    let conversations = 0;
    const conversationKeys = all.flatMap((key) => {
      const conversationId = this.options.conversations.conversationIdOf(key);
      return conversationId === null ? [] : [{ key, conversationId }];
    });
    for (let i = 0; i < conversationKeys.length; i += BATCH) {
      const batch = conversationKeys.slice(i, i + BATCH);
      const items = await store.read(batch.map(({ key }) => key));
      // A batch at once: the stores commit concurrent changes together (one fsync for the file store).
      const forgotten = await Promise.all(
        batch.map(({ key, conversationId }) => this.expire(conversationId, key, items[key] as StoreItem | undefined, watched)),
      );
      conversations += forgotten.filter(Boolean).length;
    }
    if (expiredWatches.length > 0) await store.delete(expiredWatches);
    if (conversations + expiredWatches.length > 0) {
      log.info({ event: 'retention.forgot', conversations, watches: expiredWatches.length }, 'retention: forgot conversations and finished watches');
    }
    return { conversations, watches: expiredWatches.length };
  }

  /** Applies rule 1 to one conversation; true when it was forgotten. */
  private async expire(conversationId: string, key: string, item: StoreItem | undefined, watched: ReadonlySet<string>): Promise<boolean> {
    if (!item || watched.has(conversationId)) return false;
    const { conversations, store } = this.options;
    const lastActivity = conversations.lastActivityOf(item);
    if (lastActivity === undefined) {
      // Stored before turns were stamped: its age is unknown, so it counts from now.
      await store.write({ [key]: conversations.withLastActivity(item, this.now()) }).catch(() => undefined);
      return false;
    }
    if (this.now() - lastActivity < this.options.retentionMs) return false;
    return this.forgetConversation(conversationId, key, item.eTag);
  }

  private watchExpired(watch: WatchRecord | undefined): boolean {
    return watch?.status === 'done' && typeof watch.endedAt === 'number' && this.now() - watch.endedAt >= this.options.retentionMs;
  }

  /** False when a turn holds the conversation or wrote it since the sweep read it. */
  private async forgetConversation(conversationId: string, key: string, eTag: string | undefined): Promise<boolean> {
    const { store, locks, log, conversations } = this.options;
    const lease = await locks.acquire(conversations.turnLockKey(conversationId), { ttlMs: 30_000, waitMs: 0 }).catch(() => null);
    if (!lease) return false;
    try {
      const current = (await store.read([key]))[key] as StoreItem | undefined;
      if (!current || current.eTag !== eTag) return false;
      await store.delete([key]);
      return true;
    } catch (err) {
      log.warn({ event: 'retention.forget_failed', err, conversationId }, 'retention: could not forget a conversation; trying at the next sweep');
      return false;
    } finally {
      await lease.release();
    }
  }
}

async function readAll(store: KeyValueStore, keys: string[]): Promise<Record<string, StoreItem>> {
  const out: Record<string, StoreItem> = {};
  for (let i = 0; i < keys.length; i += BATCH) Object.assign(out, await store.read(keys.slice(i, i + BATCH)));
  return out;
}
