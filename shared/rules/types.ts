import type { LogEvent } from '../logs/types';
import type { NewRule } from './new-errors/rule';

/**
 * The kinds of rule (docs/rules.md); a rule that names no `type` is a `count` rule. `count`: a
 * window's count above the threshold (decided by detect as records arrive); `flatline`: an expected
 * group silent in a closed window, `ratio`: a share of a group's events above a percentage in a closed
 * window (both decided by the sweeper); `new`: an error whose fingerprint was not seen within the
 * lookback (decided by detect).
 */
export const RuleType = { count: 'count', flatline: 'flatline', ratio: 'ratio', new: 'new' } as const;
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

/** What the rules counted in time windows have (count, flatline, ratio). Durations are in milliseconds. */
export interface WindowedFields {
  /** Normalized field to count per (dotted path); events without it count in the group `unknown`. */
  readonly groupBy: string;
  readonly windowMs: number;
  /** Equal to `windowMs` for tumbling windows; smaller (and dividing it) for hopping windows. */
  readonly slideMs: number;
  /** A new alert of one (rule, group) needs its window start this far from every earlier one that fired. */
  readonly realertMs: number;
  readonly notifyResolved: boolean;
}

/** Fires when a window's count goes strictly above `threshold` (the default type). */
export interface CountRule extends RuleBase, WindowedFields {
  readonly type: typeof RuleType.count;
  readonly threshold: number;
}

/** How long a window waits for late records, and when a partition stops holding windows open. */
export interface ClosingSettings {
  /** A window closes once every active partition's watermark is this far past its end. */
  readonly allowedLatenessMs: number;
  /** A partition this far behind the others (in their event time) and unprocessed this long (wall clock) is idle. */
  readonly idleTimeoutMs: number;
}

/** Fires when a group seen within `lookbackMs` before a closed window has at most `threshold` events in it. */
export interface FlatlineRule extends RuleBase, WindowedFields, ClosingSettings {
  readonly type: typeof RuleType.flatline;
  readonly threshold: number;
  readonly lookbackMs: number;
}

/** Fires when `where` events are more than `threshold` percent of a group's `of` events in a closed window. */
export interface RatioRule extends RuleBase, WindowedFields, ClosingSettings {
  readonly type: typeof RuleType.ratio;
  /** A percentage (5 for 5 %). */
  readonly threshold: number;
  /** The `of` clause as written; {@link RatioRule.inOf} is its compiled form. */
  readonly of: Readonly<Record<string, unknown>>;
  /** True when the event is one of those the ratio is taken of. */
  readonly inOf: (event: LogEvent) => boolean;
  /** The window needs at least this many `of` events to alert. */
  readonly minCount: number;
}

/** A validated rule (docs/rules.md), ready to evaluate; `type` says which. */
export type Rule = CountRule | FlatlineRule | RatioRule | NewRule;

/** A rule counted in time windows by detect. */
export type WindowedRule = CountRule | FlatlineRule | RatioRule;

/** A rule decided on closed windows by the sweeper. */
export type ClosingRule = FlatlineRule | RatioRule;

/**
 * True for a count rule: what detect's alerts, realert and resolved notices are about.
 *
 * @example
 * const counting = ruleSet.rules.filter(isCountRule);
 */
export const isCountRule = (rule: Rule): rule is CountRule => rule.type === RuleType.count;

/**
 * True for a rule counted in windows (count, flatline, ratio): what detect writes window counts for.
 *
 * @example
 * const windowed = ruleSet.rules.filter(isWindowedRule);
 */
export const isWindowedRule = (rule: Rule): rule is WindowedRule => rule.type !== RuleType.new;

/**
 * True for a rule the sweeper decides on closed windows (flatline, ratio).
 *
 * @example
 * const closing = ruleSet.rules.filter(isClosingRule);
 */
export const isClosingRule = (rule: Rule): rule is ClosingRule =>
  rule.type === RuleType.flatline || rule.type === RuleType.ratio;

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
