import { randomUUID } from 'node:crypto';
import type { Alert } from '../../shared/alerts/types';
import { mapLimit } from '../../shared/map-limit';
import { flatlineAlert, ratioAlert } from '../../shared/rules/closing/alerts';
import { windowsToEvaluate } from '../../shared/rules/closing/cursor';
import { isLogging, silentGroups, type WindowCounts } from '../../shared/rules/closing/flatline';
import { isOverRatio, overRatio } from '../../shared/rules/closing/ratio';
import type { GroupCounts } from '../../shared/rules/closing/store';
import { type ClosingClock, closedBefore, dataStart } from '../../shared/rules/closing/watermarks';
import type { OutboxDeps } from '../../shared/rules/outbox';
import { AlertQueue, ClaimResult, type StoredAlert } from '../../shared/rules/store';
import { type ClosingRule, isClosingRule, type Rule, RuleType } from '../../shared/rules/types';

const FAR_FUTURE = Date.UTC(9999, 11, 31);
const WATCHED_LIMIT = 500;
const ALERT_RETENTION_MS = 30 * 86_400_000;

/** How the sweep evaluates closed windows. */
export interface ClosingOptions extends ClosingClock {
  /** Closed windows one sweep evaluates per rule at most; the rest wait for the next sweeps. */
  readonly windowsPerSweep: number;
  /** How many windows back a rule seen for the first time starts; `Infinity`: from the start of the data. */
  readonly backfillWindows: number;
  /** Kept on every alert claimed (`sluice replay` names its run, to list only its own). */
  readonly claimedBy?: string;
}

/** Defaults: 60 windows per rule and sweep; a new rule starts 10 windows back. */
export const DEFAULT_CLOSING_OPTIONS = { windowsPerSweep: 60, backfillWindows: 10 } as const;

/** What one sweep's evaluation of closed windows did. */
export interface ClosingReport {
  /** Closed windows evaluated. */
  readonly windows: number;
  /** Alerts claimed (flatline and ratio), delivered by the same sweep when the budget allows. */
  readonly alerts: number;
  /** Closed windows left for later sweeps (over the per-sweep bound). */
  readonly behind: number;
}

/**
 * The sweeper's evaluation of closed windows (docs/rules.md "Closed windows"): for each flatline and
 * ratio rule, the windows from its cursor that every active partition's watermark has passed (plus
 * the allowed lateness), at most `windowsPerSweep`; each is read whole (one Query), decided, its
 * alerts claimed through the outbox (exactly once per rule, group and window, whoever evaluates it,
 * due at once for this sweep's delivery), the groups of earlier alerts that cleared recorded for
 * their resolved notices, and the cursor moved on. A sweep that dies half way is repeated by the next
 * one: claims answer `exists`, markers keep their earliest window.
 *
 * @example
 * const report = await evaluateClosed(deps, ruleSet.rules, { now: Date.now(), inputEnded: false, ...DEFAULT_CLOSING_OPTIONS });
 */
export async function evaluateClosed(
  deps: OutboxDeps,
  rules: readonly Rule[],
  options: ClosingOptions,
): Promise<ClosingReport> {
  const closingRules = rules.filter(isClosingRule);
  if (closingRules.length === 0) return { windows: 0, alerts: 0, behind: 0 };
  const { closing, alerts } = deps.store;
  const marks = await closing.watermarks();
  const start = dataStart(marks);
  if (start === undefined) return { windows: 0, alerts: 0, behind: 0 };
  const watched = watchedGroups(await alerts.due(AlertQueue.resolve, FAR_FUTURE, WATCHED_LIMIT));
  let windows = 0;
  let claimed = 0;
  let behind = 0;
  for (const rule of closingRules) {
    const before = closedBefore(marks, rule, options);
    if (before === undefined) continue;
    const cursor = await closing.cursor(rule.name, rule.windowMs);
    const plan = windowsToEvaluate(
      cursor,
      before,
      rule.windowMs,
      { dataStart: start, backfillMs: options.backfillWindows * rule.windowMs },
      options.windowsPerSweep,
    );
    const evaluation = new RuleEvaluation(
      deps,
      rule,
      new Map(watched.get(rule.name)),
      options.now,
      options.claimedBy,
    );
    for (const windowStart of plan.starts) claimed += await evaluation.window(windowStart);
    windows += plan.starts.length;
    behind += plan.left;
    if (plan.next !== cursor) {
      await closing.moveCursor(rule.name, rule.windowMs, cursor, plan.next, expiresAt(options.now));
    }
  }
  return { windows, alerts: claimed, behind };
}

const expiresAt = (now: number): number => Math.floor((now + ALERT_RETENTION_MS) / 1000);

