import type { LogEvent } from '../logs/types';
import { RuleType, type WindowedRule } from './types';

/** How an event counts for a rule in its group's window. */
export const Counting = {
  /** Not at all. */
  none: 0,
  /** In the window's count (`c`); for a ratio rule in its "of" count (`o`) too. */
  hit: 1,
  /** Ratio rules: only in the "of" count (`o`): one of the events the ratio is taken of. */
  of: 2,
} as const;
export type Counting = (typeof Counting)[keyof typeof Counting];

/**
 * How `event` counts for `rule`: count and flatline rules count the events `where` matches; ratio
 * rules count the events of `of` in `o`, and those that `where` matches too in `c` (so `c <= o`).
 *
 * @example
 * countingOf(ratioRule, errorEvent); // Counting.hit
 * countingOf(ratioRule, infoEvent);  // Counting.of
 */
export function countingOf(rule: WindowedRule, event: LogEvent): Counting {
  if (rule.type !== RuleType.ratio) return rule.matches(event) ? Counting.hit : Counting.none;
  if (!rule.inOf(event)) return Counting.none;
  return rule.matches(event) ? Counting.hit : Counting.of;
}
