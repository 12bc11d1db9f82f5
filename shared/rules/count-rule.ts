import { describe, formatDuration } from './durations';
import { isRuleField } from './fields';
import { durationField, type RuleCheck } from './rule-check';
import { type CountRule, type RuleBase, RuleType } from './types';
import { unknownFieldMessage } from './validate-where';

/** The fields of a count rule besides the common ones, in the order docs/rules.md describes them. */
export const COUNT_RULE_FIELDS = [
  'groupBy',
  'window',
  'slide',
  'threshold',
  'realert',
  'notifyResolved',
] as const;

const MIN_WINDOW_MS = 1000;

/**
 * Checks the fields of a count rule (`type: count`, the default) and builds it on `base`; undefined
 * when any of them has a problem (each reported).
 *
 * @example
 * const rule = checkCountRule(check, base);
 */
export function checkCountRule(check: RuleCheck, base: RuleBase): CountRule | undefined {
  const { fields, report } = check;
  const before = report.problems.length;
  const groupBy = fields.groupBy;
  if (groupBy === undefined) {
    check.missing('groupBy', 'name the field to count per, e.g. pathname (kafka.topic counts a whole topic)');
  } else if (typeof groupBy !== 'string' || !isRuleField(groupBy)) {
    report.value(
      [...check.path, 'groupBy'],
      check.label,
      'groupBy',
      unknownFieldMessage('groupBy', String(groupBy)),
    );
  }

  const windowMs = durationField(check, 'window', { required: true, min: MIN_WINDOW_MS });
  const slideMs = durationField(check, 'slide', { required: false, min: 1 });
  if (windowMs !== undefined && slideMs !== undefined) {
    if (slideMs >= windowMs) check.problem('slide', `${formatDuration(slideMs)} must be smaller than window`);
    else if (windowMs % slideMs !== 0) {
      check.problem(
        'slide',
        `${formatDuration(slideMs)} must divide window (${formatDuration(windowMs)}) evenly`,
      );
    }
  }
  const realertMs = durationField(check, 'realert', { required: false, min: 0 });

  const threshold = fields.threshold;
  if (threshold === undefined) check.missing('threshold', 'the rule fires when count > threshold');
  else if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0) {
    check.problem('threshold', `expected a whole number 0 or more, got ${describe(threshold)}`);
  }

  const notifyResolved = fields.notifyResolved;
  if (notifyResolved !== undefined && typeof notifyResolved !== 'boolean') {
    check.problem('notifyResolved', `expected true or false, got ${describe(notifyResolved)}`);
  }

  if (report.problems.length > before || windowMs === undefined) return undefined;
  return {
    ...base,
    type: RuleType.count,
    groupBy: groupBy as string,
    windowMs,
    slideMs: slideMs ?? windowMs,
    threshold: threshold as number,
    // Default: one window, so that a burst spanning overlapping hopping windows alerts once.
    realertMs: realertMs ?? windowMs,
    notifyResolved: notifyResolved === true,
  };
}
