import { SluiceError } from '../../shared/errors';
import { isPermanent } from '../../shared/lambda/function-handler';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** Wait before the first retry; doubles each time, with full jitter. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Like an event source mapping with a bounded retry count: a few quick retries, then give up. */
export const replayRetryPolicy: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

/** Thrown when a batch still fails after every retry; names the function and the last cause. */
export class RetriesExhaustedError extends SluiceError {
  constructor(what: string, attempts: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${what} failed ${attempts} times, giving up: ${reason}`, { cause });
    this.name = 'RetriesExhaustedError';
  }
}

/**
 * Runs `work` until it succeeds or the policy's attempts are used up, sleeping with exponential
 * backoff and full jitter in between. `onRetry` hears about every failed try that will be retried.
 * An error no retry can fix (bad configuration or input) is thrown at once, as it is.
 */
export async function withRetry<T>(
  what: string,
  work: () => Promise<T>,
  policy: RetryPolicy = replayRetryPolicy,
  onRetry: (attempt: number, error: unknown) => void = () => {},
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (isPermanent(error)) throw error;
      if (attempt >= policy.attempts) throw new RetriesExhaustedError(what, attempt, error);
      onRetry(attempt, error);
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
