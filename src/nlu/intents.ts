/**
 * What the customer wants from the conversation: cancel, an agent, help, or a restart.
 * Unambiguous phrases ("orang asli", "gak jadi", "bingung") always count. Words with other
 * uses ("cs" in "kata cs…", "operator", "ulang", "stop", "bantuan" in "mohon bantuannya…")
 * count in a short message, or as the object of a request ("mau ngomong sama cs", "cs aja").
 * A negated intent ("nggak usah ke operator") does not count.
 */
import { canonicalSet, files } from './lexicon.js';
import type { Intent } from './lexicon-schema.js';
import { contentSpans, isFiller, isPunctuation, type Message } from './message.js';

/** When a message asks for two things, the one that changes the conversation most wins. */
const PRIORITY: readonly Intent[] = ['AGENT', 'RESTART', 'CANCEL', 'HELP'];
/** "Short" = at most this many content words: an answer or a command, not a story. */
const SHORT = 3;

function neighbours(message: Message, i: number, direction: -1 | 1, count: number): number[] {
  const out: number[] = [];
  for (let k = i + direction; k >= 0 && k < message.spans.length && out.length < count; k += direction) {
    const s = message.spans[k]!;
    if (isPunctuation(message, s)) break;
    if (!isFiller(s) || s.roles.requestTail === true) out.push(k);
  }
  return out;
}

const REPORT_AFTER = canonicalSet(files.intents.cancelReportAfter);
const REPORT_BEFORE = canonicalSet(files.intents.cancelReportBefore);

function spanText(message: Message, k: number): string {
  const s = message.spans[k]!;
  return message.tokens.slice(s.start, s.end).join(' ');
}

/**
 * "pembayarannya batal terus", "nomor saya ga jadi aktif": a cancel word that reports what
 * failed (a state or event right after it, or the cancelled thing just before it with no
 * request word between) asks for nothing.
 */
function reportsCancel(message: Message, i: number): boolean {
  const after = neighbours(message, i, 1, 1)[0];
  if (after !== undefined && REPORT_AFTER.has(spanText(message, after))) return true;
  for (const k of neighbours(message, i, -1, 3)) {
    if (message.spans[k]!.roles.request === true) return false;
    if (REPORT_BEFORE.has(spanText(message, k))) return true;
  }
  return false;
}

export function findIntent(message: Message): Intent | null {
  const spans = message.spans;
  const short = contentSpans(message).length <= SHORT;
  const found = new Set<Intent>();
  for (let i = 0; i < spans.length; i++) {
    const r = spans[i]!.roles;
    if (r.intent === undefined) continue;
    const before = neighbours(message, i, -1, 2);
    if (before.some((k) => spans[k]!.roles.answer === 'NO')) continue;
    if (r.intent === 'CANCEL' && reportsCancel(message, i)) continue;
    if (r.intentStrength === 'strong') {
      found.add(r.intent);
      continue;
    }
    // "sudah saya restart juga", "belum restart": a weak word after "already/not yet" reports what was done.
    if (before.some((k) => spans[k]!.roles.answerKind === 'aspect' && spans[k]!.roles.request !== true)) continue;
    if (short) {
      found.add(r.intent);
      continue;
    }
    if (r.intent === 'HELP') continue; // "tolong bantu saya, nomor saya diblokir" is a complaint
    const requested = before.some((k) => spans[k]!.roles.request === true);
    const tail = neighbours(message, i, 1, 1).some((k) => spans[k]!.roles.requestTail === true);
    if (requested || tail) found.add(r.intent);
  }
  for (const intent of PRIORITY) if (found.has(intent)) return intent;
  return null;
}
