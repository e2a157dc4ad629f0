/**
 * SOP-007 Notes 5, "check periodically and monitor until the number is active": after a
 * ticket, re-check DSC and HLR every interval; when both show the number active and unblocked,
 * tell the customer (proactively) and note it on the ticket; at the horizon, note and say that
 * monitoring ended. After an unconfirmed network refresh, follow up once after one interval.
 *
 * The watch state (`monitor/<conversationId>`) is the truth; scheduler jobs are only triggers,
 * delivered at least once, and a job whose `watchId` is not the current watch's does nothing.
 *
 * Exactly once for the customer-facing end (message + note), whoever runs the job, however
 * often: ending is a compare-and-set (eTag) from `watching` to `ending` carrying a random claim;
 * only the writer that wins sends. The winner then adds the note (durable outbox, idempotent
 * key), sends the message, and writes `done`. Chosen order: claim BEFORE the effects, `done`
 * AFTER them. A crash after the claim leaves `ending` and the job (not yet completed, so the
 * scheduler runs it again); once the claim is older than `claimTtlMs` that run takes it over
 * and redoes the effects. So the message is never lost; it is sent twice only if the process
 * dies in the moment between the channel accepting it and `done` being written (or if sending
 * takes longer than `claimTtlMs`). We prefer that to the opposite order, in which the same
 * crash silently loses the "your number works again" the customer was promised. The note can
 * be redone freely: the backend de-duplicates it by its key.
 */
import { randomBytes } from 'node:crypto';
import type { HlrStatus, SubscriberProfile } from '../../contracts/backend.js';
import { isActiveAndUnblocked } from '../../domain/decide.js';
import { buildTicketNote } from '../../domain/ticket.js';
import type { Lookup, Service } from '../../domain/types.js';
import type { Logger } from '../../log.js';
import type { Telemetry } from '../telemetry.js';
import { ETagConflictError, type KeyValueStore } from '../../storage/types.js';
import type { BackendClient } from '../backend/client.js';
import { recheck } from '../diagnose.js';
import type { Outbox, Recipient } from '../outbox.js';
import type { JobPayload, Scheduler } from './scheduler.js';

export type WatchKind = 'TICKET' | 'REFRESH_FOLLOW_UP';
export type CheckResult = 'ACTIVE' | 'STILL_BLOCKED' | 'UNKNOWN';
/** ACTIVE: seen active; HORIZON: gave up; FOLLOWED_UP: refresh follow-up sent; CANCELLED: unwatch(). */
export type EndReason = 'ACTIVE' | 'HORIZON' | 'FOLLOWED_UP' | 'CANCELLED';
export type CheckedFacts = { profile: Lookup<SubscriberProfile>; hlr: Lookup<HlrStatus> };

export interface WatchRequest {
  conversationId: string;
  msisdn: string;
  ticketId: string | null;
  recipient: Recipient;
  kind: WatchKind;
  affectedServices?: Service[];
}

export interface WatchState extends Required<WatchRequest> {
  /** New for every watch() of the conversation; jobs of an earlier watch are ignored. */
  watchId: string;
  startedAt: number;
  horizonAt: number;
  /** watching → ending (claimed, effects under way) → done. */
  status: 'watching' | 'ending' | 'done';
  lastCheck: { at: number; result: CheckResult } | null;
  ending: {
    reason: EndReason;
    at: number;
    /** Whether the customer gets a proactive message (not when they asked, in-turn). */
    tell: boolean;
    claim: string;
    claimedAt: number;
    attempts: number;
    /** What the deciding check saw, for the note (redone identically after a crash). */
    facts: CheckedFacts | null;
  } | null;
  endedAt: number | null;
}

export interface MonitorNotifier {
  numberActive(r: Recipient, info: { ticketId: string | null }): Promise<void>;
  monitoringEnded(r: Recipient, info: { ticketId: string | null }): Promise<void>;
  refreshFollowUp(r: Recipient): Promise<void>;
}

export interface MonitorOptions {
  scheduler: Scheduler;
  store: KeyValueStore;
  client: BackendClient;
  outbox: Pick<Outbox, 'submitNote'>;
  notifier: MonitorNotifier;
  log: Logger;
  /** Counts the time from the ticket to the number active again. */
  telemetry?: Telemetry;
  intervalMs: number;
  horizonMs: number;
  now?: () => number;
  /** DSC + HLR re-check budget. Default 5000. */
  checkBudgetMs?: number;
  /** One try of the note within a check; the outbox retries after. Default 3000. */
  noteBudgetMs?: number;
  /** How long a claimed end may take before another run takes it over. Default 120 000. */
  claimTtlMs?: number;
  /** Tries of the end's effects (note + message) before giving up with an alert. Default 5. */
  maxEndAttempts?: number;
}

