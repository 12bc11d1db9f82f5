import type { RoutedSlack } from '../../shared/alerts/slack-port';
import type { ResolvedNotice } from '../../shared/alerts/types';
import type { OutboxDeps } from '../../shared/rules/outbox';
import { AlertQueue, type StoredAlert } from '../../shared/rules/store';
import { postResolved, supersededByLater } from './post-resolved';

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
  slack: RoutedSlack,
  now: number,
): Promise<'sent' | 'waiting' | 'stop'> {
  const { key } = alert;
  if (await supersededByLater(alert, deps, now)) return 'waiting';
  const cleared = await deps.store.closing.cleared(key.rule, key.group, key.windowMs);
  if (cleared === undefined || cleared.windowStart <= key.windowStart) {
    await deps.store.alerts.retryLater(
      key,
      AlertQueue.resolve,
      now + MINUTE,
      'waiting for a closed window where it cleared',
    );
    return 'waiting';
  }
  return postResolved(alert, deps, slack, now, async () => {
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
    return notice;
  });
}
