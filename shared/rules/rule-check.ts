import type { LogEvent } from '../logs/types';
import type { Rule } from './types';

/** The part of a rule every type shares, as `checkRule` has read it (no `type`, no `threshold`). */
export type RuleCommon = Omit<Rule, 'type' | 'threshold'>;

/** How a type's check reads and reports its fields; every problem is one line (docs/rules.md). */
export interface FieldContext {
  readonly fields: Readonly<Record<string, unknown>>;
  /** `field: message` on the field's line. */
  problem(field: string, message: string): void;
  /** A problem about the whole rule, on its first line. */
  general(message: string): void;
  /** `field: missing; message`, unless the field was reported as misspelt already. */
  missing(field: string, message: string): void;
  /** A duration field: its ms, undefined when absent or refused (reported). */
  duration(field: string, options: { required: boolean; min: number }): number | undefined;
  /** A `where`-like clause (`of`): its compiled predicate, or undefined when refused (reported). */
  clause(field: string): ((event: LogEvent) => boolean) | undefined;
}

/**
 * What one rule type checks beyond the common fields: the fields it adds, and how it builds the rule.
 * `validate-rule.ts` dispatches on `type` to one of these (one small file per type).
 *
 * @example
 * const check: TypeCheck = { fields: ['lookback'], build: (common, ctx) => ({ ...common, type: 'flatline', ... }) };
 */
export interface TypeCheck {
  /** Fields this type adds to the common ones. */
  readonly fields: readonly string[];
  /** Checks the type's fields (its threshold too) and builds the rule; undefined when a problem was reported. */
  build(common: RuleCommon, ctx: FieldContext): Rule | undefined;
}
