/**
 * The shape an activity must have before botbuilder sees it. The SDK trusts its input: an
 * activity without `channelId`, `from` or `recipient`, with a number where a string belongs,
 * or with a conversation id that is not Latin-1 (it ends up in an HTTP header and a URL)
 * throws deep inside a turn, after the channel was already told 200. Checked here, such an
 * activity gets a 400 naming the field, and no error is logged: it is the sender's mistake.
 *
 * Used by `/api/messages` and by every path that builds a turn itself (proactive sends and
 * the bot's own channels), so one schema decides what a turn may start from.
 */
import { z } from 'zod';

/** Channel ids are short words (`msteams`, `directline`, `webchat`, `emulator`…). */
const MAX_CHANNEL_ID = 64;
/** Teams conversation ids with a thread reach ~300 characters; this leaves room and no more. */
const MAX_ID = 1024;
/** BCP-47 tags are short; `zh-Hant-TW-x-private` is about as long as they get. */
const MAX_LOCALE = 35;

/** Printable Latin-1 only: ids travel in URLs and headers, where anything else breaks. */
const LATIN1_PRINTABLE = /^[\u0020-\u007e\u00a0-\u00ff]+$/;

const id = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .regex(LATIN1_PRINTABLE, { error: 'must be printable Latin-1' });

const text = (max: number) => z.string({ error: 'must be a string' }).max(max, { error: `must be at most ${max} characters` });

/**
 * A reply copies `from`, `recipient` and `conversation` (swapped) and botbuilder's serializer
 * refuses the whole reply when any of their fields has the wrong type: so every field it
 * knows is checked, not only the ids.
 */
const party = z.object(
  { id: id(MAX_ID), name: text(MAX_ID).optional(), aadObjectId: text(MAX_ID).optional(), role: text(MAX_CHANNEL_ID).optional() },
  { error: 'must be an object' },
);
const conversation = z.object(
  {
    id: id(MAX_ID),
    name: text(MAX_ID).optional(),
    conversationType: text(MAX_CHANNEL_ID).optional(),
    tenantId: text(MAX_ID).optional(),
    aadObjectId: text(MAX_ID).optional(),
    role: text(MAX_CHANNEL_ID).optional(),
    isGroup: z.boolean({ error: 'must be a boolean' }).optional(),
  },
  { error: 'must be an object' },
);
const members = z.array(party, { error: 'must be an array' }).max(1000).optional();

export const ActivityEnvelope = z.object({
  type: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).max(MAX_CHANNEL_ID),
  serviceUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048),
  channelId: id(MAX_CHANNEL_ID),
  from: party,
  recipient: party,
  conversation,
  id: text(MAX_ID).optional(),
  replyToId: text(MAX_ID).optional(),
  text: z.string({ error: 'must be a string' }).optional(),
  locale: text(MAX_LOCALE).optional(),
  membersAdded: members,
  membersRemoved: members,
  name: text(MAX_ID).optional(),
  value: z.unknown().optional(),
}).superRefine((activity, ctx) => {
  // botbuilder reads `value.action.type` of an Adaptive Card action without a check.
  if (activity.type !== 'invoke' || activity.name !== 'adaptiveCard/action') return;
  const action = (activity.value as { action?: { type?: unknown } } | null | undefined)?.action;
  if (typeof action !== 'object' || action === null || typeof action.type !== 'string') {
    ctx.addIssue({ code: 'custom', path: ['value', 'action'], message: 'must be an Adaptive Card action object with a type' });
  }
});

export type ActivityProblem = { field: string; problem: string };

/** Null when the activity may start a turn; else the first field at fault, for a 400. */
export function checkActivity(body: unknown): ActivityProblem | null {
  const result = ActivityEnvelope.safeParse(body);
  if (result.success) return null;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'activity';
  const given = issue.path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), body);
  return { field, problem: given === undefined || given === null ? 'is missing' : issue.message };
}
