/**
 * Yes/no answers. A yes/no word is an answer where a reader takes it as one:
 * - at the start of the message (after greetings and "masih", "kayaknya"…): "iya", "nggak kak",
 *   "udah", "belum dapat", "ya sudah dapat sms", "iya belum" (= no);
 *   but "udah bayar kmrn lwt bca" is a statement ("udah" belongs to "bayar"), and
 *   "nggak bisa internet" describes a service, not an answer;
 * - around a notification, wherever it is: "notifnya belum masuk", "sms konfirmasi udah ada".
 * "internet blm bs" is neither: "belum" describes the service.
 */
import { clauseAround, isBreak, isFiller, isQuestionMark, type Message } from './message.js';
import { isNumeric } from './normalize.js';
import type { Span } from './phrases.js';
import { isNotificationSms } from './notification-sms.js';

export type Confirmation = 'YES' | 'NO';

/** "dapat dari bca": a provider after "dari" is where the notification came from. */
function isSource(message: Message, k: number): boolean {
  return message.tokens[message.spans[k]!.start - 1] === 'dari';
}

/** A service or channel in the rest of the message makes it a statement, not an answer. */
function namesSlot(message: Message, rest: readonly number[]): boolean {
  const first = message.spans[rest[0] ?? -1]?.roles;
  const received = first?.receipt === true || first?.answerKind === 'aspect';
  for (const k of rest) {
    const r = message.spans[k]!.roles;
    if ((r.provider !== undefined || r.method !== undefined) && !(received && isSource(message, k))) return true;
    if (r.service !== undefined && !(r.service === 'SMS' && isNotificationSms(message, k))) return true;
  }
  return false;
}

/** The clause after the break at span `end` names a service. */
function laterClauseNamesService(message: Message, end: number): boolean {
  for (let k = end + 1; k < message.spans.length; k++) {
    const s = message.spans[k]!;
    if (isBreak(s)) return false;
    if (s.roles.service !== undefined) return true;
  }
  return false;
}

function initialAnswer(message: Message, i: number): Confirmation | null {
  const spans = message.spans;
  const first = spans[i]!;
  const answer = first.roles.answer!;
  // What follows the answer word in its own clause; a later clause is a new sentence.
  const rest: number[] = [];
  let end = i + 1;
  for (; end < spans.length && !isBreak(spans[end]!); end++) if (!isFiller(spans[end]!)) rest.push(end);
  // "ada operator?", "sudah bisa?": a question, not an answer.
  if (end < spans.length && isQuestionMark(message, spans[end]!)) return null;
  const next: Span | undefined = spans[rest[0] ?? -1];
  // "bukan cuma sms, internet juga": "not only" is no answer (an only-word also breaks clauses).
  if (answer === 'NO' && first.roles.answerKind === 'particle' && spans[i + 1]?.roles.only === true) return null;
  // Nothing after it in its clause ("gak, …", "sudah tapi …", "iya"): a plain answer.
  if (next === undefined) return answer;
  if (first.roles.answerKind === 'particle') {
    if (answer === 'YES') return next.roles.answer === 'NO' ? 'NO' : 'YES'; // "iya belum" = no
    if (next.roles.answerBlocker === true || next.roles.paymentVerb === true) return null;
    // "ga bisa ngapa2in", "ga ada yg jalan": what does not work, not a "no" ("ga bisa kak" still is).
    if (rest.length >= 2 && rest.some((k) => spans[k]!.roles.working === true)) return null;
    return namesSlot(message, rest) ? null : 'NO';
  }
  // "sudah"/"belum"/"pernah"/"ada": an answer only when little, or only a receipt, follows;
  // "udah bayar" is a statement, "udah seminggu" / "udah 3 hari" is how long.
  if (next.roles.paymentVerb === true || next.roles.answerBlocker === true) return null;
  // "ga ada yg jalan", "belum ada yang bisa": what does not work, not a "no".
  if (rest.length >= 2 && rest.slice(0, 2).some((k) => spans[k]!.roles.working === true)) return null;
  // "teu acan aktif, internet teu tiasa": a state ("belum aktif") the next clause says is a
  // service's is a description, not an answer ("belum bisa kak" alone still is).
  if (answer === 'NO' && next.roles.working === true && rest.length === 1 && laterClauseNamesService(message, end)) return null;
  // "udah deh ga jadi", "udah ga usah": "udah" as "enough", before what the customer wants.
  if (next.roles.intent !== undefined && next.roles.intentStrength === 'strong') return null;
  if (next.roles.answer !== undefined && next.roles.answer !== answer && next.roles.answerKind === 'particle') return null;
  if (isNumeric(message.tokens[next.start]!)) return null;
  if (rest.length <= 1 || (rest.length === 2 && !namesSlot(message, rest))) return answer;
  // "sudah dapat sms", "udah saya restart berkali2": the answer's own verb follows it.
  const r = next.roles;
  const receipt = r.receipt === true || r.notification === true || r.answer !== undefined || r.activity === true;
  return receipt && !namesSlot(message, rest) ? answer : null;
}

function notificationEvidence(message: Message): number[] {
  const found: number[] = [];
  message.spans.forEach((s, k) => {
    if (s.roles.notification === true || (s.roles.service === 'SMS' && isNotificationSms(message, k))) found.push(k);
  });
  return found;
}

/** Notification words are answered at most this many words (not fillers) away. */
const NOTIFICATION_REACH = 3;

/** The span `NOTIFICATION_REACH` non-filler spans from n in direction `step`, within the clause bound `limit`. */
function reach(message: Message, n: number, limit: number, step: 1 | -1): number {
  let k = n;
  for (let seen = 0; k !== limit && seen < NOTIFICATION_REACH; ) {
    k += step;
    if (!isFiller(message.spans[k]!)) seen++;
  }
  return k;
}

/** "belum dapat notif", "sms konfirmasi sudah masuk", "notif tidak ada": near the notification. */
function notificationAnswer(message: Message): Confirmation | null {
  const spans = message.spans;
  for (const n of notificationEvidence(message)) {
    const [first, last] = clauseAround(message, n);
    // "ga ada sama sekali kak notif apapun": fillers and intensifiers do not count as distance.
    const from = reach(message, n, first, -1);
    const to = reach(message, n, last, 1);
    let yes = false;
    for (let k = from; k <= to; k++) {
      const r = spans[k]!.roles;
      // "invoice … sdh dibayar": a "sudah" that belongs to a payment verb tells what was done, not a receipt.
      if (r.answerKind === 'aspect' && spans[k + 1]?.roles.paymentVerb === true) continue;
      // "tidak bisa …" is about a service, not about the notification.
      if (r.answer === 'NO' && spans[k + 1]?.roles.working !== true) return 'NO';
      if (r.receipt === true || (r.answer === 'YES' && r.answerKind === 'aspect')) yes = true;
    }
    if (yes) return 'YES';
  }
  return null;
}

export function findConfirmation(message: Message): Confirmation | null {
  const spans = message.spans;
  let i = 0;
  while (i < spans.length && (isFiller(spans[i]!) || isBreak(spans[i]!))) i++;
  const first = spans[i];
  if (first !== undefined && first.roles.answer !== undefined && first.roles.intent === undefined) {
    const initial = initialAnswer(message, i);
    if (initial !== null) return initial;
  }
  return notificationAnswer(message);
}
