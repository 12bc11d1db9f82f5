import type { FlatlineRule } from '../types';
import type { GroupCounts } from './store';

/** A group silent in a closed window. */
export interface Silence {
  readonly group: string;
  /** Its count in the window (at most the threshold). */
  readonly count: number;
  /** Its latest event before the window (epoch ms): the `l` of its latest window with events, else that window's last ms. */
  readonly lastSeen: number;
}

/** A closed window and its groups. */
export interface WindowCounts {
  readonly windowStart: number;
  readonly groups: readonly GroupCounts[];
}

/**
 * Decides a flatline rule's closed window: the groups that had events within `lookback` before it
 * (the windows starting in `[start - lookback, start)`) and at most `threshold` in it are silent.
 * Pure: the caller reads the windows. `lookback` lists those earlier windows (any order; missing ones
 * had no events).
 *
 * @example
 * silentGroups(rule, { windowStart, groups: [] }, [{ windowStart: windowStart - 60_000, groups: [orders] }]);
 * // [{ group: 'orders', count: 0, lastSeen: ... }]
 */
export function silentGroups(
  rule: FlatlineRule,
  window: WindowCounts,
  lookback: readonly WindowCounts[],
): Silence[] {
  const from = window.windowStart - rule.lookbackMs;
  const seen = new Map<string, number>();
  for (const earlier of lookback) {
    if (earlier.windowStart < from || earlier.windowStart >= window.windowStart) continue;
    for (const { group, count, lastSeen } of earlier.groups) {
      if (count <= 0) continue;
      const last = lastSeen ?? earlier.windowStart + rule.windowMs - 1;
      if (last > (seen.get(group) ?? Number.NEGATIVE_INFINITY)) seen.set(group, last);
    }
  }
  const now = new Map(window.groups.map((group) => [group.group, group.count]));
  const silent: Silence[] = [];
  for (const [group, lastSeen] of seen) {
    const count = now.get(group) ?? 0;
    if (count <= rule.threshold) silent.push({ group, count, lastSeen });
  }
  return silent.sort((a, b) => a.group.localeCompare(b.group));
}

/**
 * Whether a flatline rule's group is logging in a window: more than `threshold` events (what clears a
 * silence: "logging again").
 *
 * @example
 * isLogging(rule, { group: 'orders', count: 3, of: 0, lastSeen: undefined }); // true with threshold 0
 */
export function isLogging(rule: FlatlineRule, counts: GroupCounts | undefined): boolean {
  return (counts?.count ?? 0) > rule.threshold;
}
