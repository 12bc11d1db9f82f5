import { describe } from './durations';
import type { RuleCheck } from './rule-check';
import { type RatioRule, type RuleBase, RuleType } from './types';
import { CLOSING_FIELDS, checkClosing } from './validate-closing';
import { checkWhere } from './validate-where';
import { compileWhere } from './where';
import { checkWindowed, WINDOWED_RULE_FIELDS } from './windowed-rule';

/** `of` events a window needs before a ratio rule can fire, unless `minCount` says otherwise. */
export const DEFAULT_MIN_COUNT = 20;
const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;

/**
 * Reads a ratio threshold: a percentage written with `%` (`5%`, `0.5%`), at least 0 and below 100.
 *
 * @example
 * readPercent('5%'); // { ok: true, percent: 5 }
 * readPercent(5);    // { ok: false, problem: '5 is not a percentage; write 5%' }
 */
export function readPercent(value: unknown): { ok: true; percent: number } | { ok: false; problem: string } {
  if (typeof value === 'number')
    return { ok: false, problem: `${value} is not a percentage; write ${value}%` };
  const match = typeof value === 'string' ? PERCENT.exec(value) : null;
  if (!match) return { ok: false, problem: `${describe(value)} is not a percentage; write one such as 5%` };
  const percent = Number(match[1]);
  if (percent >= 100)
    return { ok: false, problem: `${value} can never be exceeded; use a percentage below 100%` };
  return { ok: true, percent };
}

/** The fields of a ratio rule besides the common ones. */
export const RATIO_RULE_FIELDS = [
  ...WINDOWED_RULE_FIELDS,
  'threshold',
  'of',
  'minCount',
  ...CLOSING_FIELDS,
] as const;

/**
 * `type: ratio`: fires when the `where` events are more than `threshold` percent of the group's `of`
 * events (default: all of them) in a closed window that has at least `minCount` `of` events. An event
 * counts in the ratio only when it matches both `where` and `of`. Undefined when a problem was reported.
 *
 * @example
 * checkRatioRule(check, base); // { ...base, type: 'ratio', threshold: 5, minCount: 100, ... }
 */
export function checkRatioRule(check: RuleCheck, base: RuleBase): RatioRule | undefined {
  const windowed = checkWindowed(check);
  let ok = windowed !== undefined;
  const raw = check.fields.threshold;
  const percent = raw === undefined ? undefined : readPercent(raw);
  if (raw === undefined) {
    check.missing('threshold', 'a percentage such as 5%; the rule fires when count / of-count > threshold');
    ok = false;
  } else if (percent && !percent.ok) {
    check.problem('threshold', percent.problem);
    ok = false;
  }
  const problems = check.report.problems.length;
  const ofClause = checkWhere(check.fields.of, [...check.path, 'of'], check.label, check.report);
  if (check.report.problems.length > problems) ok = false;
  const minCount = check.fields.minCount ?? DEFAULT_MIN_COUNT;
  if (typeof minCount !== 'number' || !Number.isInteger(minCount) || minCount < 1) {
    check.problem('minCount', `expected a whole number 1 or more, got ${describe(minCount)}`);
    ok = false;
  }
  const closing = checkClosing('ratio', check);
  if (!ok || !closing || !windowed || !percent?.ok) return undefined;
  return {
    ...base,
    ...windowed,
    type: RuleType.ratio,
    threshold: percent.percent,
    of: (check.fields.of ?? {}) as Record<string, unknown>,
    inOf: compileWhere(ofClause),
    minCount: minCount as number,
    ...closing,
  };
}
