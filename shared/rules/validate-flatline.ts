import { describe, formatDuration } from './durations';
import { durationField, type RuleCheck } from './rule-check';
import { type FlatlineRule, type RuleBase, RuleType } from './types';
import { CLOSING_FIELDS, checkClosing } from './validate-closing';
import { checkWindowed, WINDOWED_RULE_FIELDS } from './windowed-rule';

/** Windows a lookback may span: each evaluated window reads them (docs/rules.md "Flatline"). */
export const MAX_LOOKBACK_WINDOWS = 100;
const DEFAULT_LOOKBACK_WINDOWS = 10;

/** The fields of a flatline rule besides the common ones. */
export const FLATLINE_RULE_FIELDS = [
  ...WINDOWED_RULE_FIELDS,
  'threshold',
  'lookback',
  ...CLOSING_FIELDS,
] as const;

/**
 * `type: flatline`: a group seen within `lookback` before a closed window that has at most
 * `threshold` events in it (default 0: none) is silent. Tumbling windows only; `lookback` a whole
 * number of windows (default 10). Without `realert`, a silence alerts once: after `lookback` the
 * group is no longer expected. Undefined when a problem was reported.
 *
 * @example
 * checkFlatlineRule(check, base); // { ...base, type: 'flatline', threshold: 0, lookbackMs: 600000, ... }
 */
export function checkFlatlineRule(check: RuleCheck, base: RuleBase): FlatlineRule | undefined {
  const windowed = checkWindowed(check);
  let ok = windowed !== undefined;
  const threshold = check.fields.threshold ?? 0;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0) {
    check.problem(
      'threshold',
      `expected a whole number 0 or more (fires when a window has at most that many events), got ${describe(threshold)}`,
    );
    ok = false;
  }
  const window = windowed?.windowMs ?? 0;
  const lookback = durationField(check, 'lookback', { required: false, min: 1 });
  if (check.fields.lookback !== undefined && lookback === undefined) ok = false;
  if (lookback !== undefined && window > 0) {
    if (lookback < window || lookback % window !== 0) {
      check.problem(
        'lookback',
        `${formatDuration(lookback)} must be a whole number of windows (${formatDuration(window)})`,
      );
      ok = false;
    } else if (lookback / window > MAX_LOOKBACK_WINDOWS) {
      check.problem(
        'lookback',
        `${formatDuration(lookback)} is ${lookback / window} windows of ${formatDuration(window)}; at most ${MAX_LOOKBACK_WINDOWS} (use a longer window or a shorter lookback)`,
      );
      ok = false;
    }
  }
  const closing = checkClosing('flatline', check);
  if (!ok || !closing || !windowed) return undefined;
  const lookbackMs = lookback ?? DEFAULT_LOOKBACK_WINDOWS * window;
  return {
    ...base,
    ...windowed,
    type: RuleType.flatline,
    threshold: threshold as number,
    lookbackMs,
    // A silence alerts once: it stops being expected after lookback, so that is the default spacing.
    realertMs: check.fields.realert === undefined ? lookbackMs : windowed.realertMs,
    ...closing,
  };
}
