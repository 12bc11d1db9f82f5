import { COUNT_RULE_FIELDS, checkCountRule } from './count-rule';
import { describe } from './durations';
import { checkNewRule, NEW_RULE_FIELDS } from './new-errors/rule';
import type { ProblemReport } from './report';
import type { RuleCheck } from './rule-check';
import { nearest } from './suggest';
import { type Rule, type RuleBase, RuleType } from './types';
import { checkFlatlineRule, FLATLINE_RULE_FIELDS } from './validate-flatline';
import { checkNotify } from './validate-notify';
import { checkRatioRule, RATIO_RULE_FIELDS } from './validate-ratio';
import { checkWhere } from './validate-where';
import { compileWhere } from './where';

/** The fields every rule may have, whatever its type. */
export const COMMON_RULE_FIELDS = ['name', 'type', 'where', 'notify'] as const;

/** Each rule type: its own fields and the check that builds it (one entry per type, each in its own file). */
const ruleTypes: Readonly<
  Record<
    RuleType,
    { fields: readonly string[]; check: (check: RuleCheck, base: RuleBase) => Rule | undefined }
  >
> = {
  count: { fields: COUNT_RULE_FIELDS, check: checkCountRule },
  flatline: { fields: FLATLINE_RULE_FIELDS, check: checkFlatlineRule },
  ratio: { fields: RATIO_RULE_FIELDS, check: checkRatioRule },
  new: { fields: NEW_RULE_FIELDS, check: checkNewRule },
};
const typeNames = Object.keys(ruleTypes) as RuleType[];

/** Every field a rule may have, of any type. */
export const RULE_FIELDS: readonly string[] = [
  ...COMMON_RULE_FIELDS,
  ...new Set(typeNames.flatMap((type) => ruleTypes[type].fields)),
];

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** How messages name the rule at `index`: by its name when it has a usable one. */
export function ruleLabel(raw: unknown, index: number): string {
  const name = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? `rule "${name}"` : `rule #${index + 1}`;
}

/**
 * Checks one entry of `rules:` and builds the rule; undefined when it has any problem (all reported).
 * The common fields (name, type, where, notify) are checked here, the others by the rule's type.
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
  const type = ruleType(fields.type);
  if (type === undefined) {
    report.value(
      [...path, 'type'],
      label,
      'type',
      `type: ${describe(fields.type)} is not a rule type; use ${listOf(typeNames, 'or')} (default count)`,
    );
  }
  // A misspelt field is one problem: its "missing" twin is not reported again.
  const misspelt = new Set<string>();
  const own: readonly string[] = [...COMMON_RULE_FIELDS, ...(type ? ruleTypes[type].fields : RULE_FIELDS)];
  for (const key of Object.keys(fields)) {
    if (own.includes(key)) continue;
    const owners = typeNames.filter((name) => (ruleTypes[name].fields as readonly string[]).includes(key));
    if (type !== undefined && owners.length > 0) {
      report.key(
        [...path, key],
        label,
        key,
        `field "${key}" is for ${listOf(owners, 'and')} rules, not type: ${type} (its fields: ${ruleTypes[type].fields.join(', ')})`,
      );
      continue;
    }
    const guess = nearest(key, own);
    if (guess) misspelt.add(guess);
    const hint = guess ? `did you mean "${guess}"?` : `known fields: ${own.join(', ')}`;
    report.key([...path, key], label, key, `field "${key}" is not known; ${hint}`);
  }
  const check: RuleCheck = {
    fields,
    path,
    label,
    report,
    missing: (field, message) => {
      if (!misspelt.has(field)) report.general(path, label, `${field}: missing; ${message}`);
    },
    problem: (field, message) => report.value([...path, field], label, field, `${field}: ${message}`),
    misspelt: (field) => misspelt.has(field),
  };

  const name = fields.name;
  if (name === undefined) check.missing('name', 'every rule needs a name');
  else if (typeof name !== 'string' || !NAME.test(name)) {
    check.problem('name', `${describe(name)} is not a usable name; use letters, digits, - _ . (up to 64)`);
  }
  const conditions = checkWhere(fields.where, [...path, 'where'], label, report);
  const destination = checkNotify(check);
  if (type === undefined) return undefined;
  const base: RuleBase = {
    name: name as string,
    where: (fields.where ?? {}) as Record<string, unknown>,
    matches: compileWhere(conditions),
    destination,
  };
  const rule = ruleTypes[type].check(check, base);
  return report.problems.length > before ? undefined : rule;
}

/** `a`, `a and b`, `a, b or c`. */
const listOf = (names: readonly string[], conjunction: 'and' | 'or'): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} ${conjunction} ${names.at(-1)}`;

/** The rule's `type`: `count` when absent; undefined when it names no type. */
function ruleType(raw: unknown): RuleType | undefined {
  if (raw === undefined) return RuleType.count;
  return typeof raw === 'string' && (typeNames as string[]).includes(raw) ? (raw as RuleType) : undefined;
}
