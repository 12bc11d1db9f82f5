import { plural } from '../plural';

/**
 * Says why a function's batch failed (the consumer group retries it): the first failure at once,
 * then at most one line every `everyMs`, with how many failed meanwhile. A retried batch is never
 * silent, and an outage does not flood the terminal.
 *
 * @example
 * new ConsumerGroup(topic, { ...options, onError: failureNotice('archive', say) }, deliver);
 * // sluice: archive batch failed, retrying: S3 at http://127.0.0.1:41559 ... connection refused
 */
export function failureNotice(
  name: string,
  say: (line: string) => void,
  everyMs = 10_000,
  now: () => number = Date.now,
): (error: unknown) => void {
  let lastSaid = Number.NEGATIVE_INFINITY;
  let since = 0;
  return (error) => {
    since += 1;
    if (now() - lastSaid < everyMs) return;
    const times = since > 1 ? ` (${plural(since, 'failure')} since the last message)` : '';
    say(
      `sluice: ${name} batch failed, retrying${times}: ${error instanceof Error ? error.message : String(error)}`,
    );
    lastSaid = now();
    since = 0;
  };
}
