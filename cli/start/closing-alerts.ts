import type { FiredAlert } from '../../functions/detect/types';
import { type Rule, RuleType } from '../../shared/rules/types';

/**
 * The alerts of flatline and ratio rules (decided by the sweeper, not by detect's batches) that are
 * stored and not yet shown, so `sluice start` can show them as the sweeper decides them. `shown` is
 * updated.
 *
 * @example
 * view.recorder.recordAlerts(newClosingAlerts(await pipeline.alerts(), rules, shown), Date.now());
 */
export function newClosingAlerts(
  stored: readonly FiredAlert[],
  rules: readonly Rule[],
  shown: Set<string>,
): FiredAlert[] {
  const closing = new Set(rules.filter((rule) => rule.type !== RuleType.count).map((rule) => rule.name));
  const fresh: FiredAlert[] = [];
  for (const { rule, group, windowStart, count } of stored) {
    const key = `${rule}\u0000${group}\u0000${windowStart}`;
    if (!closing.has(rule) || shown.has(key)) continue;
    shown.add(key);
    fresh.push({ rule, group, windowStart, count });
  }
  return fresh;
}
