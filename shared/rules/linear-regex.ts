import { setFlagsFromString } from 'node:v8';

/**
 * Rule regexes run on V8's usual backtracking engine (fast on ordinary lines), bounded: after 50,000
 * backtracks in one match, V8 runs that match again on its linear-time engine. Without this a plain
 * rule such as `.*error.*timeout.*` costs seconds on one long line without "timeout" (polynomial
 * backtracking, which no static check can rule out), and a batch of such lines stalls its partition.
 * The fallback only exists for patterns the linear-time engine can run, so every rule pattern must be
 * one ({@link linearTimeProblem}); `i` is implemented by spelling out both cases
 * ({@link spellOutCase}), because that engine cannot run the flag itself.
 */

let enabled = false;

/** Turns the fallback on for regexes compiled from now on (idempotent; process-wide, results unchanged). */
export function enableLinearFallback(): void {
  if (enabled) return;
  setFlagsFromString('--enable-experimental-regexp-engine');
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  // V8's default (50,000) still lets one bad line cost about 120 ms; at 1,000 it is about 4 ms, and a
  // match that needs more backtracking than that only moves to the slower but linear engine.
  setFlagsFromString('--regexp-backtracks-before-fallback=1000');
  enabled = true;
}

/** Largest counted repetition the linear-time engine takes (`{16}`, `{1,16}`). */
const MAX_COUNT = 16;

/**
 * Why `pattern` (with `flags`, a subset of `imsu`) cannot run in linear time, as one phrase, or
 * undefined when it can. Call after the pattern compiled.
 *
 * @example
 * linearTimeProblem('(\\w+) \\1', ''); // 'it uses a backreference, ...'
 * linearTimeProblem('error.*timeout', 'i'); // undefined
 */
export function linearTimeProblem(pattern: string, flags: string): string | undefined {
  enableLinearFallback();
  if (flags.includes('u')) {
    return 'the u flag is not supported (rule regexes must be able to run in linear time); drop it';
  }
  try {
    new RegExp(flags.includes('i') ? spellOutCase(pattern) : pattern, `${flags.replace('i', '')}l`);
    return undefined;
  } catch {
    const reason = /\\[1-9]|\\k</.test(pattern)
      ? 'it uses a backreference'
      : /\(\?<?[=!]/.test(pattern)
        ? 'it uses a lookahead or lookbehind'
        : [...pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g)].some(
              ([, min, max]) => Number(min) > MAX_COUNT || max === '' || Number(max) > MAX_COUNT,
            )
          ? `it repeats something more than ${MAX_COUNT} times with {…} (write {16}{16} for 32, or use + or *)`
          : 'it uses a construct the linear-time engine does not have';
    return `${reason}, so a long line could make it run for seconds; rule regexes must be able to run in linear time`;
  }
}

/** What `i` compares without the `u` flag (ECMA-262 Canonicalize): upper case, never non-ASCII to ASCII. */
function canonical(c: string): string {
  const upper = c.toUpperCase();
  if (upper.length !== c.length) return c;
  return c.charCodeAt(0) >= 128 && upper.charCodeAt(0) < 128 ? c : upper;
}

/** The characters `i` takes as equal to `c` (itself included). */
function cases(c: string): string[] {
  const key = canonical(c);
  const candidates = [c, c.toLowerCase(), c.toUpperCase(), c.toUpperCase().toLowerCase()];
  return [...new Set(candidates)].filter((x) => x.length === c.length && canonical(x) === key);
}

/** The other-case counterparts of the letters in a class range `lo-hi` (ASCII letters). */
function rangeCounterparts(lo: number, hi: number): string {
  let extra = '';
  for (const [from, to, shift] of [
    [65, 90, 32],
    [97, 122, -32],
  ] as const) {
    const start = Math.max(lo, from);
    const end = Math.min(hi, to);
    if (start <= end) extra += `${String.fromCharCode(start + shift)}-${String.fromCharCode(end + shift)}`;
  }
  return extra;
}