/** Per rule, the groups whose alert waits for its resolved notice, with that alert's window start. */
function watchedGroups(resolving: readonly StoredAlert[]): Map<string, Map<string, number>> {
  const byRule = new Map<string, Map<string, number>>();
  for (const { key, alert } of resolving) {
    if (alert.type === undefined) continue;
    const groups = byRule.get(key.rule) ?? new Map<string, number>();
    groups.set(key.group, Math.max(groups.get(key.group) ?? Number.NEGATIVE_INFINITY, key.windowStart));
    byRule.set(key.rule, groups);
  }
  return byRule;
}

/** One rule's windows in one sweep: reads each window once (lookbacks overlap), in window order. */
class RuleEvaluation {
  readonly #deps: OutboxDeps;
  readonly #rule: ClosingRule;
  readonly #watched: Map<string, number>;
  readonly #now: number;
  readonly #claimedBy: string | undefined;
  readonly #read = new Map<number, Promise<GroupCounts[]>>();
  readonly #cleared = new Set<string>();

  constructor(
    deps: OutboxDeps,
    rule: ClosingRule,
    watched: Map<string, number>,
    now: number,
    claimedBy: string | undefined,
  ) {
    this.#deps = deps;
    this.#rule = rule;
    this.#watched = watched;
    this.#now = now;
    this.#claimedBy = claimedBy;
  }

  /** Decides one closed window; resolves to the alerts it claimed. */
  async window(windowStart: number): Promise<number> {
    const rule = this.#rule;
    const groups = await this.#groups(windowStart);
    const byGroup = new Map(groups.map((counts) => [counts.group, counts]));
    let fired: Alert[];
    if (rule.type === RuleType.flatline) {
      const lookback: WindowCounts[] = [];
      for (let at = windowStart - rule.lookbackMs; at < windowStart; at += rule.windowMs)
        lookback.push({ windowStart: at, groups: await this.#groups(at) });
      fired = silentGroups(rule, { windowStart, groups }, lookback).map((silence) =>
        flatlineAlert(rule, windowStart, silence),
      );
      await this.#markCleared(windowStart, byGroup, (counts) => isLogging(rule, counts));
    } else {
      fired = overRatio(rule, groups).map((counts) => ratioAlert(rule, windowStart, counts));
      await this.#markCleared(windowStart, byGroup, (counts) => !isOverRatio(rule, counts));
    }
    const results = await mapLimit(fired, 16, (alert) => this.#claim(windowStart, alert));
    // A group that fires now is watched by the later windows of this same sweep: its alert is not yet
    // in the resolve queue, and a cursor once past the window that clears it never comes back.
    if (rule.notifyResolved) for (const alert of fired) this.#watch(alert.group, windowStart);
    return results.filter((result) => result === ClaimResult.claimed).length;
  }

  #watch(group: string, windowStart: number): void {
    this.#watched.set(group, Math.max(this.#watched.get(group) ?? Number.NEGATIVE_INFINITY, windowStart));
    this.#cleared.delete(group);
  }

  #groups(windowStart: number): Promise<GroupCounts[]> {
    let read = this.#read.get(windowStart);
    if (!read) {
      read = this.#deps.store.closing.groupsOf({
        rule: this.#rule.name,
        windowStart,
        windowMs: this.#rule.windowMs,
      });
      this.#read.set(windowStart, read);
    }
    return read;
  }

  /** Records, once per sweep, the first window after its alert in which a watched group cleared. */
  async #markCleared(
    windowStart: number,
    byGroup: ReadonlyMap<string, GroupCounts>,
    clears: (counts: GroupCounts | undefined) => boolean,
  ): Promise<void> {
    const rule = this.#rule;
    for (const [group, since] of this.#watched) {
      if (since >= windowStart || this.#cleared.has(group)) continue;
      const counts = byGroup.get(group);
      if (!clears(counts)) continue;
      this.#cleared.add(group);
      await this.#deps.store.closing.markCleared(
        { rule: rule.name, group, windowStart, windowMs: rule.windowMs },
        { count: counts?.count ?? 0, of: counts?.of ?? 0 },
        since,
        expiresAt(this.#now),
      );
    }
  }

  /** Claims an alert, due at once for the sweep's delivery step. */
  #claim(windowStart: number, alert: Alert): Promise<ClaimResult> {
    const rule = this.#rule;
    return this.#deps.store.alerts.claim(
      { rule: rule.name, group: alert.group, windowStart, windowMs: rule.windowMs },
      alert,
      {
        realertMs: rule.realertMs,
        notifyResolved: rule.notifyResolved,
        leaseUntil: this.#now,
        leaseId: randomUUID(),
        now: this.#now,
        expiresAt: expiresAt(this.#now),
        ...(rule.destination === undefined ? {} : { destination: rule.destination }),
        ...(this.#claimedBy === undefined ? {} : { claimedBy: this.#claimedBy }),
      },
    );
  }
}
