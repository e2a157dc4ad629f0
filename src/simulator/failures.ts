/**
 * Failure injection for tests and demos: "the next N requests to X answer status S". X is a
 * system name (every path of that system) or a path prefix such as "/crm/v1/tickets".
 * With `afterHandling`, the request is carried out first and only its answer is replaced —
 * a lost response, the case an Idempotency-Key exists for.
 */
import { SYSTEMS, type SystemName } from '../domain/types.js';

export interface FailureOptions {
  afterHandling?: boolean;
}

export interface InjectedFailure {
  status: number;
  afterHandling: boolean;
}

interface Pending extends InjectedFailure {
  /** A system name (e.g. 'CRM') or a path prefix. */
  target: string;
  remaining: number;
}

export class FailureInjector {
  private pending: Pending[] = [];

  failNext(target: string, count = 1, status = 503, options: FailureOptions = {}): void {
    if (!Number.isInteger(count) || count < 1) throw new Error(`failNext: count must be a positive integer, got ${count}`);
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error(`failNext: status must be 4xx or 5xx, got ${status}`);
    this.pending.push({ target, remaining: count, status, afterHandling: options.afterHandling ?? false });
  }

  /** Consumes one failure matching this request, oldest first. */
  take(system: SystemName | undefined, path: string): InjectedFailure | undefined {
    const match = this.pending.find((p) => matches(p.target, system, path));
    if (!match) return undefined;
    match.remaining -= 1;
    if (match.remaining === 0) this.pending = this.pending.filter((p) => p !== match);
    return { status: match.status, afterHandling: match.afterHandling };
  }

  clear(): void {
    this.pending = [];
  }
}

function matches(target: string, system: SystemName | undefined, path: string): boolean {
  return (SYSTEMS as readonly string[]).includes(target) ? target === system : path.startsWith(target);
}
