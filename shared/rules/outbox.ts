import { formatAlert } from '../alerts/format-alert';
import type { SlackPort, SlackPostResult } from '../alerts/slack-port';
import type { Alert, AlertLinks, SlackMessage } from '../alerts/types';
import { type AlertKey, AlertQueue, type DetectStore, type StoredAlert } from './store';

/**
 * Delivery from the alert outbox, shared by detect (first attempt, right after the claim) and the
 * sweeper (every later attempt). An alert leaves the outbox only when Slack said ok; any failure
 * leaves it pending with its next attempt time.
 */

/**
 * What delivery needs from the container: the store, where links point, and its limits. The Slack
 * port is the invocation's (its webhook is resolved per invocation), so it is passed on its own.
 */
export interface OutboxDeps {
  readonly store: DetectStore;
  /** Links (Discover, archive) for an alert; `{}` for none. */
  readonly links: (alert: Alert) => AlertLinks;
  readonly settings: OutboxSettings;
}

export interface OutboxSettings {
  /** Slack messages a minute; above it alerts are folded into one digest by the sweeper. */
  readonly budgetPerMinute: number;
  /** How long a deliverer holds an alert before another may try it (ms). */
  readonly leaseMs: number;
}

/** How long a deliverer (detect's batch, or a sweeper) holds an alert before another may try it. */
export const DEFAULT_LEASE_MS = 60_000;

/** Extra wait after a quiet window ends before the resolved notice, for late records (ms). */
export const RESOLVE_GRACE_MS = 60_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 15 * 60_000;
const PERMANENT_RETRY_MS = 10 * 60_000;
/**
 * After a post with no answer (Slack may have posted it), the next try waits this long: a slow Slack
 * has caught up by then, and a repeat, if Slack did take the first, comes long after it, not in a burst.
 */
export const UNKNOWN_OUTCOME_RETRY_MS = 10 * 60_000;

/** Outcome of one delivery attempt, as the outbox recorded it. */
export type PostOutcome =
  | { readonly kind: 'sent' }
  | { readonly kind: 'failed'; readonly retryAt: number; readonly rateLimited: boolean }
  /** The lease ran out and someone else holds the alert now: this deliverer did not post it. */
  | { readonly kind: 'lost' };

/**
 * When to try again after a failed post: Slack's `Retry-After` when given, else exponential backoff
 * from 30 s (doubling per attempt, at most 15 min); a permanent error (revoked webhook, bad payload)
 * waits at least 10 min, since only a person can fix it and the alert must not be lost meanwhile.
 *
 * @example
 * retryDelay(1, { ok: false, status: 429, retryAfterMs: 3000, permanent: false, error: 'rate_limited' }); // 3000
 */
export function retryDelay(attempts: number, result: Extract<SlackPostResult, { ok: false }>): number {
  const backoff = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
  if (result.retryAfterMs !== undefined) return Math.max(result.retryAfterMs, 1000);
  if (result.unknownOutcome) return Math.max(backoff, UNKNOWN_OUTCOME_RETRY_MS);
  return result.permanent ? Math.max(backoff, PERMANENT_RETRY_MS) : backoff;
}

/** When a sent alert of a `notifyResolved` rule is first checked: after the next full window and a grace. */
export function firstResolveCheck(key: AlertKey): number {
  return key.windowStart + 2 * key.windowMs + RESOLVE_GRACE_MS;
}

/** Posts one message; a sender that throws counts as a transient failure. */
export async function postMessage(slack: SlackPort, message: SlackMessage): Promise<SlackPostResult> {
  try {
    return await slack.post(message);
  } catch (error) {
    return { ok: false, permanent: false, status: 0, error: error instanceof Error ? error.name : 'error' };
  }
}

/**
 * Posts an alert the caller holds (claimed or leased), then records the outcome in the store. Right
 * before the post the lease is renewed: when it ran out and someone else leased the alert since (a
 * slow Slack held this deliverer past its lease), nothing is posted, so two deliverers never post
 * the same alert at once.
 *
 * @example
 * const outcome = await deliverAlert(stored, deps, invocation.slack, Date.now);
 */
export async function deliverAlert(
  alert: StoredAlert,
  deps: OutboxDeps,
  slack: SlackPort,
  clock: () => number,
): Promise<PostOutcome> {
  const held =
    alert.leaseId !== undefined &&
    (await deps.store.alerts.renew(
      alert.key,
      AlertQueue.deliver,
      alert.leaseId,
      clock() + deps.settings.leaseMs,
    ));
  if (!held) return { kind: 'lost' };
  const result = await postMessage(slack, formatAlert(alert.alert, deps.links(alert.alert)));
  return recordMany([alert], result, deps, clock());
}

/**
 * Marks alerts delivered (or due again) after one message carried them: an alert, or a digest.
 *
 * @example
 * await recordMany(leased, await postMessage(slack, formatDigest(alerts)), deps, now);
 */
export async function recordMany(
  alerts: readonly StoredAlert[],
  result: SlackPostResult,
  deps: OutboxDeps,
  now: number,
): Promise<PostOutcome> {
  if (result.ok) {
    for (const alert of alerts) {
      await deps.store.alerts.delivered(
        alert.key,
        now,
        alert.notifyResolved ? firstResolveCheck(alert.key) : undefined,
      );
    }
    return { kind: 'sent' };
  }
  const attempts = Math.max(1, ...alerts.map((alert) => alert.attempts));
  const retryAt = now + retryDelay(attempts, result);
  for (const alert of alerts) {
    await deps.store.alerts.retryLater(
      alert.key,
      AlertQueue.deliver,
      retryAt,
      `${result.status} ${result.error}`,
    );
  }
  return { kind: 'failed', retryAt, rateLimited: result.status === 429 };
}
