import { setMaxListeners } from 'node:events';
import type { Context } from 'aws-lambda';

/**
 * What a function's core may know about the invocation it runs in. Per-invocation inputs travel
 * here, never inside the per-container dependencies: the abort signal and the deadline, and (through
 * an extension of this type) whatever a middleware resolved for this invocation, such as the Slack
 * sender.
 */
export interface Invocation {
  readonly requestId: string;
  readonly functionName: string;
  /**
   * Aborted when the function gives up on this invocation (middy's early timeout, just before Lambda's
   * own): every request the core makes takes it, so no work runs on beside the retry.
   */
  readonly signal: AbortSignal;
  /** Time left before the function times out, ms. */
  remainingMs(): number;
}

/**
 * The invocation of a Lambda `context` and middy's abort signal.
 *
 * @example
 * const invocation = invocationOf(context, signal);
 * await store.apply(delta, { signal: invocation.signal });
 */
export function invocationOf(context: Context, signal: AbortSignal): Invocation {
  // Every request in flight listens to it (16 DynamoDB writes at once, say): not a leak.
  setMaxListeners(0, signal);
  return {
    requestId: context.awsRequestId,
    functionName: context.functionName,
    signal,
    remainingMs: () => context.getRemainingTimeInMillis(),
  };
}
