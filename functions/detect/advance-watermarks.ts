import type { BatchRead } from '../../shared/batch/types';
import { progressOf } from '../../shared/rules/closing/watermarks';
import { RuleType } from '../../shared/rules/types';
import type { DetectDeps } from './types';

const DAY_MS = 86_400_000;

/**
 * Raises the watermark of each partition of a live batch, after its window writes succeeded (so a
 * watermark never runs ahead of the counts): one conditional write per partition, only when a rule
 * is decided on closed windows (docs/rules.md "Closed windows"). Resolves to the writes made.
 *
 * @example
 * const writes = await advanceWatermarks(read, deps, Date.now());
 */
export async function advanceWatermarks(read: BatchRead, deps: DetectDeps, now: number): Promise<number> {
  if (!deps.ruleSet.rules.some((rule) => rule.type !== RuleType.count)) return 0;
  const progress = progressOf(read);
  if (progress.length === 0) return 0;
  // Kept as long as window items: a partition silent for longer holds nothing open anyway.
  const expiresAt = (Math.ceil((now + deps.settings.windowRetentionMs) / DAY_MS) * DAY_MS) / 1000;
  return deps.store.closing.advance(progress, now, expiresAt);
}
