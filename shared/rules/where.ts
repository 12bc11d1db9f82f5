import type { LogEvent } from '../logs/types';
import { fieldText, fieldValue } from './fields';
import { MATCH_INPUT_LIMIT } from './regex-safety';

/** One validated condition of a `where` clause. */
export type Condition =
  | { readonly field: string; readonly kind: 'equals'; readonly values: readonly string[] }
  | { readonly field: string; readonly kind: 'contains'; readonly needle: string }
  | { readonly field: string; readonly kind: 'matches'; readonly regex: RegExp };

/**
 * Compiles conditions into one predicate: every condition must hold; an absent field satisfies none.
 * Equality compares text (`lineno: 42` matches the number 42); `contains` ignores case; `matches`
 * sees at most the first {@link MATCH_INPUT_LIMIT} characters.
 *
 * @example
 * const matches = compileWhere([{ field: 'level', kind: 'equals', values: ['error', 'fatal'] }]);
 * matches(event); // true for an error
 */
export function compileWhere(conditions: readonly Condition[]): (event: LogEvent) => boolean {
  const tests = conditions.map(compileCondition);
  return (event) => tests.every((test) => test(event));
}

function compileCondition(condition: Condition): (event: LogEvent) => boolean {
  switch (condition.kind) {
    case 'equals': {
      const values = new Set(condition.values);
      return (event) => {
        const text = fieldText(fieldValue(event, condition.field));
        return text !== undefined && values.has(text);
      };
    }
    case 'contains': {
      const needle = condition.needle.toLowerCase();
      return (event) =>
        fieldText(fieldValue(event, condition.field))?.toLowerCase().includes(needle) ?? false;
    }
    case 'matches': {
      const { regex } = condition;
      return (event) => {
        const text = fieldText(fieldValue(event, condition.field));
        if (text === undefined) return false;
        regex.lastIndex = 0;
        return regex.test(text.length > MATCH_INPUT_LIMIT ? text.slice(0, MATCH_INPUT_LIMIT) : text);
      };
    }
  }
}
