import { formatResolved } from '../../shared/alerts/format-resolved';
import type { RoutedSlack } from '../../shared/alerts/slack-port';
import type { ResolvedNotice } from '../../shared/alerts/types';
import { type OutboxDeps, postMessage, retryDelay } from '../../shared/rules/outbox';
import { AlertQueue, ResolveOutcome, type StoredAlert } from '../../shared/rules/store';

const MINUTE = 60_000;

/**
 * Ends the watch of an alert (lease held) when a later alert of the same (rule, group) exists: that
 * one carries the watch from now on. Resolves to whether it did.
 *
 * @example
 * if (await supersededByLater(leased, deps, now)) return 'waiting';
 */
export async function supersededByLater(alert: StoredAlert, deps: OutboxDeps, now: number): Promise<boolean> {
  if (!(await deps.store.alerts.laterAlertExists(alert.key))) return false;
  await deps.store.alerts.resolved(alert.key, now, ResolveOutcome.superseded);
  return true;
}

/**
 * Posts the resolved notice of an alert (lease held) within its webhook's Slack budget, and records the outcome:
 * over the budget it waits for the next minute, a failed post is retried with backoff. `notice` is
 * built only once the budget allows the post.
 *
 * @example
 * return postResolved(leased, deps, slack, now, async () => ({ ...notice }));
 */
export async function postResolved(
  alert: StoredAlert,
  deps: OutboxDeps,
  slack: RoutedSlack,
  now: number,
  notice: () => Promise<ResolvedNotice>,
): Promise<'sent' | 'stop'> {
  const { key } = alert;
  const { alerts, budget } = deps.store;
  if ((await budget.reserve(now, 1, deps.settings.budgetPerMinute, slack.route)) === 0) {
    await alerts.retryLater(
      key,
      AlertQueue.resolve,
      Math.floor(now / MINUTE) * MINUTE + MINUTE,
      'over the Slack budget',
    );
    return 'stop';
  }
  const result = await postMessage(slack, formatResolved(await notice(), deps.links(alert.alert)));
  if (result.ok) {
    await alerts.resolved(key, now, ResolveOutcome.sent);
    return 'sent';
  }
  await alerts.retryLater(
    key,
    AlertQueue.resolve,
    now + retryDelay(alert.attempts, result),
    `${result.status} ${result.error}`,
  );
  return 'stop';
}
