import { parseSince } from '../../functions/archive/since';
import { UsageError } from '../command';
import { parseLevels, type SearchQuery } from './query';
import { SearchSource } from './types';

/** The flags of `sluice search`, as `parseArgs` gives them. */
export interface SearchFlags {
  readonly level?: string | undefined;
  readonly pathname?: string | undefined;
  readonly service?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly text?: string | undefined;
  readonly limit?: string | undefined;
  readonly source?: string | undefined;
}

/** Results when `--limit` is not given; the most OpenSearch returns in one page by default is 10,000. */
export const defaultLimit = 100;
export const maxLimit = 10_000;

const fail = (message: string): never => {
  throw new UsageError(`sluice search: ${message} (see sluice search --help)`);
};

function time(flag: string, text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined;
  return (
    parseSince(text, now) ??
    fail(
      `${flag} must be a date, a time or a duration back from now (2026-11-22, 2026-11-22T10:00Z, 90m, 24h), got "${text}"`,
    )
  );
}

/**
 * Turns the flags into a query and a source, or throws a `UsageError` that names the flag.
 *
 * @example
 * parseSearchFlags({ level: 'error', since: '1h' }, Date.now()); // { query: { levels: ['error'], sinceMs: …, limit: 100 }, source: 'auto' }
 */
export function parseSearchFlags(
  flags: SearchFlags,
  now: number,
): { query: SearchQuery; source: SearchSource } {
  const levels = flags.level === undefined ? undefined : parseLevels(flags.level);
  if (flags.level !== undefined && levels === undefined)
    fail(
      `--level takes trace, debug, info, warn, error, fatal or unknown (a comma list; "warn+" for warn and above), got "${flags.level}"`,
    );
  const sinceMs = time('--since', flags.since, now);
  const untilMs = time('--until', flags.until, now);
  if (sinceMs !== undefined && untilMs !== undefined && sinceMs >= untilMs)
    fail(
      `--since (${new Date(sinceMs).toISOString()}) must be before --until (${new Date(untilMs).toISOString()})`,
    );
  const limit = flags.limit === undefined ? defaultLimit : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
    fail(`--limit must be a whole number from 1 to ${maxLimit}, got "${flags.limit}"`);
  for (const [flag, value] of [
    ['--pathname', flags.pathname],
    ['--service', flags.service],
    ['--text', flags.text],
  ] as const) {
    if (value === '') fail(`${flag} must not be empty`);
  }
  const source = flags.source ?? SearchSource.auto;
  if (!Object.values(SearchSource).includes(source as SearchSource))
    fail(`--source must be auto, opensearch or archive, got "${source}"`);
  return {
    query: {
      ...(levels !== undefined ? { levels } : {}),
      ...(flags.pathname !== undefined ? { pathname: flags.pathname } : {}),
      ...(flags.service !== undefined ? { service: flags.service } : {}),
      ...(sinceMs !== undefined ? { sinceMs } : {}),
      ...(untilMs !== undefined ? { untilMs } : {}),
      ...(flags.text !== undefined ? { text: flags.text } : {}),
      limit,
    },
    source: source as SearchSource,
  };
}
