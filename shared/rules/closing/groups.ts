import { ROOT_LOW } from '../leaves/layout';
import type { ListedLeaf } from '../leaves/types';
import type { GroupCounts } from './store';

/**
 * The groups of one window from its leaves, with their counters. Leaves of an older layout of the
 * window (its root expired and it was laid out again) are left out, as `sluice state` does.
 *
 * @example
 * groupCountsOf(leavesOfOneWindow); // [{ group: 'orders', count: 12, of: 0, lastSeen: 1714564861000 }]
 */
export function groupCountsOf(leaves: readonly ListedLeaf[]): GroupCounts[] {
  const gen = leaves.find(({ leaf }) => leaf.low === ROOT_LOW)?.leaf.gen;
  const groups: GroupCounts[] = [];
  for (const { leaf } of leaves) {
    if (leaf.gen !== gen) continue;
    for (const { group, counters } of leaf.groups.values())
      groups.push({ group, count: counters.c ?? 0, of: counters.o ?? 0, lastSeen: counters.l });
  }
  return groups;
}
