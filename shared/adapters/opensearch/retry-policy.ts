import type { TimeBudget } from './types';

/** How failed items are retried: exponential backoff with full jitter, inside the time budget. */
export interface RetryPolicy {
  /** First backoff ceiling, ms; doubles every round. */
  readonly baseMs: number;
  /** Largest backoff, ms. */
  readonly capMs: number;
  /** Rounds after the first before the writer gives up (even with time left). */
  readonly maxRounds: number;
  /** Time kept back for the rest of the invocation (dead letters, the response), ms. */
  readonly safetyMs: number;
  /** No request starts with less time than this left (after `safetyMs`), ms. */
  readonly minAttemptMs: number;
}

export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  baseMs: 200,
  capMs: 10_000,
  maxRounds: 10,
  safetyMs: 3_000,
  minAttemptMs: 1_000,
});

/**
 * Backoff before retry round `round` (1 for the first retry): a random wait between 0 and
 * min(cap, base * 2^(round-1)) ("full jitter"), so many throttled writers do not retry in step.
 *
 * @example
 * backoffDelay(3, defaultRetryPolicy, () => 0.5); // 400
 */
export function backoffDelay(round: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, round - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The timeout for a request starting now: the configured one, cut to the time left minus the safety
 * margin; undefined when too little time is left to start one.
 *
 * @example
 * attemptTimeout({ remainingMs: () => 60_000 }, defaultRetryPolicy, 30_000); // 30000
 */
export function attemptTimeout(
  budget: TimeBudget,
  policy: RetryPolicy,
  requestTimeoutMs: number,
): number | undefined {
  const left = budget.remainingMs() - policy.safetyMs;
  if (left < policy.minAttemptMs) return undefined;
  return Math.min(requestTimeoutMs, left);
}
