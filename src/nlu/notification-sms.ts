/**
 * "sms" as the payment notification rather than the service: an SMS received, awaited or
 * missing ("dapat sms", "smsnya belum masuk", "sms ga ada", "sms dari bank") is a message the
 * customer waits for; one that fails to send or arrive ("sms ga bisa", "smsnye kagak masuk")
 * is the service. Used by services.ts (not a complaint) and confirmation.ts (an answer).
 */
import { canonicalSet, files } from './lexicon.js';
import { isBreak, isFiller, nextContent, previousContent, spanHas, type Message } from './message.js';

const RECEIPT_WORDS = canonicalSet(files.context.receiptVerbs);

/** "dapat sms", "ga ada sms masuk", "sms konfirmasi dari bank": the payment notification. */
export function isNotificationSms(message: Message, i: number): boolean {
  const spans = message.spans;
  const b = previousContent(message, i);
  const before = spans[b];
  // "tidak dapat email maupun sms": a list of notification channels shares its verb.
  if (before?.roles.conjunction === true && spans[previousContent(message, b)]?.roles.notification === true) return true;
  if (before !== undefined) {
    const r = before.roles;
    if (r.notification === true) return true;
    // "tidak bisa terima sms" is the service: receiving is what fails.
    const receipt = r.receipt === true || (r.answer !== undefined && r.answerKind === 'aspect');
    if (receipt && spans[previousContent(message, b)]?.roles.working !== true) return true;
  }
  // "smsnya belum masuk": the definite SMS, or one that has not arrived *yet*, is a message
  // the customer is waiting for, not the service ("sms ga masuk"). A definite SMS that plainly
  // does not come in ("smsnye kagak masuk") is the service too, unless the message opens
  // with an answer to the notification question ("blm kak, sms nya ga masuk").
  const after = nextContent(message, i);
  const definite = message.tokens[spans[i]!.end] === 'nya' || message.tokens[spans[i]!.start - 1] === 'the';
  const r = spans[after]?.roles;
  const plainNo = r?.answer === 'NO' && r.answerKind === 'particle' && !opensWithAnswer(message, i);
  if (r !== undefined && (definite || r.answerKind === 'aspect') && (r.receipt === true || r.answer !== undefined) && !plainNo) {
    const then = spans[nextContent(message, after)]?.roles;
    if (r.receipt === true || then?.receipt === true) return true;
  }
  // "sms sih blm ada", "sms udah masuk", "sms ga ada": an SMS not (yet) there, or already
  // received, is awaited: a message, not the service, which would "not work", not "not be there".
  if (r !== undefined && r.answerKind === 'aspect' && spanHas(message, spans[after]!, RECEIPT_WORDS)) {
    return true;
  }
  // "udah dapet email tp sms blm": a bare "not yet"/"already" after the SMS, in a message about
  // the notification, is about receiving it.
  if (r !== undefined && r.answerKind === 'aspect' && endsClause(message, after) && mentionsNotification(message)) return true;
  for (let k = i + 1; k < spans.length && k <= i + 3; k++) {
    const s = spans[k]!;
    if (isBreak(s)) break;
    if (s.roles.notification === true || s.roles.notificationSource === true || s.roles.provider !== undefined) return true;
  }
  return false;
}

function endsClause(message: Message, i: number): boolean {
  const k = nextContent(message, i);
  return k >= message.spans.length || isBreak(message.spans[k]!);
}

const notificationMentioned = new WeakMap<Message, boolean>();

/** The message names a notification (email, notif, struk…) somewhere; one pass, remembered per message. */
function mentionsNotification(message: Message): boolean {
  let found = notificationMentioned.get(message);
  if (found === undefined) {
    found = message.spans.some((s) => s.roles.notification === true);
    notificationMentioned.set(message, found);
  }
  return found;
}

/** The message opens, before span `i`, with a yes/no answer ("blm kak, …"). */
function opensWithAnswer(message: Message, i: number): boolean {
  for (let k = 0; k < i; k++) {
    const s = message.spans[k]!;
    if (isFiller(s) || isBreak(s)) continue;
    return s.roles.answer !== undefined && s.roles.service === undefined;
  }
  return false;
}
