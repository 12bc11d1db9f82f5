import { parseDuration } from './config';

/**
 * Reads an absolute time: an ISO date or date-time (`2026-11-22`, `2026-11-22T10:00Z`,
 * `2026-11-22 10:00:30.250+02:00`); a date, or a time without an offset, is UTC. Undefined when the
 * text is not one.
 *
 * @example
 * parseInstant('2026-11-22T10:00'); // Date.parse('2026-11-22T10:00Z')
 */
export function parseInstant(text: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    text.trim(),
  );
  if (!match) return undefined;
  const [, date, time, zone] = match;
  const iso = time === undefined ? `${date}T00:00:00Z` : `${date}T${time}${zone ?? 'Z'}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Reads a `--since` value: an absolute time (see `parseInstant`) or a duration back from `now`
 * (`90m`, `24h`, `7d`). Undefined when the text is neither.
 *
 * @example
 * parseSince('24h', Date.parse('2026-11-22T12:00Z')); // Date.parse('2026-11-21T12:00Z')
 */
export function parseSince(text: string, now: number): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?(ms|s|m|h|d)$/.test(trimmed)) {
    const back = parseDuration(trimmed);
    return back === undefined ? undefined : now - back;
  }
  return parseInstant(trimmed);
}
