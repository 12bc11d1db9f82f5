import type { RatioRule } from '../types';
import type { GroupCounts } from './store';

/**
 * Whether a ratio rule's group is over in a closed window: at least `minCount` "of" events, and the
 * counted ones more than `threshold` percent of them.
 *
 * @example
 * isOverRatio(rule, { group: 'payments', count: 81, of: 1024, lastSeen: undefined }); // true at 5%
 */
export function isOverRatio(rule: RatioRule, counts: GroupCounts | undefined): boolean {
  if (!counts || counts.of < rule.minCount) return false;
  // count / of > threshold %, without dividing.
  return counts.count * 100 > rule.threshold * counts.of;
}

/**
 * The groups of a closed window over the rule's ratio, by name.
 *
 * @example
 * overRatio(rule, groups); // [{ group: 'payments', count: 81, of: 1024, ... }]
 */
export function overRatio(rule: RatioRule, groups: readonly GroupCounts[]): GroupCounts[] {
  return groups.filter((counts) => isOverRatio(rule, counts)).sort((a, b) => a.group.localeCompare(b.group));
}
