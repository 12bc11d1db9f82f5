import type { AcceptedRecord } from '../../shared/batch/types';
import { aggregateBatch } from '../../shared/rules/aggregate';
import type { Rule } from '../../shared/rules/types';

/** One group's count in its rule's current window, against the threshold. */
export interface LiveCount {
  readonly rule: string;
  readonly group: string;
  readonly count: number;
  readonly threshold: number;
}

/**
 * Counts of the rule windows as the detect function sees them, kept in memory for the live view:
 * fed with each batch detect has processed, read as the count of the current window per group
 * (for hopping windows, the buckets of the last `window`). Not the source of truth (DynamoDB is).
 */
export class LiveWindows {
  private readonly buckets = new Map<string, Map<string, Map<number, number>>>();
  private latestMs = 0;

  constructor(private readonly rules: readonly Rule[]) {}

  add(accepted: readonly AcceptedRecord[]): void {
    for (const delta of aggregateBatch(accepted, this.rules)) {
      const groups = this.buckets.get(delta.rule) ?? new Map<string, Map<number, number>>();
      this.buckets.set(delta.rule, groups);
      const starts = groups.get(delta.group) ?? new Map<number, number>();
      groups.set(delta.group, starts);
      starts.set(delta.windowStart, (starts.get(delta.windowStart) ?? 0) + delta.records);
      this.latestMs = Math.max(this.latestMs, delta.windowStart);
    }
  }

  /** Each group's count in the window that holds the latest event seen, largest first. */
  current(): LiveCount[] {
    const counts: LiveCount[] = [];
    for (const rule of this.rules) {
      const groups = this.buckets.get(rule.name);
      if (!groups) continue;
      const newest = Math.floor(this.latestMs / rule.slideMs) * rule.slideMs;
      const oldest = newest - rule.windowMs + rule.slideMs;
      for (const [group, starts] of groups) {
        let count = 0;
        for (const [start, n] of starts) {
          if (start >= oldest && start <= newest) count += n;
          else if (start < oldest - rule.windowMs) starts.delete(start);
        }
        if (count > 0) counts.push({ rule: rule.name, group, count, threshold: rule.threshold });
      }
    }
    return counts.sort((a, b) => b.count - a.count);
  }
}
