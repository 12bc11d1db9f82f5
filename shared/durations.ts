/** What every duration problem ends with, in rules files, variables and flags alike. */
export const DURATION_HINT = 'use a number and a unit: 500ms, 10s, 5m, 1h or 1d';

/** Parses `90s`, `15m`, `2h`, `1d`, `500ms` or a bare number of milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 'ms') as 'ms'];
  return Math.round(Number(match[1]) * unit);
}

/** A duration read from text, or the problem with it. */
export type DurationText = { ok: true; ms: number } | { ok: false; problem: string };

/**
 * Reads a duration that must carry its unit: a bare `15` could be 15 ms or 15 minutes, so it is
 * refused, in the words a rules file uses for the same mistake.
 *
 * @example
 * readDurationText('15m'); // { ok: true, ms: 900000 }
 * readDurationText('15');  // { ok: false, problem: '15 has no unit; use a number and a unit: 500ms, 10s, 5m, 1h or 1d' }
 */
export function readDurationText(text: string): DurationText {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed))
    return { ok: false, problem: `${trimmed} has no unit; ${DURATION_HINT}` };
  const ms = parseDuration(trimmed);
  return ms === undefined
    ? { ok: false, problem: `"${text}" is not a duration; ${DURATION_HINT}` }
    : { ok: true, ms };
}
