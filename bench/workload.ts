/**
 * The conversation a customer really has (as test/e2e/conversations.test.ts plays it): a
 * greeting, then one answer per question: number, date, channel, services, notification,
 * location (row 7 asks it for the ticket), other contact. Eight messages after the join; it ends
 * in a ticket and a hand-off. Shared by `npm run bench` and `npm run bench:profile`.
 */
export const REAL_SCRIPT = () => ['halo', '0811-0000-0007', 'kmrn', 'atm bca', 'internet', 'udah', 'Bekasi', '0813 2222 3333'];

/** The last turn (index `lastTurn`, the join being 0) must have answered: the ticket and the hand-off. */
export const lastTurnAnswers = (lastTurn: number) => (_i: number, turn: number, replies: number) => turn < lastTurn || replies >= 2;
export const realCheck = lastTurnAnswers(REAL_SCRIPT().length);
