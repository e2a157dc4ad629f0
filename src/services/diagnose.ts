/**
 * The checks of DECISION-TABLE.md §2, all at once under one time budget. Every read starts
 * together; each gets min(client timeout, what is left of the budget); when the budget ends,
 * whatever has not answered counts as unavailable, so diagnose returns by the budget even if
 * a system (or a client) ignores the abort.
 */
import type { HlrStatus, OutageList, SubscriberProfile } from '../contracts/backend.js';
import type { Answers, Facts, Lookup, SystemName } from '../domain/types.js';
import { silentLogger, type Logger } from '../log.js';
import type { BackendClient, CallOptions } from './backend/client.js';

export interface Diagnosis {
  facts: Facts;
  /** Systems whose answer was `unavailable`, in SYSTEMS order. */
  unavailable: SystemName[];
  /** Milliseconds each system took; NETWORK only when the outage check was made. */
  timings: Partial<Record<SystemName, number>>;
  wallTimeMs: number;
}

export interface BudgetOptions {
  budgetMs?: number;
  log?: Logger;
  /** Millisecond clock for timings and the deadline; must tick with Date.now (the client's clock). */
  now?: () => number;
  /** Prefixes every X-Request-Id, e.g. the conversation id. */
  correlationId?: string;
}

export type DiagnoseAnswers = Pick<Answers, 'msisdn' | 'paymentDate' | 'location'>;

export const DEFAULT_BUDGET_MS = 5000;
/** DECISION-TABLE.md §3: a payment up to one day before the stated date still counts. */
export const PAYMENT_SLACK_DAYS = 1;
export const HISTORY_DAYS = 30;

export async function diagnose(client: BackendClient, answers: DiagnoseAnswers, options: BudgetOptions = {}): Promise<Diagnosis> {
  const budget = new Budget(options);
  const { msisdn } = answers;
  const location = answers.location?.trim();
  try {
    const [profile, billing, hlr, device, history, outages] = await Promise.all([
      budget.run('DSC', (call) => client.getSubscriberProfile(msisdn, call)),
      budget.run('FA', (call) => client.getPayments(msisdn, daysBefore(answers.paymentDate, PAYMENT_SLACK_DAYS), call)),
      budget.run('HLR', (call) => client.getHlrStatus(msisdn, call)),
      budget.run('DEVICE', (call) => client.getDevice(msisdn, call)),
      budget.run('CRM', (call) => client.getInteractionHistory(msisdn, HISTORY_DAYS, call)),
      location ? budget.run('NETWORK', (call) => client.listOutages(location, call)) : undefined,
    ]);
    const facts: Facts = { profile, billing, hlr, device, history, ...(outages ? { outages } : {}) };
    const diagnosis: Diagnosis = {
      facts,
      unavailable: unavailableSystems(facts),
      timings: budget.timings,
      wallTimeMs: budget.elapsed(),
    };
    // The operator's line ("diagnosis.done", with the outcome) is written by the SOP dialog,
    // which knows what was decided; this one is for whoever reads the backends' timings alone.
    budget.log.debug(
      { event: 'diagnosis.checks_done', conversationId: options.correlationId, wallTimeMs: diagnosis.wallTimeMs, timings: diagnosis.timings, unavailable: diagnosis.unavailable },
      'backend checks done',
    );
    return diagnosis;
  } finally {
    budget.end();
  }
}

/** DSC and HLR only: enough for monitoring to tell "active and unblocked again". */
export async function recheck(
  client: BackendClient,
  msisdn: string,
  options: BudgetOptions = {},
): Promise<{ profile: Lookup<SubscriberProfile>; hlr: Lookup<HlrStatus> }> {
  const budget = new Budget(options);
  try {
    const [profile, hlr] = await Promise.all([
      budget.run('DSC', (call) => client.getSubscriberProfile(msisdn, call)),
      budget.run('HLR', (call) => client.getHlrStatus(msisdn, call)),
    ]);
    return { profile, hlr };
  } finally {
    budget.end();
  }
}

/** For a location learned after the diagnosis: rows 8–9 need only this, not every system again. */
export async function checkOutages(client: BackendClient, location: string, options: BudgetOptions = {}): Promise<Lookup<OutageList>> {
  const budget = new Budget(options);
  try {
    return await budget.run('NETWORK', (call) => client.listOutages(location.trim(), call));
  } finally {
    budget.end();
  }
}

function unavailableSystems(facts: Facts): SystemName[] {
  const bySystem: [SystemName, Lookup<unknown> | undefined][] = [
    ['DSC', facts.profile],
    ['FA', facts.billing],
    ['HLR', facts.hlr],
    ['DEVICE', facts.device],
    ['CRM', facts.history],
    ['NETWORK', facts.outages],
  ];
  return bySystem.filter(([, lookup]) => lookup?.status === 'unavailable').map(([system]) => system);
}

/** `YYYY-MM-DD` minus whole days; an unreadable date is passed on for the gateway to refuse. */
export function daysBefore(date: string, days: number): string {
  const parsed = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!parsed) return date;
  const utc = Date.UTC(Number(parsed[1]), Number(parsed[2]) - 1, Number(parsed[3]) - days);
  return new Date(utc).toISOString().slice(0, 10);
}

class Budget {
  readonly timings: Partial<Record<SystemName, number>> = {};
  readonly log: Logger;
  private readonly now: () => number;
  private readonly started: number;
  private readonly deadline: number;
  private readonly controller = new AbortController();
  private readonly expired: Promise<void>;
  private readonly correlationId: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: BudgetOptions) {
    const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLogger;
    this.correlationId = options.correlationId;
    this.started = this.now();
    this.deadline = this.started + budgetMs;
    this.expired = new Promise((resolve) => {
      this.timer = setTimeout(() => {
        this.controller.abort();
        resolve();
      }, budgetMs);
    });
  }

  /** One system's read, cut off at the deadline; a throw (a bug in a client) is unavailable too. */
  async run<T>(system: SystemName, read: (call: CallOptions) => Promise<Lookup<T>>): Promise<Lookup<T>> {
    const started = this.now();
    const call: CallOptions = { deadline: this.deadline, signal: this.controller.signal, ...(this.correlationId ? { correlationId: this.correlationId } : {}) };
    const cutOff = this.expired.then((): Lookup<T> => ({ status: 'unavailable', reason: 'no answer within the diagnosis budget' }));
    const answer = read(call).catch((err: unknown): Lookup<T> => {
      this.log.error({ event: 'backend.client_threw', system, err }, 'backend client threw');
      return { status: 'unavailable', reason: 'client error' };
    });
    const result = await Promise.race([answer, cutOff]);
    this.timings[system] = this.now() - started;
    return result;
  }

  elapsed(): number {
    return this.now() - this.started;
  }

  end(): void {
    clearTimeout(this.timer);
  }
}
