import { formatResolved } from '../../shared/alerts/format-resolved';
import type { SlackPort } from '../../shared/alerts/slack-port';
import type { ResolvedNotice } from '../../shared/alerts/types';
import { type OutboxDeps, postMessage, retryDelay } from '../../shared/rules/outbox';
import { AlertQueue, ResolveOutcome, type StoredAlert } from '../../shared/rules/store';

const MINUTE = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The resolved notice of a flatline or ratio alert (its lease held): posted once the sweeper's
 * evaluation recorded a closed window after the alert in which the group cleared ("logging again", or
 * back at or under the percentage); until then it looks again every minute. A later alert of the same
 * (rule, group) takes the watch over.
 *
 * @example
 * const outcome = await resolveClosing(leased, deps, invocation.slack, Date.now());
 */
export async function resolveClosing(
  alert: StoredAlert,
  deps: OutboxDeps,
  slack: SlackPort,
  now: number,
): Promise<'sent' | 'waiting' | 'stop'> {
  const { key } = alert;
  const { alerts, closing, budget } = deps.store;
  if (await alerts.laterAlertExists(key)) {
    await alerts.resolved(key, now, ResolveOutcome.superseded);
    return 'waiting';
  }
  const cleared = await closing.cleared(key.rule, key.group, key.windowMs);
  if (cleared === undefined || cleared.windowStart <= key.windowStart) {
    await alerts.retryLater(
      key,
      AlertQueue.resolve,
      now + MINUTE,
      'waiting for a closed window where it cleared',
    );
    return 'waiting';
  }
  if ((await budget.reserve(now, 1, deps.settings.budgetPerMinute)) === 0) {
    await alerts.retryLater(
      key,
      AlertQueue.resolve,
      Math.floor(now / MINUTE) * MINUTE + MINUTE,
      'over the Slack budget',
    );
    return 'stop';
  }
  const notice: ResolvedNotice = {
    rule: key.rule,
    group: key.group,
    groupBy: alert.alert.groupBy,
    threshold: alert.alert.threshold,
    windowStart: iso(cleared.windowStart),
    windowEnd: iso(cleared.windowStart + key.windowMs),
    count: cleared.count,
    firedWindowStart: alert.alert.windowStart,
  };
  if (alert.alert.type !== undefined) notice.type = alert.alert.type;
  if (alert.alert.type === 'ratio') notice.of = cleared.of;
  const result = await postMessage(slack, formatResolved(notice, deps.links(alert.alert)));
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
