/**
 * How botbuilder's ConversationState lays a conversation out in the store, and the turn lock
 * the turn guard takes. Only this folder knows these formats: the retention sweep (in
 * `src/services`) is handed `conversationRecords` and never parses a key itself.
 */
import type { AbandonRecords } from '../services/abandonment.js';
import type { ConversationRecords } from '../services/retention.js';
import type { StoreItem } from '../storage/types.js';

/** botbuilder's ConversationState key: `<channelId>/conversations/<conversationId>/`. */
const CONVERSATION_KEY = /^[^/]+\/conversations\/(.+)\/$/;

/** The conversation-state property the turn guard stamps on every turn (ms since the epoch). */
export const LAST_ACTIVITY_PROPERTY = 'lastActivityAt';

/** The lock a conversation's turns are serialised on; the retention sweep takes it too. */
export const turnLockKey = (conversationId: string): string => `lock/turn/${conversationId}`;

/** The conversation a store key holds the state of, or null when it is not conversation state. */
export const conversationIdOf = (key: string): string | null => CONVERSATION_KEY.exec(key)?.[1] ?? null;

/** When the conversation's last turn was, or undefined when it was stored before turns were stamped. */
export const lastActivityOf = (item: StoreItem): number | undefined => {
  const at = item[LAST_ACTIVITY_PROPERTY];
  return typeof at === 'number' ? at : undefined;
};

/** The same state, stamped as last active at `at`. */
export const withLastActivity = (item: StoreItem, at: number): StoreItem => ({ ...item, [LAST_ACTIVITY_PROPERTY]: at });

/** What the retention sweep needs to know about conversation state, for botbuilder's layout. */
export const conversationRecords: ConversationRecords = { conversationIdOf, lastActivityOf, withLastActivity, turnLockKey };

/** The case property of conversation state (`src/bot/state.ts`). */
const CASE_PROPERTY = 'case';

/** What the abandonment sweep needs to know about conversation state (ABANDON_AFTER_MINUTES). */
export const abandonRecords: AbandonRecords = {
  conversationIdOf,
  lastActivityOf,
  turnLockKey,
  caseOf: (item) => {
    const value = item[CASE_PROPERTY];
    return value && typeof value === 'object' ? (value) : undefined;
  },
  withAbandoned: (item) => ({ ...item, [CASE_PROPERTY]: { ...(item[CASE_PROPERTY] as object), ending: 'abandoned' } }),
};
