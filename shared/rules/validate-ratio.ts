import { describe } from './durations';
import type { TypeCheck } from './rule-check';
import { RuleType } from './types';
import { CLOSING_FIELDS, checkClosing } from './validate-closing';

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

/**
 * `type: ratio`: fires when the `where` events are more than `threshold` percent of the group's `of`
 * events (default: all of them) in a closed window that has at least `minCount` `of` events. An event
 * counts in the ratio only when it matches both `where` and `of`.
 *
 * @example
 * ratioCheck.build(common, ctx); // { ...common, type: 'ratio', threshold: 5, minCount: 100, ... }
 */
export const ratioCheck: TypeCheck = {
  fields: ['of', 'minCount', ...CLOSING_FIELDS],
  build(common, ctx) {
    let ok = true;
    const raw = ctx.fields.threshold;
    const percent = raw === undefined ? undefined : readPercent(raw);
    if (raw === undefined) {
      ctx.missing('threshold', 'a percentage such as 5%; the rule fires when count / of-count > threshold');
      ok = false;
    } else if (percent && !percent.ok) {
      ctx.problem('threshold', percent.problem);
      ok = false;
    }
    const inOf = ctx.clause('of');
    if (!inOf) ok = false;
    const minCount = ctx.fields.minCount ?? DEFAULT_MIN_COUNT;
    if (typeof minCount !== 'number' || !Number.isInteger(minCount) || minCount < 1) {
      ctx.problem('minCount', `expected a whole number 1 or more, got ${describe(minCount)}`);
      ok = false;
    }
    const closing = checkClosing('ratio', ctx);
    if (!ok || !closing || !inOf || !percent?.ok) return undefined;
    return {
      ...common,
      type: RuleType.ratio,
      threshold: percent.percent,
      of: (ctx.fields.of ?? {}) as Record<string, unknown>,
      inOf,
      minCount: minCount as number,
      ...closing,
    };
  },
};
