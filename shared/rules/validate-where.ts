import { levelFromName } from '../logs/level';
import { Level } from '../logs/types';
import { describe } from './durations';
import { isRuleField, KNOWN_FIELDS } from './fields';
import { compileRuleRegex, linearTimeProblem } from './linear-regex';
import { backtrackingProblem } from './regex-safety';
import type { ProblemReport } from './report';
import { nearest } from './suggest';
import type { Condition } from './where';

type Path = ReadonlyArray<string | number>;

const OPERATORS = ['contains', 'matches'] as const;

/** `did you mean "pathname"?` for a field that is neither normalized nor under `attrs.`. */
export function unknownFieldMessage(label: string, field: string): string {
  const guess = nearest(field, KNOWN_FIELDS);
  const hint = guess
    ? `did you mean "${guess}"?`
    : `use a normalized field (${KNOWN_FIELDS.join(', ')}) or attrs.<field> for the log's other fields`;
  return `${label}: "${field}" is not a field sluice knows; ${hint}`;
}

const LEVELS: readonly string[] = Object.values(Level);

/**
 * Why a `level` value can never match, if it cannot: logs are normalized to sluice's levels
 * (docs/normalization.md), so `critical` or `ERROR` would make a rule that never fires.
 */
function levelProblem(values: readonly string[]): string | undefined {
  const wrong = values.find((value) => !LEVELS.includes(value));
  if (wrong === undefined) return undefined;
  const level = levelFromName(wrong);
  const hint = level
    ? `logs that say "${wrong}" are normalized to ${level}: use ${level}`
    : `use ${LEVELS.join(', ')}`;
  return `"${wrong}" is not a level of normalized logs, so it never matches; ${hint}`;
}

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * Checks a `where` map and returns its conditions; every problem goes to `report`.
 *
 * @example
 * checkWhere({ level: ['error', 'fatal'] }, ['rules', 0, 'where'], 'rule "x"', report);
 */
export function checkWhere(where: unknown, path: Path, rule: string, report: ProblemReport): Condition[] {
  if (where === undefined || where === null) return [];
  // The clause is named after its key: `where`, or a ratio rule's `of`.
  const clause = String(path[path.length - 1] ?? 'where');
  if (typeof where !== 'object' || Array.isArray(where)) {
    report.value(path, rule, clause, `${clause}: expected a map of field: condition, got ${describe(where)}`);
    return [];
  }
  const conditions: Condition[] = [];
  for (const [field, test] of Object.entries(where as Record<string, unknown>)) {
    const at = [...path, field];
    if (!isRuleField(field)) {
      report.key(at, rule, `${clause}.${field}`, unknownFieldMessage(clause, field));
      continue;
    }
    const condition = checkCondition(field, test, at, rule, report);
    if (condition?.kind === 'equals' && field === 'level') {
      const problem = levelProblem(condition.values);
      if (problem) {
        report.value(at, rule, `${clause}.level`, `${clause}.level: ${problem}`);
        continue;
      }
    }
    if (condition) conditions.push(condition);
  }
  return conditions;
}

function checkCondition(
  field: string,
  test: unknown,
  path: Path,
  rule: string,
  report: ProblemReport,
): Condition | undefined {
  const label = `${String(path[path.length - 2] ?? 'where')}.${field}`;
  if (isScalar(test)) return { field, kind: 'equals', values: [String(test)] };
  if (Array.isArray(test)) {
    if (test.length === 0 || !test.every(isScalar)) {
      report.value(
        path,
        rule,
        label,
        `${label}: a list must hold one or more plain values (text or numbers)`,
      );
      return undefined;
    }
    return { field, kind: 'equals', values: test.map(String) };
  }
  if (typeof test !== 'object' || test === null) {
    report.value(
      path,
      rule,
      label,
      `${label}: expected a value, a list of values, {contains: text} or {matches: regex}`,
    );
    return undefined;
  }
  const entries = Object.entries(test as Record<string, unknown>);
  const [first] = entries;
  if (entries.length !== 1 || !first) {
    report.value(path, rule, label, `${label}: use exactly one of {contains: text} or {matches: regex}`);
    return undefined;
  }
  const [operator, operand] = first;
  if (operator === 'contains') {
    if (typeof operand !== 'string' || operand === '') {
      report.value(
        [...path, operator],
        rule,
        `${label}.contains`,
        `${label}.contains: expected non-empty text`,
      );
      return undefined;
    }
    return { field, kind: 'contains', needle: operand };
  }
  if (operator === 'matches') return checkRegex(field, operand, [...path, operator], rule, report);
  const guess = nearest(operator, OPERATORS);
  const hint = guess ? `did you mean "${guess}"?` : 'use contains or matches';
  report.key(
    [...path, operator],
    rule,
    `${label}.${operator}`,
    `${label}: "${operator}" is not a condition; ${hint}`,
  );
  return undefined;
}

function checkRegex(field: string, source: unknown, path: Path, rule: string, report: ProblemReport) {
  const label = `${String(path[path.length - 3] ?? 'where')}.${field}.matches`;
  if (typeof source !== 'string' || source === '') {
    report.value(path, rule, label, `${label}: expected a regular expression as text`);
    return undefined;
  }
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(source);
  const pattern = literal ? (literal[1] as string) : source;
  const flags = literal ? (literal[2] as string) : '';
  if (/[^imsu]/.test(flags)) {
    report.value(path, rule, label, `${label}: flags "${flags}" not allowed; use i, m, s or u`);
    return undefined;
  }
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    report.value(path, rule, label, `${label}: not a valid regular expression (${reason})`);
    return undefined;
  }
  const problem = backtrackingProblem(pattern) ?? linearTimeProblem(pattern, flags);
  if (problem) {
    report.value(path, rule, label, `${label}: refused: ${problem}`);
    return undefined;
  }
  // What runs: bounded by V8's linear-time fallback (shared/rules/linear-regex.ts).
  return { field, kind: 'matches' as const, regex: compileRuleRegex(pattern, flags) };
}