/** Where a conversation's watch is stored: `monitor/<conversationId>`. */
export const WATCH_PREFIX = 'monitor/';
type Stored = WatchState & { eTag?: string };

export class Monitor {
  private readonly now: () => number;
  private readonly claimTtlMs: number;

  constructor(private readonly o: MonitorOptions) {
    this.now = o.now ?? Date.now;
    this.claimTtlMs = o.claimTtlMs ?? 120_000;
  }

  async start(): Promise<void> {
    await this.reconcile();
    await this.o.scheduler.start((_jobId, payload) => this.onJob(payload));
  }

  /**
   * Start-up: a watch is written before its job is scheduled, so a crash in between leaves a
   * watch nothing would ever check. Every watch not done and without a pending job gets one
   * (its next check, or now if that is past). Safe on several instances at once: schedule()
   * replaces by job id, and the job itself is idempotent. Returns how many were scheduled.
   */
  async reconcile(): Promise<number> {
    const { scheduler, store, log } = this.o;
    if (!scheduler.pending) return 0;
    let scheduled = 0;
    for (const key of await store.keys(WATCH_PREFIX)) {
      try {
        const w = await this.read(key.slice(WATCH_PREFIX.length));
        if (!w || w.status === 'done') continue;
        const jobId = jobIdOf(w);
        if (await scheduler.pending(jobId)) continue;
        const now = this.now();
        const next = w.status === 'watching' ? Math.min((w.lastCheck?.at ?? w.startedAt) + this.o.intervalMs, w.horizonAt) : now;
        await scheduler.schedule(jobId, Math.max(now, next), payloadOf(w));
        scheduled++;
        log.warn({ event: 'monitor.rescheduled', conversationId: w.conversationId, status: w.status }, 'a watch had no schedule at start-up; scheduled it');
      } catch (err) {
        log.error({ event: 'monitor.reconcile_failed', err, key }, 'could not reconcile a watch at start-up');
      }
    }
    return scheduled;
  }

  async stop(): Promise<void> {
    await this.o.scheduler.stop();
  }

  /** Starts (or replaces) the watch of a conversation; the first check is one interval away. */
  async watch(req: WatchRequest): Promise<WatchState> {
    const previous = await this.read(req.conversationId);
    const startedAt = this.now();
    const state: WatchState = {
      ...req,
      affectedServices: req.affectedServices ?? [],
      watchId: randomBytes(8).toString('hex'),
      startedAt,
      horizonAt: startedAt + this.o.horizonMs,
      status: 'watching',
      lastCheck: null,
      ending: null,
      endedAt: null,
    };
    // State first: a crash before the schedule leaves a watch checkNow() can still serve.
    await this.o.store.write({ [WATCH_PREFIX + req.conversationId]: { ...state, eTag: '*' } });
    await this.o.scheduler.schedule(jobIdOf(state), startedAt + this.o.intervalMs, payloadOf(state));
    if (previous && previous.watchId !== state.watchId) await this.o.scheduler.cancel(jobIdOf(previous));
    this.o.log.info({ event: 'monitor.started', conversationId: req.conversationId, kind: req.kind, ticketId: req.ticketId }, 'monitoring started');
    return state;
  }

  /**
   * A delayed ticket (the outbox created it after the turn) joins its conversation's watch: a
   * TICKET watch that began before the ticket existed is watched again with its id, so its
   * notes go on this ticket from now on. Any other watch, or none, is left as it is.
   * The new watch, or null when nothing changed.
   */
  async ticketCreated(conversationId: string, ticketId: string): Promise<WatchState | null> {
    const watch = await this.current(conversationId);
    if (watch?.status !== 'watching' || watch.kind !== 'TICKET' || watch.ticketId) return null;
    const { msisdn, recipient, kind, affectedServices } = watch;
    return this.watch({ conversationId, msisdn, ticketId, recipient, kind, affectedServices });
  }

