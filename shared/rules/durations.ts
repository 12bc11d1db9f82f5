import { DURATION_HINT as HINT, parseDuration } from '../durations';

/** Outcome of reading a duration field of a rule. */
export type DurationRead = { ok: true; ms: number } | { ok: false; problem: string };

/**
 * Reads a rule duration such as `10s` or `5m`. A unit is required (a bare `10` is ambiguous).
 *
 * @example
 * readDuration('10s'); // { ok: true, ms: 10000 }
 * readDuration('10');  // { ok: false, problem: '10 has no unit; use a number and a unit: ...' }
 */
export function readDuration(value: unknown): DurationRead {
  if (typeof value === 'number') return { ok: false, problem: `${value} has no unit; ${HINT}` };
  if (typeof value !== 'string')
    return { ok: false, problem: `expected a duration, got ${describe(value)}; ${HINT}` };
  const text = value.trim();
  const ms = /[a-z]$/.test(text) ? parseDuration(text) : undefined;
  if (ms === undefined) return { ok: false, problem: `"${value}" is not a duration; ${HINT}` };
  return { ok: true, ms };
}

/** `a list`, `a map`, `true`, `"text"`: how a YAML value is named in problems. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}

/** `1m`, `10s`, `1500ms`: the shortest exact way to write a duration. */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [unit, size] of units) if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  return ms === 0 ? '0s' : `${ms}ms`;
}
