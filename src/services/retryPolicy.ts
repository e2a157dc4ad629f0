/** Exponential back-off with jitter: base × 2^(attempt−1), ±25 %, capped. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export function nextAttemptDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = policy.baseMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxMs, exponential);
  return Math.round(capped * (0.75 + random() * 0.5));
}
