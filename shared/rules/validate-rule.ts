import { describe, formatDuration, readDuration } from './durations';
import { isRuleField } from './fields';
import type { ProblemReport } from './report';
import type { FieldContext, TypeCheck } from './rule-check';
import { nearest } from './suggest';
import { type Rule, RuleType } from './types';
import { countCheck } from './validate-count';
import { flatlineCheck } from './validate-flatline';
import { ratioCheck } from './validate-ratio';
import { checkWhere, unknownFieldMessage } from './validate-where';
import { compileWhere } from './where';

/** Each rule type's own fields and checks (one small file per type). */
const TYPE_CHECKS: Readonly<Record<RuleType, TypeCheck>> = {
  [RuleType.count]: countCheck,
  [RuleType.flatline]: flatlineCheck,
  [RuleType.ratio]: ratioCheck,
};
const TYPES = Object.keys(TYPE_CHECKS) as RuleType[];

/** The fields every rule may have, in the order docs/rules.md describes them. */
export const RULE_FIELDS = [
  'name',
  'type',
  'where',
  'groupBy',
  'window',
  'slide',
  'threshold',
  'realert',
  'notifyResolved',
] as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MIN_WINDOW_MS = 1000;

/** How messages name the rule at `index`: by its name when it has a usable one. */
export function ruleLabel(raw: unknown, index: number): string {
  const name = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? `rule "${name}"` : `rule #${index + 1}`;
}

/**
 * Checks one entry of `rules:` and builds the rule; undefined when it has any problem (all reported).
 *
 * @example
 * const rule = checkRule(doc.rules[0], 0, report);
 */
export function checkRule(raw: unknown, index: number, report: ProblemReport): Rule | undefined {
  const path = ['rules', index];
  const label = ruleLabel(raw, index);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report.general(
      path,
      label,
      `expected a map with name, where, groupBy, window, threshold..., got ${describe(raw)}`,
    );
    return undefined;
  }
  const before = report.problems.length;
  const fields = raw as Record<string, unknown>;
  const type = fields.type ?? RuleType.count;
  const typeCheck = typeof type === 'string' ? TYPE_CHECKS[type as RuleType] : undefined;
  if (!typeCheck) {
    report.value(
      [...path, 'type'],
      label,
      'type',
      `type: ${describe(type)} is not a rule type; use ${TYPES.join(', ')} (default count)`,
    );
  }
  const known: readonly string[] = [...RULE_FIELDS, ...(typeCheck?.fields ?? [])];
  // A misspelt field is one problem: its "missing" twin is not reported again.
  const misspelt = new Set<string>();
  for (const key of Object.keys(fields)) {
    if (known.includes(key)) continue;
    const owner = typeCheck ? TYPES.find((other) => TYPE_CHECKS[other].fields.includes(key)) : undefined;
    if (owner) {
      report.key([...path, key], label, key, `field "${key}" is only for type: ${owner}`);
      continue;
    }
    const guess = nearest(key, known);
    if (guess) misspelt.add(guess);
    const hint = guess ? `did you mean "${guess}"?` : `known fields: ${known.join(', ')}`;
    report.key([...path, key], label, key, `field "${key}" is not known; ${hint}`);
  }
  const missing = (field: string, message: string) => {
    if (!misspelt.has(field)) report.general(path, label, `${field}: missing; ${message}`);
  };
  const at = (field: string) => [...path, field];
  const problem = (field: string, message: string) =>
    report.value(at(field), label, field, `${field}: ${message}`);

  const name = fields.name;
  if (name === undefined) missing('name', 'every rule needs a name');
  else if (typeof name !== 'string' || !NAME.test(name)) {
    problem('name', `${describe(name)} is not a usable name; use letters, digits, - _ . (up to 64)`);
  }

  const conditions = checkWhere(fields.where, at('where'), label, report);

  const groupBy = fields.groupBy;
  if (groupBy === undefined) {
    missing('groupBy', 'name the field to count per, e.g. pathname (kafka.topic counts a whole topic)');
  } else if (typeof groupBy !== 'string' || !isRuleField(groupBy)) {
    report.value(at('groupBy'), label, 'groupBy', unknownFieldMessage('groupBy', String(groupBy)));
  }

  const windowMs = duration(fields, 'window', problem, {
    required: !misspelt.has('window'),
    min: MIN_WINDOW_MS,
  });
  const slideMs = duration(fields, 'slide', problem, { required: false, min: 1 });
  if (windowMs !== undefined && slideMs !== undefined) {
    if (slideMs >= windowMs) problem('slide', `${formatDuration(slideMs)} must be smaller than window`);
    else if (windowMs % slideMs !== 0) {
      problem('slide', `${formatDuration(slideMs)} must divide window (${formatDuration(windowMs)}) evenly`);
    }
  }
  const realertMs = duration(fields, 'realert', problem, { required: false, min: 0 });

  const notifyResolved = fields.notifyResolved;
  if (notifyResolved !== undefined && typeof notifyResolved !== 'boolean') {
    problem('notifyResolved', `expected true or false, got ${describe(notifyResolved)}`);
  }

  const ctx: FieldContext = {
    fields,
    problem,
    general: (message) => report.general(path, label, message),
    missing,
    duration: (field, options) =>
      duration(fields, field, problem, { ...options, required: options.required && !misspelt.has(field) }),
    clause: (field) => {
      const count = report.problems.length;
      const clause = checkWhere(fields[field], at(field), label, report);
      return report.problems.length > count ? undefined : compileWhere(clause);
    },
  };
  const common = {
    name: name as string,
    where: (fields.where ?? {}) as Record<string, unknown>,
    groupBy: groupBy as string,
    windowMs: windowMs ?? 0,
    slideMs: slideMs ?? windowMs ?? 0,
    // Default: one window, so that a burst spanning overlapping hopping windows alerts once.
    realertMs: realertMs ?? windowMs ?? 0,
    notifyResolved: notifyResolved === true,
    matches: compileWhere(conditions),
  };
  // The type's own fields are checked even when a common one failed, so that every problem is listed.
  const rule = typeCheck?.build(common, ctx);
  if (report.problems.length > before || windowMs === undefined) return undefined;
  return rule;
}

function duration(
  fields: Record<string, unknown>,
  field: string,
  problem: (field: string, message: string) => void,
  options: { required: boolean; min: number },
): number | undefined {
  const raw = fields[field];
  if (raw === undefined) {
    if (options.required) problem(field, 'missing; use a duration such as 10s or 5m');
    return undefined;
  }
  const read = readDuration(raw);
  if (!read.ok) {
    problem(field, read.problem);
    return undefined;
  }
  if (read.ms < options.min) {
    problem(field, `must be at least ${formatDuration(options.min)}, got ${formatDuration(read.ms)}`);
    return undefined;
  }
  return read.ms;
}
