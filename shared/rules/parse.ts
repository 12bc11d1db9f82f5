import { LineCounter, parseDocument } from 'yaml';
import { DEFAULT_RULES_SOURCE, DEFAULT_RULES_YAML } from './default-rules';
import { describe } from './durations';
import { refuseWebhookUrls } from './refuse-webhooks';
import { ProblemReport } from './report';
import { nearest } from './suggest';
import type { Rule, RuleProblem, RuleSet, RulesParse } from './types';
import { checkRule, ruleLabel } from './validate-rule';

/**
 * Parses and checks a rules file's text. Every problem is reported, each once, with its line.
 *
 * @example
 * const parsed = parseRules(readFileSync('rules.yml', 'utf8'), 'rules.yml');
 * if (!parsed.ok) for (const p of parsed.problems) console.error(describeProblem('rules.yml', p));
 */
export function parseRules(text: string, source: string): RulesParse {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const report = new ProblemReport(doc, lines);
  if (doc.errors.length > 0) {
    const seen = new Set<string>();
    return {
      ok: false,
      problems: doc.errors
        .map((error) => ({
          line: error.linePos?.[0].line,
          rule: undefined,
          field: undefined,
          message: `not valid YAML: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
        }))
        .filter(
          (problem) =>
            !seen.has(`${problem.line}:${problem.message}`) && seen.add(`${problem.line}:${problem.message}`),
        ),
    };
  }
  let root: unknown;
  try {
    root = doc.toJS();
  } catch (error) {
    // The yaml library refuses alias bombs ("billion laughs") here, and nesting too deep to convert.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      ok: false,
      problems: [
        { line: undefined, rule: undefined, field: undefined, message: `not usable YAML: ${reason}` },
      ],
    };
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    report.general([], undefined, `expected a map with a "rules:" list, got ${describe(root)}`);
    return { ok: false, problems: report.problems };
  }
  for (const key of Object.keys(root)) {
    if (key === 'rules') continue;
    const guess = nearest(key, ['rules']);
    report.key(
      [key],
      undefined,
      key,
      `"${key}" is not known at the top level; ${guess ? 'did you mean "rules"?' : 'only "rules:" is'}`,
    );
  }
  const list = (root as { rules?: unknown }).rules;
  if (!Array.isArray(list)) {
    if (list === undefined)
      report.general([], undefined, 'no "rules:" list; write rules: followed by a list of rules');
    else
      report.value(['rules'], undefined, 'rules', `rules: expected a list of rules, got ${describe(list)}`);
    return { ok: false, problems: report.problems };
  }
  const rules: Rule[] = [];
  const seen = new Map<string, number>();
  list.forEach((raw, index) => {
    const rule = checkRule(raw, index, report);
    const name = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
    if (typeof name === 'string') {
      const first = seen.get(name);
      if (first !== undefined) {
        report.value(
          ['rules', index, 'name'],
          ruleLabel(raw, index),
          'name',
          `name: also used by rule #${first + 1}; names must be unique`,
        );
      } else seen.set(name, index);
    }
    if (rule) rules.push(rule);
  });
  // After the rules' own checks, so a URL already refused where it stands is not reported twice.
  refuseWebhookUrls(doc, report);
  if (report.problems.length > 0) return { ok: false, problems: byLine(report.problems) };
  return { ok: true, ruleSet: { source, rules } };
}

/** Problems in file order (stable: problems of one line keep the order they were found in). */
function byLine(problems: readonly RuleProblem[]): RuleProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** The bundled default rules (docs/rules.md). */
export function defaultRules(): RuleSet {
  const parsed = parseRules(DEFAULT_RULES_YAML, DEFAULT_RULES_SOURCE);
  if (!parsed.ok) throw new Error(`bundled rules are invalid: ${parsed.problems[0]?.message}`);
  return parsed.ruleSet;
}
