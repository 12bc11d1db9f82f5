import { Level } from '../../shared/logs/types';
import { eventTimeMs } from '../../shared/rules/windows';
import type { SearchEvent } from './types';

/** What `sluice search` looks for. Every field given must match (AND). */
export interface SearchQuery {
  /** Any of these levels. */
  readonly levels?: readonly Level[];
  /** Exact pathname, or a glob with `*` (e.g. `*checkout.py`). */
  readonly pathname?: string;
  /** Exact service, or a glob with `*`. */
  readonly service?: string;
  /** Event time (`@timestamp`) from, inclusive, epoch ms. */
  readonly sinceMs?: number;
  /** Event time up to, exclusive, epoch ms. */
  readonly untilMs?: number;
  /** Case-insensitive substring of the message. */
  readonly text?: string;
  /** The newest this many matches are returned. */
  readonly limit: number;
}

/** Levels in order of severity (`unknown` stands apart). */
const severity: readonly Level[] = [
  Level.trace,
  Level.debug,
  Level.info,
  Level.warn,
  Level.error,
  Level.fatal,
];
const levels = new Set<string>(Object.values(Level));

/**
 * Reads `--level`: a comma list of levels, each optionally with `+` for "and above"; undefined when a
 * name is not a level.
 *
 * @example
 * parseLevels('warn+'); // ['warn', 'error', 'fatal']
 * parseLevels('error,unknown'); // ['error', 'unknown']
 */
export function parseLevels(text: string): Level[] | undefined {
  const found = new Set<Level>();
  for (const part of text.split(',').map((p) => p.trim().toLowerCase())) {
    const andAbove = part.endsWith('+');
    const name = andAbove ? part.slice(0, -1) : part;
    if (!levels.has(name)) return undefined;
    const level = name as Level;
    const from = severity.indexOf(level);
    for (const each of andAbove && from >= 0 ? severity.slice(from) : [level]) found.add(each);
  }
  return found.size === 0 ? undefined : [...found];
}

/** Whether a `--pathname`/`--service` value is a glob (has a `*`). */
export const isGlob = (pattern: string): boolean => pattern.includes('*');

/**
 * The regular expression of a glob where `*` is any run of characters (and nothing else is special).
 *
 * @example
 * globRegex('*checkout.py').test('/app/orders/checkout.py'); // true
 */
export function globRegex(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's');
}

function valueMatcher(pattern: string | undefined): (value: string | undefined) => boolean {
  if (pattern === undefined) return () => true;
  if (!isGlob(pattern)) return (value) => value === pattern;
  const regex = globRegex(pattern);
  return (value) => value !== undefined && regex.test(value);
}

/**
 * Compiles a query into a predicate over archived events (the archive search applies it to every
 * line; OpenSearch is asked the same question in its own terms, see `searchBody`).
 *
 * @example
 * const matches = compileQuery({ levels: ['error'], text: 'timed out', limit: 10 });
 * matches(event); // true for an error whose message contains "Timed Out"
 */
export function compileQuery(query: SearchQuery): (event: SearchEvent) => boolean {
  const levelSet = query.levels === undefined ? undefined : new Set<string>(query.levels);
  const pathname = valueMatcher(query.pathname);
  const service = valueMatcher(query.service);
  const text = query.text?.toLowerCase();
  return (event) => {
    if (levelSet && !levelSet.has(event.level)) return false;
    if (!pathname(event.pathname)) return false;
    if (!service(event.service)) return false;
    if (query.sinceMs !== undefined || query.untilMs !== undefined) {
      const time = eventTimeMs(event);
      if (query.sinceMs !== undefined && time < query.sinceMs) return false;
      if (query.untilMs !== undefined && time >= query.untilMs) return false;
    }
    if (
      text !== undefined &&
      !String(event.message ?? '')
        .toLowerCase()
        .includes(text)
    )
      return false;
    return true;
  };
}

/** Chronological order: event time, then Kafka topic, partition and offset (a total, stable order). */
export function compareEvents(a: SearchEvent, b: SearchEvent): number {
  return (
    eventTimeMs(a) - eventTimeMs(b) ||
    (a.kafka.topic < b.kafka.topic ? -1 : a.kafka.topic > b.kafka.topic ? 1 : 0) ||
    a.kafka.partition - b.kafka.partition ||
    a.kafka.offset - b.kafka.offset
  );
}

/** The identity of a Kafka record: a record archived twice (a retried batch) is one result. */
export const recordId = (event: SearchEvent): string =>
  `${event.kafka.topic}\u0000${event.kafka.partition}\u0000${event.kafka.offset}`;
