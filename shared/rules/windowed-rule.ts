import { describe, formatDuration } from './durations';
import { isRuleField } from './fields';
import { durationField, type RuleCheck } from './rule-check';
import type { WindowedFields } from './types';
import { unknownFieldMessage } from './validate-where';

/** The fields of every rule counted in windows (count, flatline, ratio), besides the common ones. */
export const WINDOWED_RULE_FIELDS = ['groupBy', 'window', 'slide', 'realert', 'notifyResolved'] as const;

const MIN_WINDOW_MS = 1000;

/**
 * Checks the window fields a count, flatline or ratio rule shares; undefined when any of them has a
 * problem (each reported). `realert` defaults to one window, so that a burst spanning overlapping
 * hopping windows alerts once.
 *
 * @example
 * const windowed = checkWindowed(check); // { groupBy: 'pathname', windowMs: 10000, slideMs: 10000, ... }
 */
export function checkWindowed(check: RuleCheck): WindowedFields | undefined {
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

  const notifyResolved = fields.notifyResolved;
  if (notifyResolved !== undefined && typeof notifyResolved !== 'boolean') {
    check.problem('notifyResolved', `expected true or false, got ${describe(notifyResolved)}`);
  }
  if (report.problems.length > before || windowMs === undefined) return undefined;
  return {
    groupBy: groupBy as string,
    windowMs,
    slideMs: slideMs ?? windowMs,
    realertMs: realertMs ?? windowMs,
    notifyResolved: notifyResolved === true,
  };
}
