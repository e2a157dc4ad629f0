/**
 * The case summed up for the customer: once before the diagnosis ("saya rangkum dulu"), and
 * once more, with the location, before the ticket (what it will say, still fixable).
 */
import type { TurnContext } from 'botbuilder';
import type { CaseState, Slot } from '../conversation/case.js';
import { formatSlotValue } from '../conversation/format.js';
import { localeOf, translate, type DialogDeps } from './turn.js';

export function caseSummary(context: TurnContext, deps: DialogDeps, state: CaseState, key: 'summary.text' | 'summary.beforeTicket'): string {
  const t = translate(context, deps);
  const value = (slot: Slot) => formatSlotValue(slot, state, t, localeOf(context));
  return t(key, {
    msisdn: value('msisdn'),
    date: value('paymentDate'),
    channel: value('paymentChannel'),
    services: value('affectedServices'),
    notification: value('notificationReceived'),
    location: value('location'),
  });
}
