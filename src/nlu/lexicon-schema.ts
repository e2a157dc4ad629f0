/**
 * The shape of every lexicon file in ./lexicons, checked when the module loads: the files are
 * edited by the localization team, and a broken edit must stop the bot at start-up with the
 * file and the JSON path, never silently understand less.
 */
import { z } from 'zod';

export const PROVIDERS = [
  'BCA', 'MANDIRI', 'BRI', 'BNI', 'BSI', 'CIMB', 'PERMATA', 'BTN', 'DANAMON', 'OCBC', 'JAGO',
  'SEABANK', 'INDOMARET', 'ALFAMART', 'GOPAY', 'OVO', 'DANA', 'SHOPEEPAY', 'LINKAJA',
  'MYTELKOMSEL', 'TOKOPEDIA', 'SHOPEE', 'BUKALAPAK', 'BLIBLI', 'GRAPARI', 'POS_INDONESIA',
] as const;
export type Provider = (typeof PROVIDERS)[number];

export const METHODS = [
  'ATM', 'MOBILE_BANKING', 'INTERNET_BANKING', 'TELLER', 'VIRTUAL_ACCOUNT', 'AUTODEBIT',
  'CREDIT_CARD', 'CASH',
] as const;
export type Method = (typeof METHODS)[number];

export const SERVICES = ['DATA', 'SMS', 'VOICE'] as const;
export type Service = (typeof SERVICES)[number];

export const INTENTS = ['CANCEL', 'AGENT', 'HELP', 'RESTART'] as const;
export type Intent = (typeof INTENTS)[number];

const Phrase = z.string().trim().min(1, 'empty phrase').max(80, 'phrase longer than 80 characters');
const Phrases = z.array(Phrase);
const ProviderCode = z.enum(PROVIDERS);
const MethodCode = z.enum(METHODS);

function exhaustive<K extends string, V extends z.ZodType>(keys: readonly K[], value: V) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>);
}

export const SlangFile = z.strictObject({
  rewrites: z.record(Phrase, Phrases),
});

const DayOffset = z.string().regex(/^-?\d{1,3}$/, 'a day offset such as "-1"');
const NumberKey = z.string().regex(/^\d{1,2}$/, 'a number such as "3"');

