import { randomUUID } from 'node:crypto';
import { type DigestPage, digestPages, formatDigest } from '../../shared/alerts/format-digest';
import {
  byRoute,
  type RoutedSlack,
  routerOf,
  type SlackPort,
  type SlackRouter,
} from '../../shared/alerts/slack-port';
import type { Alert } from '../../shared/alerts/types';
import {
  deliverAlert,
  type OutboxDeps,
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
  /** Digest messages posted (a burst over the budget takes several, each within the budget). */
  readonly digests: number;
  /** Alerts that are still pending after this sweep (failed now, or not reached): all of them, counted. */
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
 * Each webhook (the default one, and each routed destination's) has its own budget and digest, and a
 * failed post stops only that webhook's deliveries: one revoked destination holds up no other.
 *
 * @example
 * const report = await sweep(deps, invocation.slack);
 */
export async function sweep(
  deps: OutboxDeps,
  slack: SlackPort | SlackRouter,
  now: () => number = Date.now,
  evaluate?: (now: number) => Promise<ClosingReport | undefined>,
): Promise<SweepReport> {
  const router = routerOf(slack);
  const started = now();
  // First, so that the alerts of windows that just closed are delivered by this same sweep.
  const closing = evaluate ? await evaluate(started) : undefined;
  const due = await deps.store.alerts.due(AlertQueue.deliver, started, SWEEP_LIMIT);
  let delivered = 0;
  let digested = 0;
  let digests = 0;
  const stopped = new Set<string>();
  for (const [route, alerts] of byRoute(router, due, (alert) => alert.destination)) {
    const swept = await sweepRoute(route, alerts, deps, router, now, started, due.length === SWEEP_LIMIT);
    delivered += swept.delivered;
    digested += swept.digested;
    digests += swept.digests;
    if (swept.stopped) stopped.add(route);
  }
  const resolved = await resolve(deps, router, started, stopped);
  const left = await deps.store.alerts.due(AlertQueue.deliver, FAR_FUTURE, SWEEP_LIMIT);
  const next = Math.min(...left.map((alert) => alert.dueAt ?? Number.POSITIVE_INFINITY));
  const oldest = Math.min(...left.map((alert) => Date.parse(alert.alert.windowStart)));
  return {
    delivered,
    digested,
    digests,
    pending: await deps.store.alerts.countDue(AlertQueue.deliver, FAR_FUTURE),
    resolved,
    nextDueAt: Number.isFinite(next) ? iso(next) : null,
    oldestPendingAgeSeconds: Number.isFinite(oldest) ? Math.max(0, Math.round((started - oldest) / 1000)) : 0,
    ...(closing ? { closing } : {}),
  };
}

/** What one webhook's part of a sweep did. */
interface RouteSweep {
  readonly delivered: number;
  readonly digested: number;
  readonly digests: number;
  /** A post failed: the rest of this webhook's deliveries wait for a later sweep. */
  readonly stopped: boolean;
}

/**
 * Delivers one webhook's due alerts within its budget of the minute: one message each while the
 * budget lasts; over it, digest messages naming every alert, one of them always (as before the
 * budget), the others taking budget before single alerts do. Alerts of pages that do not fit wait,
 * due, for the next sweeps: every alert is named in some message, none is dropped.
 */
async function sweepRoute(
  route: string,
  due: readonly StoredAlert[],
  deps: OutboxDeps,
  router: SlackRouter,
  now: () => number,
  started: number,
  beyond: boolean,
): Promise<RouteSweep> {
  const granted = await deps.store.budget.reserve(started, due.length, deps.settings.budgetPerMinute, route);
  const links = deps.links(due[0]?.alert as Alert);
  let singles = Math.min(granted, due.length);
  let pages = digestPages(
    due.slice(singles).map((alert) => alert.alert),
    links,
  );
  while (singles > 0 && singles + pages.length > granted + 1) {
    singles -= 1;
    pages = digestPages(
      due.slice(singles).map((alert) => alert.alert),
      links,
    );
  }
  let delivered = 0;
  for (const candidate of due.slice(0, singles)) {
    const alert = await lease(deps, candidate, AlertQueue.deliver, now());
    if (!alert) continue;
    const outcome = await deliverAlert(alert, deps, router.to(alert.destination), now);
    if (outcome.kind === 'sent') delivered += 1;
    else if (outcome.kind === 'failed') return { delivered, digested: 0, digests: 0, stopped: true };
  }
  const posting = pages.slice(0, Math.max(1, granted + 1 - singles));
  const later = due.length - singles - posting.flat().length;
  const over = due.slice(singles);
  let digested = 0;
  let digests = 0;
  let start = 0;
  for (const [index, page] of posting.entries()) {
    const held = over.slice(start, start + page.length);
    start += page.length;
    const sent = await digest(held, deps, router.to(held[0]?.destination), started, {
      page: index + 1,
      pages: posting.length,
      total: over.length - later,
      later,
      ...(beyond ? { beyond } : {}),
    });
    if (sent === undefined) return { delivered, digested, digests, stopped: true };
    digested += sent;
    if (sent > 0) digests += 1;
  }
  return { delivered, digested, digests, stopped: false };
}

async function lease(deps: OutboxDeps, alert: StoredAlert, queue: AlertQueue, now: number) {
  return deps.store.alerts.lease(alert.key, queue, now, now + deps.settings.leaseMs, randomUUID());
}

/**
 * Leases the alerts of one digest message and posts it; resolves to how many it carried (0 when
 * another deliverer holds them all), or undefined when Slack refused it (they stay due).
 */
async function digest(
  over: readonly StoredAlert[],
  deps: OutboxDeps,
  slack: SlackPort,
  now: number,
  page: DigestPage,
): Promise<number | undefined> {
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
    page,
  );
  const outcome = await recordMany(leased, await postMessage(slack, message), deps, now);
  return outcome.kind === 'sent' ? leased.length : undefined;
}

/**
 * Posts the resolved notices that are due, each to its alert's webhook; resolves to how many were
 * sent. A webhook in `stopped` (its post failed in this sweep) gets none, and one that fails or runs
 * out of budget now stops only its own.
 */
async function resolve(
  deps: OutboxDeps,
  router: SlackRouter,
  now: number,
  stopped: Set<string>,
): Promise<number> {
  const watched = await deps.store.alerts.due(AlertQueue.resolve, now, SWEEP_LIMIT);
  let sent = 0;
  for (const candidate of watched) {
    const slack = router.to(candidate.destination);
    if (stopped.has(slack.route)) continue;
    const alert = await lease(deps, candidate, AlertQueue.resolve, now);
    if (!alert) continue;
    const outcome = await resolveOne(alert, deps, slack, now);
    if (outcome === 'sent') sent += 1;
    if (outcome === 'stop') stopped.add(slack.route);
  }
  return sent;
}

async function resolveOne(
  alert: StoredAlert,
  deps: OutboxDeps,
  slack: RoutedSlack,
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