  /** The customer answered the follow-up or started a new case. An end already under way completes. */
  async unwatch(conversationId: string): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const w = await this.read(conversationId);
      if (!w || w.status !== 'watching') return;
      const done: WatchState = { ...w, status: 'done', endedAt: this.now(), ending: { ...newEnding('CANCELLED', this.now(), false, null), claimedAt: 0 } };
      if (await this.cas(w, done)) return void (await this.o.scheduler.cancel(jobIdOf(w)));
    }
    throw new Error('unwatch: the watch kept changing');
  }

  /** The stored watch, whatever its status (see `status`, `ending.reason`), or null if none. */
  async current(conversationId: string): Promise<WatchState | null> {
    const w = await this.read(conversationId);
    if (!w) return null;
    const { eTag: _e, ...state } = w;
    return state;
  }

  /**
   * One re-check now, for a customer who asked: no proactive message (the turn answers), but
   * an ACTIVE result ends the watch exactly like a scheduled check, note included, so no later
   * "active" message follows. (If a scheduled run ended it a moment earlier, that run's message
   * goes out too: `watch.ending.tell` says so.)
   */
  async checkNow(conversationId: string): Promise<{ state: CheckResult; watch: WatchState | null }> {
    const first = await this.read(conversationId);
    if (!first) return { state: 'UNKNOWN', watch: null };
    const facts = await this.check(first);
    const result = classify(facts);
    for (let i = 0; i < 5; i++) {
      const w = await this.read(conversationId);
      if (!w || w.watchId !== first.watchId || w.status !== 'watching') break;
      const next = result === 'ACTIVE' ? this.ending(w, 'ACTIVE', false, facts) : { ...w, lastCheck: { at: this.now(), result } };
      if (!(await this.cas(w, next))) continue;
      if (next.status === 'ending') await this.finish(next);
      break;
    }
    return { state: result, watch: await this.current(conversationId) };
  }

  /** The scheduled job. Throws only to have the scheduler try again later. */
  private async onJob(payload: JobPayload): Promise<void> {
    const { conversationId, watchId } = payload;
    if (typeof conversationId !== 'string' || typeof watchId !== 'string') return;
    let facts: CheckedFacts | null = null; // checked once even if the write below must be retried
    for (let i = 0; i < 5; i++) {
      const w = await this.read(conversationId);
      if (!w || w.watchId !== watchId || w.status === 'done') return; // replaced, or already over
      const now = this.now();
      if (w.status === 'ending' && w.ending) {
        const expires = w.ending.claimedAt + this.claimTtlMs;
        // Someone is ending it now; look again when their claim expires, in case they died.
        if (now < expires) return this.o.scheduler.schedule(jobIdOf(w), expires, payloadOf(w));
        const takeover: WatchState = { ...w, ending: { ...w.ending, claim: newClaim(), claimedAt: now, attempts: w.ending.attempts + 1 } };
        if (await this.cas(w, takeover)) return this.finish(takeover);
        continue;
      }
      let next: WatchState;
      if (w.kind === 'REFRESH_FOLLOW_UP') next = this.ending(w, 'FOLLOWED_UP', true, null);
      else {
        facts ??= await this.check(w);
        const result = classify(facts);
        if (result === 'ACTIVE') next = this.ending(w, 'ACTIVE', true, facts);
        else if (this.now() >= w.horizonAt) next = this.ending(w, 'HORIZON', true, facts);
        // Blocked, or a system did not answer: try again at the next interval.
        else next = { ...w, lastCheck: { at: this.now(), result } };
      }
      if (!(await this.cas(w, next))) continue; // changed meanwhile (checkNow, another run): look again
      if (next.status === 'ending') return this.finish(next);
      const at = Math.min(this.now() + this.o.intervalMs, next.horizonAt);
      return this.o.scheduler.schedule(jobIdOf(next), at, payloadOf(next));
    }
    throw new Error('monitor: the watch kept changing under the check');
  }

  /** The claim holder's effects: note (idempotent), message, then `done`. */
  private async finish(claimed: WatchState): Promise<void> {
    const ending = claimed.ending!;
    const { conversationId, ticketId, recipient } = claimed;
    const { log, notifier } = this.o;
    try {
      const purpose = ending.reason === 'ACTIVE' ? 'ACTIVE_AGAIN' : ending.reason === 'HORIZON' ? 'MONITORING_ENDED' : null;
      if (ticketId && purpose) {
        const note = buildTicketNote({
          ticketId,
          conversationId,
          purpose,
          checkedAt: new Date(ending.at).toISOString(),
          facts: ending.facts ?? { profile: UNCHECKED, hlr: UNCHECKED },
          affectedServices: claimed.affectedServices,
        });
        // Stored in the outbox before it is tried: a backend failure is retried there, not here.
        await this.o.outbox.submitNote(ticketId, note, conversationId, this.o.noteBudgetMs ?? 3000);
      }
      if (ending.tell) {
        if (ending.reason === 'ACTIVE') await notifier.numberActive(recipient, { ticketId });
        else if (ending.reason === 'HORIZON') await notifier.monitoringEnded(recipient, { ticketId });
        else if (ending.reason === 'FOLLOWED_UP') await notifier.refreshFollowUp(recipient);
      }
    } catch (err) {
      const giveUp = ending.attempts + 1 >= (this.o.maxEndAttempts ?? 5);
      log.error({ event: 'monitor.end_failed', err, conversationId, reason: ending.reason, attempts: ending.attempts + 1, ...(giveUp ? { alert: 'MONITOR_END_FAILED' } : {}) },
        giveUp ? 'monitoring end could not be delivered; given up' : 'monitoring end failed; retried at the next interval');
      if (!giveUp) {
        // Free the claim (claimedAt 0) so the next run takes it over at once (and counts the try).
        const latest = await this.read(conversationId);
        if (latest && latest.ending?.claim === ending.claim) await this.cas(latest, { ...latest, ending: { ...ending, claimedAt: 0 } });
        return this.o.scheduler.schedule(jobIdOf(claimed), this.now() + this.o.intervalMs, payloadOf(claimed));
      }
    }
    const latest = await this.read(conversationId);
    // Taken over meanwhile (we were slower than claimTtlMs) or replaced: theirs to finish.
    if (!latest || latest.ending?.claim !== ending.claim || latest.status !== 'ending') return;
    // Done: the checked facts (which name the customer) are no longer needed (UU PDP).
    const finished: WatchState = { ...latest, status: 'done', endedAt: this.now(), ending: { ...latest.ending, facts: null } };
    if (await this.cas(latest, finished)) {
      await this.o.scheduler.cancel(jobIdOf(latest)); // e.g. after checkNow, the scheduled check is moot
      // Counted once: only the instance whose compare-and-set finished the watch.
      if (ending.reason === 'ACTIVE' && ticketId) this.o.telemetry?.timeToActive(Math.max(0, ending.at - latest.startedAt) / 1000);
      log.info({ event: ending.reason === 'ACTIVE' ? 'monitor.active' : 'monitor.ended', conversationId, reason: ending.reason, ticketId }, 'monitoring ended');
    }
  }

  private ending(w: WatchState, reason: EndReason, tell: boolean, facts: CheckedFacts | null): WatchState {
    const lastCheck = facts ? { at: this.now(), result: classify(facts) } : w.lastCheck;
    return { ...w, status: 'ending', lastCheck, ending: newEnding(reason, this.now(), tell, facts) };
  }

  private check(w: WatchState): Promise<CheckedFacts> {
    return recheck(this.o.client, w.msisdn, { budgetMs: this.o.checkBudgetMs ?? 5000, log: this.o.log, correlationId: w.conversationId });
  }

  private async read(conversationId: string): Promise<Stored | undefined> {
    const items = await this.o.store.read([WATCH_PREFIX + conversationId]);
    return items[WATCH_PREFIX + conversationId] as Stored | undefined;
  }

  /** Writes `next` only if the stored watch is still `prev` (its eTag); false if it changed. */
  private async cas(prev: Stored, next: WatchState): Promise<boolean> {
    const { eTag: _drop, ...value } = next as Stored;
    try {
      await this.o.store.write({ [WATCH_PREFIX + next.conversationId]: { ...value, eTag: prev.eTag ?? '*' } });
      return true;
    } catch (err) {
      if (isETagConflict(err)) return false;
      throw err;
    }
  }
}

