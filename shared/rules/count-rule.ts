import { describe } from './durations';
import type { RuleCheck } from './rule-check';
import { type CountRule, type RuleBase, RuleType } from './types';
import { checkWindowed } from './windowed-rule';

/** The fields of a count rule besides the common ones (the windowed ones and `threshold`), in the order docs/rules.md describes them. */
export const COUNT_RULE_FIELDS = [
  'groupBy',
  'window',
  'slide',
  'threshold',
  'realert',
  'notifyResolved',
] as const;

/**
 * Checks the fields of a count rule (`type: count`, the default) and builds it on `base`; undefined
 * when any of them has a problem (each reported). It fires when a window's count goes above
 * `threshold`.
 *
 * @example
 * const rule = checkCountRule(check, base); // { ...base, type: 'count', threshold: 25, windowMs: 10000, ... }
 */
export function checkCountRule(check: RuleCheck, base: RuleBase): CountRule | undefined {
  const before = check.report.problems.length;
  const windowed = checkWindowed(check);
  const threshold = check.fields.threshold;
  if (threshold === undefined) check.missing('threshold', 'the rule fires when count > threshold');
  else if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0) {
    check.problem('threshold', `expected a whole number 0 or more, got ${describe(threshold)}`);
  }
  if (check.report.problems.length > before || windowed === undefined) return undefined;
  return { ...base, ...windowed, type: RuleType.count, threshold: threshold as number };
}