export const DatesFile = z.strictObject({
  relativeDays: z.record(DayOffset, Phrases),
  lastNight: Phrases,
  months: exhaustive(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'], Phrases),
  weekdays: exhaustive(['0', '1', '2', '3', '4', '5', '6'], Phrases),
  weekWords: Phrases,
  dayPrefixes: Phrases,
  pastModifiers: Phrases,
  thisModifiers: Phrases,
  lastWeekModifiers: Phrases,
  thisWeekModifiers: Phrases,
  futureModifiers: Phrases,
  dayOfMonthMarkers: Phrases,
  thisMonth: Phrases,
  lastMonth: Phrases,
  nextMonth: Phrases,
  units: z.strictObject({ day: Phrases, week: Phrases, month: Phrases }),
  agoWords: Phrases,
  numberWords: z.record(NumberKey, Phrases),
  /** "sebelas", "dua puluh satu": day numbers 1–31 in words, read as digits after a day marker. */
  dayNumbers: z.record(NumberKey, Phrases),
  /** "malam" in "malam senin": the evening before the named day. */
  eveningWords: Phrases,
  /** "jatuh tempo tgl 10", "keblokir dr tgl 3": a date after these is another event's. */
  otherEventWords: Phrases,
  /** "nomor yg tadi": a relative-day word after one of earlierMarkers refers back, it is no day. */
  earlierWords: Phrases,
  earlierMarkers: Phrases,
  /** "salah ketik tadi", "tadi sy salah isi": an earlierWords word next to a mistake word refers back. */
  mistakeWords: Phrases,
  durationWords: Phrases,
  timeMarkers: Phrases,
  untilWords: Phrases,
  sinceWords: Phrases,
});

export const ServicesFile = z.strictObject({
  services: z.strictObject({ DATA: Phrases, SMS: Phrases, VOICE: Phrases, ALL: Phrases }),
  quantifiers: Phrases,
  notService: Phrases,
  correctedAway: Phrases,
  directions: Phrases,
  productWords: Phrases,
  clarificationWords: Phrases,
  questionWords: Phrases,
  /** "yg lain ga bisa": the services the message does not say work. */
  rest: Phrases,
});

export const ChannelsFile = z.strictObject({
  providers: z.partialRecord(ProviderCode, Phrases),
  methods: z.partialRecord(MethodCode, Phrases),
  bundles: z.array(z.strictObject({ provider: ProviderCode, method: MethodCode, aliases: Phrases })),
  defaultMethods: z.partialRecord(ProviderCode, MethodCode),
  appMethods: z.partialRecord(ProviderCode, MethodCode),
  contextual: z.array(
    z
      .strictObject({ provider: ProviderCode.optional(), method: MethodCode.optional(), aliases: Phrases })
      .refine((e) => e.provider !== undefined || e.method !== undefined, 'needs a provider or a method'),
  ),
  paymentContext: Phrases,
  goingTo: Phrases,
  notChannel: Phrases,
});

const AnswerWords = z.strictObject({ particles: Phrases, aspects: Phrases });
export const AnswersFile = z.strictObject({
  YES: AnswerWords,
  NO: AnswerWords,
  notAnswer: Phrases,
});

const IntentWords = z.strictObject({ strong: Phrases, weak: Phrases });
export const IntentsFile = z.strictObject({
  intents: exhaustive(INTENTS, IntentWords),
  notIntent: Phrases,
  cancelReportAfter: Phrases,
  cancelReportBefore: Phrases,
});

export const ContextFile = z.strictObject({
  fillers: Phrases,
  hedges: Phrases,
  paymentVerbs: Phrases,
  receiptVerbs: Phrases,
  workingWords: Phrases,
  problemWords: Phrases,
  notificationWords: Phrases,
  notificationSources: Phrases,
  requestCues: Phrases,
  requestTails: Phrases,
  conjunctions: Phrases,
  clauseBreaks: Phrases,
  answerBlockers: Phrases,
  onlyWords: Phrases,
  activityWords: Phrases,
  exceptWords: Phrases,
  commonWords: Phrases,
  correctionMarkers: Phrases,
  /** "no transaksi 0812…", "order id 0812…": a number after these is a reference, not an MSISDN. */
  referenceLabels: Phrases,
  /** Channels: "bca error, jadinya pake bni": a channel after these replaces the one before (channels.ts). */
  failedWords: Phrases,
  switchWords: Phrases,
  /** "transfer dari bca ke ovo lalu bayar pake ovo": a later step; with a payment verb after it, its channel is the paid one. */
  sequenceWords: Phrases,
  plannedWords: Phrases,
  /** Services: "sms masuk tp telpon ga bisa": right after a service, it works. */
  workingAfter: Phrases,
});

/** clauses.json: the markers that cut a message into corrected and negated clauses (src/nlu/clauses.ts). */
export const ClausesFile = z.strictObject({
  corrections: Phrases,
  negations: Phrases,
  negationEnds: Phrases,
  correctionTails: Phrases,
  /** "bukan pake dana ya kak nomor 0838…": a new key's label ends a negated clause (not as its first word). */
  negationTopics: Phrases,
  additions: Phrases,
});

/** Thrown at module load when a lexicon file does not have the documented shape. */
export class LexiconError extends Error {
  override readonly name = 'LexiconError';
}

/** Keys starting with "$" are notes for people ("$comment") and are not part of the data. */
function withoutNotes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNotes);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, withoutNotes(v)]),
    );
  }
  return value;
}

/** Validates one file's content; the error names the file and every failing JSON path. */
export function parseLexicon<S extends z.ZodType>(file: string, schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(withoutNotes(raw));
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
    return `  ${file} at ${path}: ${issue.message}`;
  });
  throw new LexiconError(`Lexicon file ${file} is invalid:\n${lines.join('\n')}`);
}

export const SIDE_QUESTIONS = [
  'WHY_REFRESH', 'WHY_LOCATION', 'TICKET_DURATION', 'WHAT_NEXT', 'DATA_SAFETY', 'ARE_YOU_THERE', 'REPEAT_QUESTION', 'OFF_TOPIC',
] as const;
export type SideQuestion = (typeof SIDE_QUESTIONS)[number];

const QuestionWords = z.strictObject({ phrases: Phrases, afterWhy: Phrases });
/** signals.json: the words signals() looks for (src/nlu/signals.ts). */
export const SignalsFile = z.strictObject({
  proofOfPayment: Phrases,
  proofNegations: Phrases,
  questions: exhaustive(SIDE_QUESTIONS, QuestionWords),
  whyWords: Phrases,
  questionWords: Phrases,
  corrections: Phrases,
  locationMarkers: Phrases,
  locationChatter: Phrases,
  explicitCancel: Phrases,
  notCancel: Phrases,
  upset: Phrases,
});
