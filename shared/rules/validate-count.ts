import { describe } from './durations';
import type { TypeCheck } from './rule-check';
import { RuleType } from './types';

/**
 * `type: count` (the default): a whole-number threshold; the rule fires when a window's count goes
 * above it.
 *
 * @example
 * countCheck.build(common, ctx); // { ...common, type: 'count', threshold: 25 }
 */
export const countCheck: TypeCheck = {
  fields: [],
  build(common, ctx) {
    const threshold = ctx.fields.threshold;
    if (threshold === undefined) {
      ctx.general('threshold: missing; the rule fires when count > threshold');
      return undefined;
    }
    if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0) {
      ctx.problem('threshold', `expected a whole number 0 or more, got ${describe(threshold)}`);
      return undefined;
    }
    return { ...common, type: RuleType.count, threshold };
  },
};
