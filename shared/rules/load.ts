import { readFileSync } from 'node:fs';
import { InvalidInputError } from '../errors';
import { defaultRules, parseRules } from './parse';
import { describeProblem } from './report';
import type { RuleSet } from './types';

/**
 * A rules file that failed its checks. `lines` holds one line per problem (file:line: rule: field:
 * what is wrong); `message` is all of them, one per line.
 */
export class RulesFileError extends InvalidInputError {
  readonly lines: readonly string[];

  constructor(lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'RulesFileError';
    this.lines = lines;
  }
}

/**
 * The rules in effect: the file named (`SLUICE_RULES`, `--rules`), else the bundled defaults. Throws
 * a {@link RulesFileError} listing every problem, or an `InvalidInputError` when the file is unreadable.
 *
 * @example
 * const ruleSet = loadRules(config.rulesFile);
 */
export function loadRules(file: string | undefined): RuleSet {
  if (file === undefined) return defaultRules();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (code ?? 'cannot read');
    throw new InvalidInputError(`rules file ${file}: ${reason}`, { cause: error });
  }
  const parsed = parseRules(text, file);
  if (!parsed.ok) throw new RulesFileError(parsed.problems.map((problem) => describeProblem(file, problem)));
  return parsed.ruleSet;
}
