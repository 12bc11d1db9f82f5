import { describe, formatDuration } from './durations';
import type { TypeCheck } from './rule-check';
import { RuleType } from './types';
import { CLOSING_FIELDS, checkClosing } from './validate-closing';

/** Windows a lookback may span: each evaluated window reads them (docs/rules.md "Flatline"). */
export const MAX_LOOKBACK_WINDOWS = 100;
const DEFAULT_LOOKBACK_WINDOWS = 10;

/**
 * `type: flatline`: a group seen within `lookback` before a closed window that has at most
 * `threshold` events in it (default 0: none) is silent. Tumbling windows only; `lookback` a whole
 * number of windows (default 10). Without `realert`, a silence alerts once: after `lookback` the
 * group is no longer expected.
 *
 * @example
 * flatlineCheck.build(common, ctx); // { ...common, type: 'flatline', threshold: 0, lookbackMs: 600000, ... }
 */
export const flatlineCheck: TypeCheck = {
  fields: ['lookback', ...CLOSING_FIELDS],
  build(common, ctx) {
    let ok = true;
    const threshold = ctx.fields.threshold ?? 0;
    if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0) {
      ctx.problem(
        'threshold',
        `expected a whole number 0 or more (fires when a window has at most that many events), got ${describe(threshold)}`,
      );
      ok = false;
    }
    const window = common.windowMs;
    const lookback = ctx.duration('lookback', { required: false, min: 1 });
    if (ctx.fields.lookback !== undefined && lookback === undefined) ok = false;
    if (lookback !== undefined && window > 0) {
      if (lookback < window || lookback % window !== 0) {
        ctx.problem(
          'lookback',
          `${formatDuration(lookback)} must be a whole number of windows (${formatDuration(window)})`,
        );
        ok = false;
      } else if (lookback / window > MAX_LOOKBACK_WINDOWS) {
        ctx.problem(
          'lookback',
          `${formatDuration(lookback)} is ${lookback / window} windows of ${formatDuration(window)}; at most ${MAX_LOOKBACK_WINDOWS} (use a longer window or a shorter lookback)`,
        );
        ok = false;
      }
    }
    const closing = checkClosing('flatline', ctx);
    if (!ok || !closing) return undefined;
    const lookbackMs = lookback ?? DEFAULT_LOOKBACK_WINDOWS * window;
    return {
      ...common,
      type: RuleType.flatline,
      threshold: threshold as number,
      lookbackMs,
      // A silence alerts once: it stops being expected after lookback, so that is the default spacing.
      realertMs: ctx.fields.realert === undefined ? lookbackMs : common.realertMs,
      ...closing,
    };
  },
};
