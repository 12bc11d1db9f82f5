import { eventTimeMs } from '../rules/windows';
import { Level, type LogEvent } from './types';

/** What a log event must match (every field given, AND): the filters of `search` and `rehydrate`. */
export interface EventFilter {
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
 * Reads a level list: a comma list of levels, each optionally with `+` for "and above"; undefined
 * when a name is not a level.
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

/** Whether a pathname or service pattern is a glob (has a `*`). */
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
 * Compiles a filter into a predicate over log events (as archived or indexed).
 *
 * @example
 * const matches = compileEventFilter({ levels: ['error'], pathname: '*checkout.py' });
 * matches(event); // true for an error logged from /app/orders/checkout.py
 */
export function compileEventFilter(filter: EventFilter): (event: LogEvent) => boolean {
  const levelSet = filter.levels === undefined ? undefined : new Set<string>(filter.levels);
  const pathname = valueMatcher(filter.pathname);
  const service = valueMatcher(filter.service);
  const { sinceMs, untilMs } = filter;
  const timed = sinceMs !== undefined || untilMs !== undefined;
  return (event) => {
    if (levelSet && !levelSet.has(event.level)) return false;
    if (!pathname(event.pathname)) return false;
    if (!service(event.service)) return false;
    if (timed) {
      const time = eventTimeMs(event);
      if (sinceMs !== undefined && time < sinceMs) return false;
      if (untilMs !== undefined && time >= untilMs) return false;
    }
    return true;
  };
}
