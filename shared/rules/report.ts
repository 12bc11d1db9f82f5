import { type Document, isMap, isPair, isScalar, type LineCounter } from 'yaml';
import type { RuleProblem } from './types';

type Path = ReadonlyArray<string | number>;

/**
 * Collects problems while a rules document is checked, and finds the line of each one in the YAML.
 * `rule` names the rule in messages (`rule "error-burst"` or `rule #2`).
 */
export class ProblemReport {
  readonly problems: RuleProblem[] = [];
  readonly #doc: Document;
  readonly #lines: LineCounter;

  constructor(doc: Document, lines: LineCounter) {
    this.#doc = doc;
    this.#lines = lines;
  }

  /** A problem with the value at `path`; `field` is how the message names it. */
  value(path: Path, rule: string | undefined, field: string, message: string): void {
    this.problems.push({ line: this.#lineOf(path, false), rule, field, message });
  }

  /** A problem with the key at `path` itself (an unknown field name). */
  key(path: Path, rule: string | undefined, field: string, message: string): void {
    this.problems.push({ line: this.#lineOf(path, true), rule, field, message });
  }

  /** A problem at a place of the text (`offset`, a character index), unless one is reported on its line already. */
  atOffset(offset: number, message: string): void {
    const line = this.#lines.linePos(offset).line;
    if (this.problems.some((problem) => problem.line === line)) return;
    this.problems.push({ line, rule: undefined, field: undefined, message });
  }

  /** A problem about the whole document or a whole rule, at `path` when given. */
  general(path: Path, rule: string | undefined, message: string): void {
    this.problems.push({ line: this.#lineOf(path, false), rule, field: undefined, message });
  }

  #lineOf(path: Path, keyOf: boolean): number | undefined {
    const parent = path.length > 0 ? this.#doc.getIn(path.slice(0, -1), true) : undefined;
    const last = path[path.length - 1];
    let range: readonly number[] | null | undefined;
    if (keyOf && isMap(parent)) {
      const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === last);
      range = pair && isScalar(pair.key) ? pair.key.range : undefined;
    } else {
      const node = this.#doc.getIn(path, true) as { range?: readonly number[] | null } | undefined;
      range = node?.range ?? (parent as { range?: readonly number[] | null } | undefined)?.range;
    }
    const offset = range?.[0];
    return offset === undefined ? undefined : this.#lines.linePos(offset).line;
  }
}

/**
 * One line for a person: `rules.yml:5: rule "error-burst": window: "10x" is not a duration; ...`.
 *
 * @example
 * problems.map((problem) => describeProblem('rules.yml', problem)).join('\n');
 */
export function describeProblem(source: string, problem: RuleProblem): string {
  const where = problem.line === undefined ? source : `${source}:${problem.line}`;
  const rule = problem.rule === undefined ? '' : `${problem.rule}: `;
  return oneLine(`${where}: ${rule}${problem.message}`);
}

const MAX_LINE = 500;

/** Text from the file (keys, values) may hold line breaks and control characters: show them escaped. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
  const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length <= MAX_LINE ? escaped : `${escaped.slice(0, MAX_LINE - 1)}…`;
}
