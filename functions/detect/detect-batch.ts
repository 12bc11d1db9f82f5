import { randomUUID } from 'node:crypto';
import { byRoute, routerOf, type SlackPort, type SlackRouter } from '../../shared/alerts/slack-port';
import type { Alert } from '../../shared/alerts/types';
import type { BatchRead } from '../../shared/batch/types';
import { mapLimit } from '../../shared/map-limit';
import { aggregateBatch, type WindowDelta, type WindowKey } from '../../shared/rules/aggregate';
import { CountMode } from '../../shared/rules/leaves/plan';
import { isNewRule } from '../../shared/rules/new-errors/rule';
import { deliverAlert } from '../../shared/rules/outbox';
import {
  AlertQueue,
  AlertStatus,
  ClaimResult,
  type StoredAlert,
  WindowAlert,
  type WindowDecision,
  type WindowWrite,
} from '../../shared/rules/store';
import { type CountRule, isCountRule } from '../../shared/rules/types';
import { advanceWatermarks } from './advance-watermarks';
import { claimNewErrors } from './new-errors';
import type { DetectDeps, DetectReport } from './types';

const iso = (ms: number): string => new Date(ms).toISOString();
const DAY_MS = 86_400_000;
/** DynamoDB TTL of alerts: epoch seconds, `retentionMs` after the later of `end` and now. */
const expiresAt = (end: number, now: number, retentionMs: number): number =>
  Math.floor((Math.max(end, now) + retentionMs) / 1000);
/**
 * DynamoDB TTL of window items: as {@link expiresAt}, rounded up to a whole day, so that all the
 * writes of a window share one and its root rarely needs raising (docs/detect.md "Expiry").
 */
const windowExpiresAt = (end: number, now: number, retentionMs: number): number =>
  (Math.ceil((Math.max(end, now) + retentionMs) / DAY_MS) * DAY_MS) / 1000;

/** How a batch is counted. */
export interface DetectOptions {
  /**
   * The records were dead-lettered before and are now redriven (`sluice redrive`): each is counted
   * once by its offset, below the windows' marks too, however often it is redriven (docs/detect.md).
   */
  readonly redriven?: boolean;
  /** Kept on each alert this batch claims (`sluice replay` names its run, to list only its own). */
  readonly claimedBy?: string;
  /**
   * The invocation's time left, and what one post and its record need: no post starts without it, so
   * a post is never cut off by the deadline before it is recorded sent (the sweeper posts the rest).
   */
  readonly deadline?: { readonly remainingMs: () => number; readonly postMs: number };
}

/**
 * Runs the rules over a batch: one write per leaf of a window the batch touches (never per record),
 * an alert claimed for every window that is over its threshold and not yet alerted, one for every
 * fingerprint a `type: new` rule has not seen within its lookback (`claimNewErrors`), and a first
 * delivery attempt for each new alert. Slack failures leave alerts pending for the sweeper and never
 * fail the batch; a DynamoDB failure throws (`TransientSinkError`) so the whole batch is retried,
 * which is safe: counts are exact under redelivery and claims are idempotent. `slack` is the
 * invocation's Slack router (each rule's alerts go to its destination), or one port for all.
 *
 * @example
 * const report = await detectBatch(readBatch(batch, options), deps, invocation.slack);
 * report.alerts; // [{ rule: 'error-burst', group: '/app/db.py', windowStart: '...', count: 31 }]
 * await detectBatch(redrivenRead, deps, slack, Date.now, { redriven: true }); // records out of the dead-letter area
 */