/** ACTIVE needs both systems to answer; a system that did not answer makes the check UNKNOWN. */
export function classify(facts: CheckedFacts): CheckResult {
  if (isActiveAndUnblocked(facts)) return 'ACTIVE';
  if (facts.profile.status === 'unavailable' || facts.hlr.status === 'unavailable') return 'UNKNOWN';
  return 'STILL_BLOCKED';
}

/** One job per watch (not per conversation): ending or replacing a watch cancels only its own job. */
export const jobIdOf = (w: Pick<WatchState, 'conversationId' | 'watchId'>) => `monitor/${w.conversationId}#${w.watchId}`;
const payloadOf = (w: WatchState): JobPayload => ({ conversationId: w.conversationId, watchId: w.watchId });
const newClaim = () => randomBytes(8).toString('hex');
const newEnding = (reason: EndReason, at: number, tell: boolean, facts: CheckedFacts | null) =>
  ({ reason, at, tell, claim: newClaim(), claimedAt: at, attempts: 0, facts });
const UNCHECKED = { status: 'unavailable', reason: 'not checked' } as const;

/** By name too: a store loaded through another module instance throws an equal, not the same, class. */
function isETagConflict(err: unknown): boolean {
  return err instanceof ETagConflictError || (err instanceof Error && err.name === 'ETagConflictError');
}
