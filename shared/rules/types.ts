import type { LogEvent } from '../logs/types';
import type { NewRule } from './new-errors/rule';

/** The kinds of rule (docs/rules.md); a rule that names no `type` is a `count` rule. */
export const RuleType = { count: 'count', new: 'new' } as const;
export type RuleType = (typeof RuleType)[keyof typeof RuleType];

/** What every rule has, whatever its type. */
export interface RuleBase {
  readonly name: string;
  /** The `where` clause as written (for display); {@link RuleBase.matches} is its compiled form. */
  readonly where: Readonly<Record<string, unknown>>;
  /** True when the event satisfies every condition of `where`. */
  readonly matches: (event: LogEvent) => boolean;
  /**
   * The Slack destination its alerts go to (`notify: { slack: payments }`), as written; undefined for
   * the default webhook (`SLACK_WEBHOOK_URL`).
   */
  readonly destination: string | undefined;
}

/** A validated count rule (docs/rules.md), ready to evaluate. Durations are in milliseconds. */
export interface CountRule extends RuleBase {
  readonly type: typeof RuleType.count;
  /** Normalized field to count per (dotted path); events without it count in the group `unknown`. */
  readonly groupBy: string;
  readonly windowMs: number;
  /** Equal to `windowMs` for tumbling windows; smaller (and dividing it) for hopping windows. */
  readonly slideMs: number;
  /** The rule fires when a window's count is strictly above this. */
  readonly threshold: number;
  /** A new alert of one (rule, group) needs its window start this far from every earlier one that fired. */
  readonly realertMs: number;
  readonly notifyResolved: boolean;
}

/** A validated rule of any type. */
export type Rule = CountRule | NewRule;

/**
 * True for a count rule: what windows, realert and resolved notices are about.
 *
 * @example
 * const counting = ruleSet.rules.filter(isCountRule);
 */
export const isCountRule = (rule: Rule): rule is CountRule => rule.type === RuleType.count;

/** The rules in effect, in file order, and where they came from (a path or `bundled defaults`). */
export interface RuleSet {
  readonly source: string;
  readonly rules: readonly Rule[];
}

/** One problem found in a rules file, already worded as one line for a person. */
export interface RuleProblem {
  /** 1-based line in the file, when known. */
  readonly line: number | undefined;
  /** `rule "error-burst"` or `rule #2`, when the problem is inside a rule. */
  readonly rule: string | undefined;
  /** The field at fault, e.g. `window` or `where.message.matches`. */
  readonly field: string | undefined;
  readonly message: string;
}

/** Outcome of parsing a rules file: the rules, or every problem found (never just the first). */
export type RulesParse =
  | { readonly ok: true; readonly ruleSet: RuleSet }
  | { readonly ok: false; readonly problems: readonly RuleProblem[] };
