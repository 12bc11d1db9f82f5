import { randomUUID } from 'node:crypto';
import { formatDigest } from '../../shared/alerts/format-digest';
import type { SlackPort } from '../../shared/alerts/slack-port';
import {
  deliverAlert,
  type OutboxDeps,
  type PostOutcome,
  postMessage,
  RESOLVE_GRACE_MS,
  recordMany,
} from '../../shared/rules/outbox';
import { AlertQueue, type StoredAlert } from '../../shared/rules/store';
import type { ClosingReport } from './evaluate-closed';
import { postResolved, supersededByLater } from './post-resolved';
import { resolveClosing } from './resolve-closing';

/** Due alerts one sweep looks at, at most (the rest wait for the next minute). */
export const SWEEP_LIMIT = 500;
const FAR_FUTURE = Date.UTC(9999, 11, 31);
const iso = (ms: number): string => new Date(ms).toISOString();

/** What one sweep did. */
export interface SweepReport {
  /** Alerts posted one message each. */
  readonly delivered: number;
  /** Alerts folded into a digest that Slack accepted. */
  readonly digested: number;
  /** Digest messages posted (0 or 1). */
  readonly digests: number;
  /** Alerts that are still pending after this sweep (failed now, or not reached). */
  readonly pending: number;
  /** Resolved notices posted. */
  readonly resolved: number;
  /** When the next pending alert is due (ISO 8601), or null when none waits. */
  readonly nextDueAt: string | null;
  /**
   * How long the oldest pending alert has waited, in seconds, counted from its window's start (an
   * alert is claimed within its window, so this overstates by less than one window); 0 when none.
   */
  readonly oldestPendingAgeSeconds: number;
  /** Flatline and ratio rules: what the evaluation of closed windows did (present when it ran). */
  readonly closing?: ClosingReport;
}

/**
 * The scheduled sweeper: delivers the due alerts of the outbox one message each while the Slack budget
 * of the minute lasts, folds the rest into one digest, and posts resolved notices for `notifyResolved`
 * rules once a (rule, group) stayed under its threshold for a full window after its alert. Every
 * alert is leased before it is posted, so two sweepers (or a sweeper and detect) never post it twice.
 *
 * @example
 * const report = await sweep(deps, invocation.slack);
 */
export async function sweep(
  deps: OutboxDeps,
  slack: SlackPort,
  now: () => number = Date.now,
  evaluate?: (now: number) => Promise<ClosingReport | undefined>,
): Promise<SweepReport> {
  const started = now();
  // First, so that the alerts of windows that just closed are delivered by this same sweep.
  const closing = evaluate ? await evaluate(started) : undefined;
  const due = await deps.store.alerts.due(AlertQueue.deliver, started, SWEEP_LIMIT);
  const granted =
    due.length === 0
      ? 0
      : await deps.store.budget.reserve(started, due.length, deps.settings.budgetPerMinute);
  let delivered = 0;
  let stopped: PostOutcome | undefined;
  for (const candidate of due.slice(0, granted)) {
    const alert = await lease(deps, candidate, AlertQueue.deliver, now());
    if (!alert) continue;
    const outcome = await deliverAlert(alert, deps, slack, now);
    if (outcome.kind === 'sent') delivered += 1;
    else if (outcome.kind === 'failed') {
      stopped = outcome;
      break;
    }
  }
  const digested = stopped ? 0 : await digest(due.slice(granted), deps, slack, started);
  const resolved = stopped ? 0 : await resolve(deps, slack, started);
  const left = await deps.store.alerts.due(AlertQueue.deliver, FAR_FUTURE, SWEEP_LIMIT);
  const next = Math.min(...left.map((alert) => alert.dueAt ?? Number.POSITIVE_INFINITY));
  const oldest = Math.min(...left.map((alert) => Date.parse(alert.alert.windowStart)));
  return {
    delivered,
    digested,
    digests: digested > 0 ? 1 : 0,
    pending: left.length,
    resolved,
    nextDueAt: Number.isFinite(next) ? iso(next) : null,
    oldestPendingAgeSeconds: Number.isFinite(oldest) ? Math.max(0, Math.round((started - oldest) / 1000)) : 0,
    ...(closing ? { closing } : {}),
  };
}

async function lease(deps: OutboxDeps, alert: StoredAlert, queue: AlertQueue, now: number) {
  return deps.store.alerts.lease(alert.key, queue, now, now + deps.settings.leaseMs, randomUUID());
}

/** Folds the alerts over the budget into one message; resolves to how many it carried. */
async function digest(
  over: readonly StoredAlert[],
  deps: OutboxDeps,
  slack: SlackPort,
  now: number,
): Promise<number> {
  const leased: StoredAlert[] = [];
  for (const candidate of over) {
    const alert = await lease(deps, candidate, AlertQueue.deliver, now);
    if (alert) leased.push(alert);
  }
  const [first] = leased;
  if (!first) return 0;
  const message = formatDigest(
    leased.map((alert) => alert.alert),
    deps.links(first.alert),
  );
  const outcome = await recordMany(leased, await postMessage(slack, message), deps, now);
  return outcome.kind === 'sent' ? leased.length : 0;
}

/** Posts the resolved notices that are due; resolves to how many were sent. */
async function resolve(deps: OutboxDeps, slack: SlackPort, now: number): Promise<number> {
  const watched = await deps.store.alerts.due(AlertQueue.resolve, now, SWEEP_LIMIT);
  let sent = 0;
  for (const candidate of watched) {
    const alert = await lease(deps, candidate, AlertQueue.resolve, now);
    if (!alert) continue;
    const outcome = await resolveOne(alert, deps, slack, now);
    if (outcome === 'sent') sent += 1;
    if (outcome === 'stop') break;
  }
  return sent;
}

async function resolveOne(
  alert: StoredAlert,
  deps: OutboxDeps,
  slack: SlackPort,
  now: number,
): Promise<'sent' | 'waiting' | 'stop'> {
  // Flatline and ratio alerts resolve when a closed window clears them.
  if (alert.alert.type !== undefined) return resolveClosing(alert, deps, slack, now);
  const { key } = alert;
  const { alerts, windows } = deps.store;
  if (await supersededByLater(alert, deps, now)) return 'waiting';
  // The last window over the threshold since the alert: detect records it per (rule, group).
  const lastOver = Math.max(
    key.windowStart,
    (await windows.lastOver(key.rule, key.group, key.windowMs)) ?? key.windowStart,
  );
  const quietStart = lastOver + key.windowMs;
  const quietEnd = quietStart + key.windowMs;
  if (now < quietEnd + RESOLVE_GRACE_MS) {
    await alerts.retryLater(
      key,
      AlertQueue.resolve,
      quietEnd + RESOLVE_GRACE_MS,
      'waiting for a full quiet window',
    );
    return 'waiting';
  }
  return postResolved(alert, deps, slack, now, async () => ({
    rule: key.rule,
    group: key.group,
    groupBy: alert.alert.groupBy,
    threshold: alert.alert.threshold,
    windowStart: iso(quietStart),
    windowEnd: iso(quietEnd),
    count: await windows.countOf({
      rule: key.rule,
      group: key.group,
      windowStart: quietStart,
      windowMs: key.windowMs,
    }),
    firedWindowStart: alert.alert.windowStart,
  }));
}
