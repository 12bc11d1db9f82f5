/**
 * Static checks that refuse the regex shapes known to backtrack catastrophically in a backtracking
 * engine such as V8's. Together with {@link MATCH_INPUT_LIMIT} (regexes only ever see the first
 * characters of a field) this keeps one log line from stalling a batch.
 *
 * Refused: a repeated group that itself contains a repetition (`(a+)+`, `(\w*\s?)*`, `(x{2,})+`), and a
 * repeated group of alternatives unless every alternative is plain text and none is a prefix of
 * another (`(.|\s)*` and `(a|ab)+` are refused, `(GET|POST)+` is allowed).
 */

/** Regexes are run on at most this many characters of a field (the start of the field). */
export const MATCH_INPUT_LIMIT = 4096;

interface Frame {
  repeats: boolean;
  alternation: boolean;
  alternatives: Array<string | undefined>;
}

const quantifierAt = (source: string, i: number): { length: number; multi: boolean } | undefined => {
  const char = source[i];
  if (char === '*' || char === '+') return { length: 1, multi: true };
  if (char === '?') return { length: 1, multi: false };
  if (char !== '{') return undefined;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
  if (!match) return undefined;
  const max =
    match[2] === undefined ? Number(match[1]) : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
  return { length: match[0].length, multi: max > 1 };
};

const literalEscape = (char: string | undefined): boolean => char !== undefined && /[^\w\s]/.test(char);

/** Length of a `[...]` class starting at `i` (with escapes), or of the rest when unclosed. */
function classLength(source: string, i: number): number {
  let j = i + 1;
  if (source[j] === '^') j += 1;
  if (source[j] === ']') j += 1;
  while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
  return j + 1 - i;
}

function groupPrefixLength(source: string, i: number): number {
  const match = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i));
  return match ? match[0].length : 1;
}

function prefixFree(alternatives: Array<string | undefined>): boolean {
  const texts = alternatives.filter((text): text is string => text !== undefined);
  if (texts.length !== alternatives.length) return false;
  return texts.every((a, i) => texts.every((b, j) => i === j || !b.startsWith(a)));
}

/**
 * Why `source` is refused, as one phrase, or undefined when it passes. Call after the regex compiled.
 *
 * @example
 * backtrackingProblem('(a+)+$'); // 'the repeated group "(a+)" repeats inside ...'
 * backtrackingProblem('timeout after \\d+ ms'); // undefined
 */
export function backtrackingProblem(source: string): string | undefined {
  const stack: Frame[] = [{ repeats: false, alternation: false, alternatives: [''] }];
  const starts: number[] = [];
  let last: { group?: Frame; from: number } | undefined;
  let i = 0;
  const top = (): Frame => stack[stack.length - 1] as Frame;
  const literal = (text: string | undefined): void => {
    const frame = top();
    const index = frame.alternatives.length - 1;
    const current = frame.alternatives[index];
    frame.alternatives[index] = current === undefined || text === undefined ? undefined : current + text;
  };
  while (i < source.length) {
    const char = source[i] as string;
    const quantifier = quantifierAt(source, i);
    if (quantifier && last) {
      let end = i + quantifier.length;
      if (source[end] === '?') end += 1;
      if (quantifier.multi && last.group) {
        const text = source.slice(last.from, i);
        if (last.group.repeats) {
          return `the repeated group "${text}" contains a repetition itself, which can take exponential time on some lines; repeat only the inner part`;
        }
        if (last.group.alternation && !prefixFree(last.group.alternatives)) {
          return `the repeated group of alternatives "${text}" can match the same text in several ways, which can take exponential time; use a character class or plain-text alternatives`;
        }
      }
      if (quantifier.multi) top().repeats = true;
      literal(undefined);
      last = undefined;
      i = end;
      continue;
    }
    if (char === '\\') {
      const next = source[i + 1];
      literal(literalEscape(next) ? next : undefined);
      last = { from: i };
      i += 2;
    } else if (char === '[') {
      const length = classLength(source, i);
      literal(undefined);
      last = { from: i };
      i += length;
    } else if (char === '(') {
      starts.push(i);
      stack.push({ repeats: false, alternation: false, alternatives: [''] });
      last = undefined;
      i += groupPrefixLength(source, i);
    } else if (char === ')' && stack.length > 1) {
      const group = stack.pop() as Frame;
      const from = starts.pop() ?? i;
      if (group.repeats) top().repeats = true;
      literal(group.alternation ? undefined : group.alternatives[0]);
      last = { group, from };
      i += 1;
    } else if (char === '|') {
      top().alternation = true;
      top().alternatives.push('');
      last = undefined;
      i += 1;
    } else {
      literal(char === '.' || char === '^' || char === '$' ? undefined : char);
      last = { from: i };
      i += 1;
    }
  }
  return undefined;
}
