/**
 * The names of every sentence in `locales/`, as a type: a key that does not exist in the
 * Indonesian texts (the reference language) is a compile error, not a raw key shown to a
 * customer. `test/unit/locales.test.ts` checks that English has exactly the same keys.
 */
type Areas = {
  desk: typeof import('../locales/id/desk.json', { with: { type: 'json' } });
  deskCustomer: typeof import('../locales/id/deskCustomer.json', { with: { type: 'json' } });
  control: typeof import('../locales/id/control.json', { with: { type: 'json' } });
  errors: typeof import('../locales/id/errors.json', { with: { type: 'json' } });
  format: typeof import('../locales/id/format.json', { with: { type: 'json' } });
  greeting: typeof import('../locales/id/greeting.json', { with: { type: 'json' } });
  handoff: typeof import('../locales/id/handoff.json', { with: { type: 'json' } });
  monitor: typeof import('../locales/id/monitor.json', { with: { type: 'json' } });
  outcome: typeof import('../locales/id/outcome.json', { with: { type: 'json' } });
  refresh: typeof import('../locales/id/refresh.json', { with: { type: 'json' } });
  slots: typeof import('../locales/id/slots.json', { with: { type: 'json' } });
  summary: typeof import('../locales/id/summary.json', { with: { type: 'json' } });
  teams: typeof import('../locales/id/teams.json', { with: { type: 'json' } });
  ticket: typeof import('../locales/id/ticket.json', { with: { type: 'json' } });
  chat: typeof import('../locales/id/chat.json', { with: { type: 'json' } });
  report: typeof import('../locales/id/report.json', { with: { type: 'json' } });
};

/** "a.b.c" for every string leaf of a nested object (`$comment`-style notes excluded). */
type Leaves<T, Prefix extends string> = {
  [K in keyof T & string]: K extends `$${string}`
    ? never
    : T[K] extends string
      ? `${Prefix}${K}`
      : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Areas, ''>;