export async function detectBatch(
  read: BatchRead,
  deps: DetectDeps,
  slack: SlackPort | SlackRouter,
  now: () => number = Date.now,
  options: DetectOptions = {},
): Promise<DetectReport> {
  const started = now();
  const rules = new Map(deps.ruleSet.rules.map((rule) => [rule.name, rule]));
  const deltas = aggregateBatch(read.accepted, deps.ruleSet.rules);
  const retention = deps.settings.windowRetentionMs;
  const batch = await deps.store.windows.applyBatch(deltas, {
    expiresAt: (window) => windowExpiresAt(window.windowStart + window.windowMs, started, retention),
    mode: options.redriven === true ? CountMode.redrive : CountMode.live,
    concurrency: deps.settings.writeConcurrency,
  });
  // Records of a redrive are old: they say nothing of how far their partitions are processed.
  const watermarkWrites = options.redriven === true ? 0 : await advanceWatermarks(read, deps, started);
  // Count rules are decided here, as records arrive; flatline and ratio on closed windows by the sweeper.
  const counted = deltas.flatMap((delta, index) => {
    const rule = rules.get(delta.rule);
    const write = batch.windows[index] as WindowWrite;
    return rule !== undefined && isCountRule(rule) ? [{ delta, rule, write }] : [];
  });
  // Resolved notices need the latest window over the threshold of each (rule, group).
  const overResolving = counted.filter(
    ({ rule, write }) => rule.notifyResolved && write.count > rule.threshold,
  );
  await mapLimit(overResolving, deps.settings.writeConcurrency, ({ delta }) =>
    deps.store.windows.recordOver(keyOf(delta), expiresAt(started, started, deps.settings.alertRetentionMs)),
  );
  const over = counted.filter(
    ({ rule, write }) => write.count > rule.threshold && write.alert === WindowAlert.none,
  );
  // Claims of one (rule, group) go oldest window first, so realert keeps the earliest of a burst.
  const byGroup = new Map<string, typeof over>();
  for (const window of over.sort((a, b) => a.delta.windowStart - b.delta.windowStart)) {
    const id = `${window.delta.rule}\u0000${window.delta.group}`;
    byGroup.set(id, [...(byGroup.get(id) ?? []), window]);
  }
  const decisions: WindowDecision[] = [];
  const claimed = await mapLimit([...byGroup.values()], deps.settings.writeConcurrency, async (windows) => {
    const fired: StoredAlert[] = [];
    for (const { delta, rule, write } of windows) {
      const claim = await claimAlert(delta, rule, write.count, deps, started, options.claimedBy);
      decisions.push(claim.decision);
      if (claim.alert) fired.push(claim.alert);
    }
    return fired;
  });
  // Remembered so later batches skip the claim; if this write is lost, the next claim answers `exists`.
  await deps.store.windows.setAlerts(decisions);
  const newErrors = await claimNewErrors(
    read.accepted,
    deps.ruleSet.rules.filter(isNewRule),
    deps,
    started,
    options.claimedBy,
  );
  const fired = [...claimed.flat(), ...newErrors].sort(
    (a, b) =>
      a.key.windowStart - b.key.windowStart ||
      a.key.rule.localeCompare(b.key.rule) ||
      a.key.group.localeCompare(b.key.group),
  );
  await deliverFresh(fired, deps, routerOf(slack), now, options.deadline);
  return {
    windowWrites: batch.writes,
    ...(watermarkWrites > 0 ? { watermarkWrites } : {}),
    uncounted: deltas.reduce(
      (sum, delta, index) => sum + delta.records - (batch.windows[index] as WindowWrite).added,
      0,
    ),
    alerts: fired.map(({ key, alert }) => ({
      rule: key.rule,
      group: key.group,
      windowStart: iso(key.windowStart),
      count: alert.count,
    })),
  };
}

const keyOf = (delta: WindowKey): WindowKey => ({
  rule: delta.rule,
  group: delta.group,
  windowStart: delta.windowStart,
  windowMs: delta.windowMs,
});

