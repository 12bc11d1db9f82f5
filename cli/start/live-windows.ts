import type { AcceptedRecord } from '../../shared/batch/types';
import { aggregateBatch } from '../../shared/rules/aggregate';
import { type CountRule, isCountRule, type Rule } from '../../shared/rules/types';

/** One group's count in its rule's current window, against the threshold. */
export interface LiveCount {
  readonly rule: string;
  readonly group: string;
  readonly count: number;
  readonly threshold: number;
}

/** A group's count in its rule's current window, and which window that is. */
export interface CurrentCount extends LiveCount {
  /** Start of the window, epoch ms. */
  readonly windowStart: number;
}

/** One group's counts at a rule's evaluation points (aligned with {@link WindowSeries.starts}). */
export interface GroupSeries {
  readonly group: string;
  readonly counts: readonly number[];
}

/** The recent windows of one rule: what the live page draws, one line per group. */
export interface WindowSeries {
  readonly rule: string;
  readonly groupBy: string;
  readonly windowMs: number;
  readonly slideMs: number;
  readonly threshold: number;
  /** Evaluation points, oldest first: window starts (epoch ms), one `slide` apart. */
  readonly starts: readonly number[];
  /** Groups with a count above zero in any of the points, by name. */
  readonly groups: readonly GroupSeries[];
}

/** Code-point order, the same in every locale. */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Windows of history kept per rule unless told otherwise. */
export const defaultHistoryWindows = 30;

/**
 * Counts of the rule windows as the detect function sees them, kept in memory for the live views:
 * fed with each batch detect has processed (one count per window start, as detect writes them),
 * read as the count of the current window per group and as the last `historyWindows` windows per
 * rule. For hopping windows the current window is the one that closes next: the last `window` before
 * the latest record's slide ends. Not the source of truth (DynamoDB is).
 */
export class LiveWindows {
  private readonly buckets = new Map<string, Map<string, Map<number, number>>>();
  private readonly firstMs = new Map<string, number>();
  private latestMs = 0;
  /** The count rules: only they have windows. */
  private readonly rules: readonly CountRule[];

  constructor(
    rules: readonly Rule[],
    private readonly historyWindows: number = defaultHistoryWindows,
  ) {
    this.rules = rules.filter(isCountRule);
  }

  add(accepted: readonly AcceptedRecord[]): void {
    for (const delta of aggregateBatch(accepted, this.rules)) {
      const groups = this.buckets.get(delta.rule) ?? new Map<string, Map<number, number>>();
      this.buckets.set(delta.rule, groups);
      const starts = groups.get(delta.group) ?? new Map<number, number>();
      groups.set(delta.group, starts);
      starts.set(delta.windowStart, (starts.get(delta.windowStart) ?? 0) + delta.records);
      this.latestMs = Math.max(this.latestMs, delta.windowStart);
      this.firstMs.set(
        delta.rule,
        Math.min(this.firstMs.get(delta.rule) ?? delta.windowStart, delta.windowStart),
      );
    }
  }

  /**
   * Each group's count in the window that holds the latest event seen: rules in file order, groups
   * by name, so a line that shows them keeps its order from one second to the next.
   */
  current(): CurrentCount[] {
    const counts: CurrentCount[] = [];
    for (const rule of this.rules) {
      const groups = this.buckets.get(rule.name);
      if (!groups) continue;
      const newest = this.currentStart(rule);
      const ofRule: CurrentCount[] = [];
      for (const [group, starts] of groups) {
        const count = starts.get(newest) ?? 0;
        if (count > 0)
          ofRule.push({ rule: rule.name, group, windowStart: newest, count, threshold: rule.threshold });
      }
      counts.push(...ofRule.sort((a, b) => byName(a.group, b.group)));
    }
    this.prune();
    return counts;
  }

  /**
   * The last `limit` windows of every rule that has seen a record (at most the history kept), up to
   * the current one, oldest first, with each group's count in each; rules in file order.
   *
   * @example
   * live.history(); // [{ rule: 'error-burst', starts: [t0, t0 + 10_000, ...], groups: [{ group: '/app/x.py', counts: [3, 31, ...] }] }]
   */
  history(limit: number = this.historyWindows): WindowSeries[] {
    const series: WindowSeries[] = [];
    const points = Math.max(1, Math.min(limit, this.historyWindows));
    for (const rule of this.rules) {
      const groups = this.buckets.get(rule.name);
      const first = this.firstMs.get(rule.name);
      if (!groups || first === undefined) continue;
      const newest = this.currentStart(rule);
      const oldest = Math.max(
        newest - (points - 1) * rule.slideMs,
        Math.floor(first / rule.slideMs) * rule.slideMs,
      );
      const starts: number[] = [];
      for (let start = oldest; start <= newest; start += rule.slideMs) starts.push(start);
      const lines: GroupSeries[] = [];
      for (const [group, buckets] of groups) {
        const counts = starts.map((start) => buckets.get(start) ?? 0);
        if (counts.some((count) => count > 0)) lines.push({ group, counts });
      }
      lines.sort((a, b) => byName(a.group, b.group));
      series.push({
        rule: rule.name,
        groupBy: rule.groupBy,
        windowMs: rule.windowMs,
        slideMs: rule.slideMs,
        threshold: rule.threshold,
        starts,
        groups: lines,
      });
    }
    this.prune();
    return series;
  }

  /** Start of the rule's current window: the one holding the latest record seen that closes next. */
  private currentStart(rule: CountRule): number {
    return Math.floor(this.latestMs / rule.slideMs) * rule.slideMs - rule.windowMs + rule.slideMs;
  }

  /** Forgets buckets older than the history (and the window before it) of their rule. */
  private prune(): void {
    for (const rule of this.rules) {
      const groups = this.buckets.get(rule.name);
      if (!groups) continue;
      const keepFrom = this.currentStart(rule) - this.historyWindows * rule.slideMs;
      for (const [group, starts] of groups) {
        for (const start of starts.keys()) if (start < keepFrom) starts.delete(start);
        if (starts.size === 0) groups.delete(group);
      }
    }
  }
}