/** The one character a `\\xHH` or `\\uHHHH` escape at `i` stands for, if it is one. */
function escapedCharacter(pattern: string, i: number): string | undefined {
  const next = pattern[i + 1];
  const hex = next === 'x' ? pattern.slice(i + 2, i + 4) : next === 'u' ? pattern.slice(i + 2, i + 6) : '';
  return /^[0-9a-fA-F]+$/.test(hex) && hex.length >= 2
    ? String.fromCharCode(Number.parseInt(hex, 16))
    : undefined;
}

/** Length of the escape at `i` (`\\x41`, `\\u0041`, `\\cA`, `\\k<name>` or a two-character escape). */
function escapeLength(pattern: string, i: number): number {
  const next = pattern[i + 1];
  if (next === 'x') return 4;
  if (next === 'u') return 6;
  if (next === 'c') return 3;
  if (next === 'k' && pattern[i + 2] === '<') return pattern.indexOf('>', i) + 1 - i;
  return 2;
}

/** Rewrites a character class `[...]` starting at `i` so it also holds the other case of its letters. */
function classWithCases(pattern: string, i: number): { text: string; end: number } {
  let j = i + 1;
  if (pattern[j] === '^') j += 1;
  let extra = '';
  while (j < pattern.length && pattern[j] !== ']') {
    if (pattern[j] === '\\') {
      const escaped = escapedCharacter(pattern, j);
      if (escaped !== undefined)
        extra += cases(escaped)
          .filter((x) => x !== escaped)
          .join('');
      j += escapeLength(pattern, j);
      continue;
    }
    const c = pattern[j] as string;
    if (
      pattern[j + 1] === '-' &&
      pattern[j + 2] !== undefined &&
      pattern[j + 2] !== ']' &&
      pattern[j + 2] !== '\\'
    ) {
      extra += rangeCounterparts(c.charCodeAt(0), (pattern[j + 2] as string).charCodeAt(0));
      j += 3;
      continue;
    }
    extra += cases(c)
      .filter((x) => x !== c)
      .join('');
    j += 1;
  }
  return { text: `${pattern.slice(i, j)}${extra}]`, end: j + 1 };
}

/**
 * `pattern` rewritten to ignore case without the `i` flag: every letter outside a class becomes a class
 * of its cases (`a` → `[aA]`), and every class also holds the other case of its letters and letter
 * ranges. Exact for ASCII and for letters with one single-character other case (é/É).
 *
 * @example
 * spellOutCase('time(out|d out)'); // '[tT][iI][mM][eE]([oO][uU][tT]|[dD] [oO][uU][tT])'
 */
export function spellOutCase(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const length = escapeLength(pattern, i);
      const escaped = escapedCharacter(pattern, i);
      const variants = escaped === undefined ? [] : cases(escaped).filter((x) => x !== escaped);
      out +=
        variants.length > 0
          ? `[${pattern.slice(i, i + length)}${variants.join('')}]`
          : pattern.slice(i, i + length);
      i += length;
    } else if (c === '[') {
      const { text, end } = classWithCases(pattern, i);
      out += text;
      i = end;
    } else if (c === '(' && pattern[i + 1] === '?') {
      const prefix = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(pattern.slice(i))?.[0] ?? '(?';
      out += prefix;
      i += prefix.length;
    } else {
      const variants = cases(c);
      out += variants.length > 1 ? `[${variants.join('')}]` : c;
      i += 1;
    }
  }
  return out;
}

/**
 * The regex a rule runs: the pattern as written, with `i` spelled out, compiled with the fallback on.
 *
 * @example
 * compileRuleRegex('timeout', 'i').test('TIMEOUT'); // true
 */
export function compileRuleRegex(pattern: string, flags: string): RegExp {
  enableLinearFallback();
  return flags.includes('i')
    ? new RegExp(spellOutCase(pattern), flags.replace('i', ''))
    : new RegExp(pattern, flags);
}