/** Claims the alert of a window over its threshold: the decision to remember, and the alert when this call created it. */
async function claimAlert(
  delta: WindowDelta,
  rule: CountRule,
  count: number,
  deps: DetectDeps,
  now: number,
  claimedBy: string | undefined,
): Promise<{ decision: WindowDecision; alert: StoredAlert | undefined }> {
  const { store, settings } = deps;
  const key = keyOf(delta);
  const alert = alertOf(rule, delta, count);
  const leaseUntil = now + settings.leaseMs;
  const leaseId = randomUUID();
  const claim = await store.alerts.claim(key, alert, {
    realertMs: rule.realertMs,
    notifyResolved: rule.notifyResolved,
    leaseUntil,
    leaseId,
    now,
    expiresAt: expiresAt(now, now, settings.alertRetentionMs),
    ...(rule.destination === undefined ? {} : { destination: rule.destination }),
    ...(claimedBy === undefined ? {} : { claimedBy }),
  });
  const decision = {
    key,
    alert: claim === ClaimResult.suppressed ? WindowAlert.suppressed : WindowAlert.claimed,
  };
  if (claim !== ClaimResult.claimed) return { decision, alert: undefined };
  const stored: StoredAlert = {
    key,
    alert,
    status: AlertStatus.pending,
    queue: AlertQueue.deliver,
    dueAt: leaseUntil,
    attempts: 1,
    notifyResolved: rule.notifyResolved,
    resolved: undefined,
    lastError: undefined,
    leaseId,
    ...(rule.destination === undefined ? {} : { destination: rule.destination }),
  };
  return { decision, alert: stored };
}

/** The alert of a window that went over its rule's threshold, with the batch's samples. */
export function alertOf(rule: CountRule, delta: WindowDelta, count: number): Alert {
  const alert: Alert = {
    rule: rule.name,
    group: delta.group,
    groupBy: rule.groupBy,
    windowStart: iso(delta.windowStart),
    windowEnd: iso(delta.windowStart + delta.windowMs),
    count,
    threshold: rule.threshold,
    samples: [...delta.samples],
  };
  if (delta.services.length > 0) alert.services = [...delta.services];
  if (delta.kubernetes) alert.kubernetes = delta.kubernetes;
  return alert;
}

/**
 * First delivery of the alerts this batch claimed, within each webhook's Slack budget. Over a budget,
 * alerts are left due at once for the sweeper's digest; after a failed post (an outage or a 429), the
 * rest of that webhook's alerts wait until the same retry time instead of hitting Slack again from
 * this batch, and the other webhooks' alerts still go. Posting stops when half the lease has passed
 * (a slow Slack): the rest stay claimed and the sweeper delivers them once their lease ends, so the
 * batch is not held up and no post runs past its lease.
 */
async function deliverFresh(
  fired: readonly StoredAlert[],
  deps: DetectDeps,
  slack: SlackRouter,
  clock: () => number,
  deadline: DetectOptions['deadline'],
): Promise<void> {
  const started = clock();
  for (const [route, alerts] of byRoute(slack, fired, (alert) => alert.destination)) {
    const granted = await deps.store.budget.reserve(
      started,
      alerts.length,
      deps.settings.budgetPerMinute,
      route,
    );
    let pausedUntil: number | undefined;
    for (const [index, alert] of alerts.entries()) {
      if (index >= granted) {
        await deps.store.alerts.retryLater(
          alert.key,
          AlertQueue.deliver,
          started,
          'over the Slack budget: left for the digest',
        );
      } else if (pausedUntil !== undefined) {
        await deps.store.alerts.retryLater(
          alert.key,
          AlertQueue.deliver,
          pausedUntil,
          'Slack failed for an earlier alert',
        );
      } else if (
        clock() - started > deps.settings.leaseMs / 2 ||
        (deadline !== undefined && deadline.remainingMs() < deadline.postMs)
      ) {
        return;
      } else {
        const outcome = await deliverAlert(alert, deps, slack.to(alert.destination), clock);
        if (outcome.kind === 'failed') pausedUntil = outcome.retryAt;
      }
    }
  }
}
