import { createHash } from 'node:crypto';
import { indexPrefixProblem } from '../../shared/adapters/opensearch/naming';
import { InvalidInputError } from '../../shared/errors';
import { parseLevels } from '../../shared/logs/event-filter';
import type { RehydrateArgs } from '../../shared/rehydrate/checkpoint';
import { parseInstant } from '../../shared/time';

/** What one invocation is asked to do: the run's arguments, and whether it starts or continues it. */
export interface RehydrateRequest {
  readonly args: RehydrateArgs;
  /** Run a finished run again from the start (a new attempt; documents already there stay one each). */
  readonly restart: boolean;
  /**
   * Set on the event a run sends itself: the checkpoint version it was sent after (for the logs; the
   * invocation goes on from the checkpoint as stored).
   */
  readonly continuation?: number;
}

/** The event fields the function reads (`serverless invoke -f rehydrate --data '{...}'`). */
const fields = [
  'since',
  'until',
  'level',
  'service',
  'pathname',
  'index',
  'dryRun',
  'restart',
  'continuation',
] as const;

const fail = (what: string): never => {
  throw new InvalidInputError(
    `rehydrate event: ${what}; expected {"since": "2026-11-22T10:00Z", "until": "2026-11-22T12:00Z"} and optionally level, service, pathname, index, dryRun, restart`,
  );
};

function instant(name: string, value: unknown): string {
  const ms = typeof value === 'string' ? parseInstant(value) : undefined;
  if (ms === undefined)
    return fail(
      `${name} must be an ISO 8601 date or time such as 2026-11-22T10:00Z, got ${JSON.stringify(value)}`,
    );
  return new Date(ms).toISOString();
}

function text(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') return fail(`${name} must be a non-empty string`);
  return value;
}

function flag(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') return fail(`${name} must be true or false`);
  return value;
}

/**
 * Reads and checks a rehydrate event. Times are absolute (a duration such as `24h` would move with
 * every invocation of a run); a date, or a time without an offset, is UTC. `level` takes what
 * `sluice search --level` takes (`error`, `warn+`, `error,fatal`). Unknown fields are refused, so a
 * typo cannot widen a run.
 *
 * @example
 * parseRehydrateEvent({ since: '2026-11-22T10:00Z', until: '2026-11-22T12:00Z', level: 'error' }, 'logs-');
 * // { args: { since: '2026-11-22T10:00:00.000Z', until: ..., levels: ['error'], indexPrefix: 'logs-', dryRun: false }, restart: false }
 */
export function parseRehydrateEvent(event: unknown, indexPrefix: string): RehydrateRequest {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) fail('not a JSON object');
  const given = event as Record<string, unknown>;
  const unknown = Object.keys(given).filter((key) => !(fields as readonly string[]).includes(key));
  if (unknown.length > 0) fail(`unknown field ${unknown.map((key) => JSON.stringify(key)).join(', ')}`);
  const since = instant('since', given.since);
  const until = instant('until', given.until);
  if (since >= until) fail(`since (${since}) must be before until (${until})`);
  const level = text('level', given.level);
  const levels = level === undefined ? undefined : parseLevels(level);
  if (level !== undefined && levels === undefined)
    fail(
      `level takes trace, debug, info, warn, error, fatal or unknown (a comma list; "warn+" for warn and above), got "${level}"`,
    );
  const index = text('index', given.index);
  const problem = index === undefined ? undefined : indexPrefixProblem(index);
  if (problem !== undefined) fail(`index ${problem}, got "${index}"`);
  const service = text('service', given.service);
  const pathname = text('pathname', given.pathname);
  const continuation = given.continuation;
  if (continuation !== undefined && !(Number.isInteger(continuation) && (continuation as number) > 0))
    fail('continuation must be a positive whole number (the checkpoint version a run continues from)');
  // Fields in a fixed order, absent ones left out: the run id is a hash of this object's JSON.
  const args: RehydrateArgs = {
    since,
    until,
    ...(levels === undefined ? {} : { levels: [...levels].sort() }),
    ...(service === undefined ? {} : { service }),
    ...(pathname === undefined ? {} : { pathname }),
    ...(index === undefined ? {} : { index }),
    indexPrefix,
    dryRun: flag('dryRun', given.dryRun),
  };
  return {
    args,
    restart: flag('restart', given.restart),
    ...(continuation === undefined ? {} : { continuation: continuation as number }),
  };
}

/**
 * The id of a run: a hash of its arguments, so running the same arguments again finds the same
 * checkpoint and other arguments start their own.
 *
 * @example
 * runIdOf(request.args); // '3f9a1c2b7d0e4a61'
 */
export function runIdOf(args: RehydrateArgs): string {
  return createHash('sha256').update(JSON.stringify(args)).digest('hex').slice(0, 16);
}

/**
 * The event a run sends itself to go on: its arguments as given, and the version of the checkpoint it
 * was sent after. A continuation never starts or resumes a run that is not running.
 *
 * @example
 * continuationEvent(checkpoint.args, checkpoint.version); // { since, until, ..., continuation: 7 }
 */
export function continuationEvent(args: RehydrateArgs, version: number): Record<string, unknown> {
  return {
    since: args.since,
    until: args.until,
    ...(args.levels === undefined ? {} : { level: args.levels.join(',') }),
    ...(args.service === undefined ? {} : { service: args.service }),
    ...(args.pathname === undefined ? {} : { pathname: args.pathname }),
    ...(args.index === undefined ? {} : { index: args.index }),
    ...(args.dryRun ? { dryRun: true } : {}),
    continuation: version,
  };
}
