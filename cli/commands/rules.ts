import { readFileSync } from 'node:fs';
import { loadConfig } from '../../shared/config';
import { InvalidInputError } from '../../shared/errors';
import { DEFAULT_RULES_SOURCE, DEFAULT_RULES_YAML } from '../../shared/rules/default-rules';
import { formatDuration } from '../../shared/rules/durations';
import { parseRules } from '../../shared/rules/parse';
import { describeProblem } from '../../shared/rules/report';
import { type Rule, RuleType, type WindowedRule } from '../../shared/rules/types';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';

const help = `
Usage: sluice rules check [FILE]
       sluice rules defaults

  check      Checks a rules file (default: SLUICE_RULES, else the bundled rules) and prints one line
             per problem, naming the line, the rule and the field. Exit 0 when valid, 1 otherwise.
  defaults   Prints the bundled rules file, a starting point for your own.

See docs/rules.md for the rule language.
`;

/** One line describing a valid rule, e.g. `error-burst: per pathname, alerts when more than 25 in 10s, ...`. */
export function describeRule(rule: Rule): string {
  const route = rule.destination === undefined ? '' : `; to Slack destination ${rule.destination}`;
  if (rule.type === 'new') {
    return `${rule.name}: alerts on new errors (fingerprint ${rule.fingerprint.join(', ')}), again after ${formatDuration(rule.lookbackMs)} unseen${route}`;
  }
  return describeWindowedRule(rule) + route;
}

function describeWindowedRule(rule: WindowedRule): string {
  const slide = rule.slideMs === rule.windowMs ? '' : ` sliding every ${formatDuration(rule.slideMs)}`;
  const resolved = rule.notifyResolved ? ', notifies when resolved' : '';
  const window = formatDuration(rule.windowMs);
  const closed =
    rule.type === RuleType.count
      ? ''
      : ` (lateness ${formatDuration(rule.allowedLatenessMs)}, idle after ${formatDuration(rule.idleTimeoutMs)})`;
  const when =
    rule.type === RuleType.flatline
      ? `a group seen within ${formatDuration(rule.lookbackMs)} has at most ${rule.threshold} in a closed ${window} window${closed}`
      : rule.type === RuleType.ratio
        ? `more than ${rule.threshold}% of at least ${rule.minCount} events match in a closed ${window} window${closed}`
        : `more than ${rule.threshold} in ${window}${slide}`;
  return `${rule.name}: per ${rule.groupBy}, alerts when ${when}, realert ${formatDuration(rule.realertMs)}${resolved}`;
}

function check(file: string | undefined): number {
  const source = file ?? DEFAULT_RULES_SOURCE;
  let text = DEFAULT_RULES_YAML;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InvalidInputError(`${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'cannot read')}`);
    }
  }
  const parsed = parseRules(text, source);
  if (!parsed.ok) {
    const lines = parsed.problems.map((problem) => describeProblem(source, problem));
    const count = lines.length === 1 ? '1 problem' : `${lines.length} problems`;
    process.stderr.write(`${lines.join('\n')}\n${source}: ${count}\n`);
    return 1;
  }
  const { rules } = parsed.ruleSet;
  const lines = [
    `${source}: ${rules.length} rule${rules.length === 1 ? '' : 's'}, valid`,
    ...rules.map((r) => `  ${describeRule(r)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `sluice rules check [FILE]` and `sluice rules defaults`. */
export const rulesCommand: Command = {
  name: 'rules',
  summary: 'check a rules file, or print the bundled rules',
  help,
  async run(argv) {
    const { positionals } = parseCommandArgs(argv, {}, 'rules');
    const [action, file, ...extra] = positionals;
    if (extra.length > 0)
      throw new UsageError(`sluice rules: unexpected argument "${extra[0]}" (see sluice rules --help)`);
    if (action === 'check') return check(file ?? loadConfig().rulesFile);
    if (action === 'defaults' && file === undefined) {
      process.stdout.write(DEFAULT_RULES_YAML);
      return 0;
    }
    throw new UsageError('sluice rules: use "sluice rules check [FILE]" or "sluice rules defaults"');
  },
};
