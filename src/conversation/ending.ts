/**
 * How a conversation ended, for the metrics (`sop007_conversations_total{ending}`) and the
 * daily report, decided from the case before and after a turn. Pure: the dialogs only say
 * what the turn did; the decided ending is kept on the case (`ending`) so it is counted once.
 *
 * - `escalated`: an agent took over (any hand-off).
 * - `contained`: the bot finished the case without an agent: an outcome whose playbook hands
 *   nothing off (and whose ticket, if any, is made or on its way), or network-refresh advice
 *   the customer said helped.
 * - `cancelled`: the customer cancelled a case whose ending was not decided yet.
 * - `abandoned` is decided by time, for cases with no ending (`src/services/abandonment.ts`).
 */
import { PLAYBOOK } from '../domain/playbook.js';
import type { CaseState } from './case.js';

export type TurnEnding = 'contained' | 'escalated' | 'cancelled';

export function endingOfTurn(before: CaseState, after: CaseState, turn: { cancelled: boolean }): TurnEnding | null {
  if (turn.cancelled) return before.ending ? null : 'cancelled';
  if (after.ending) return null;
  if (after.handedOff) return 'escalated';
  if (!after.outcome) return null;
  const playbook = PLAYBOOK[after.outcome];
  if (playbook.handoff) return null; // ends with the hand-off, later in the case
  if (playbook.refresh) return after.refreshWorked === true ? 'contained' : null;
  if (playbook.ticket) return after.ticket || after.ticketPending ? 'contained' : null;
  return 'contained';
}
