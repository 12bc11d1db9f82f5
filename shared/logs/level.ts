import { Level } from './types';

/** Level names, lower case, with the aliases of design.md §2 and a few of other common loggers. */
const names: Readonly<Record<string, Level>> = {
  trace: Level.trace,
  finest: Level.trace, // java.util.logging
  finer: Level.trace,
  silly: Level.trace, // winston, npm levels
  debug: Level.debug,
  fine: Level.debug,
  verbose: Level.debug,
  info: Level.info,
  information: Level.info,
  informational: Level.info, // syslog keyword
  notice: Level.info,
  warn: Level.warn,
  warning: Level.warn,
  error: Level.error,
  err: Level.error,
  severe: Level.error, // java.util.logging
  dpanic: Level.error, // zap: panics only in development
  fatal: Level.fatal,
  critical: Level.fatal,
  crit: Level.fatal,
  alert: Level.fatal,
  emerg: Level.fatal,
  emergency: Level.fatal,
  panic: Level.fatal,
};

/** Exact-case lookups first (lower, UPPER, Capitalized), so the common spellings need no allocation. */
const spellings = new Map<string, Level>();
for (const [name, level] of Object.entries(names)) {
  spellings.set(name, level);
  spellings.set(name.toUpperCase(), level);
  spellings.set(name.charAt(0).toUpperCase() + name.slice(1), level);
}

const longestName = 13;

/**
 * A level name in any case (`WARNING`, `err`, `Critical`...), or `undefined` when it is not one.
 * A trailing number is ignored (`DEBUG5`).
 *
 * @example
 * levelFromName('warning'); // 'warn'
 */
export function levelFromName(name: string): Level | undefined {
  const exact = spellings.get(name);
  if (exact !== undefined || name.length > longestName + 2 || name.length === 0) return exact;
  const lower = name.toLowerCase();
  const level = spellings.get(lower);
  if (level !== undefined) return level;
  let end = lower.length;
  while (end > 0 && lower.charCodeAt(end - 1) >= 48 && lower.charCodeAt(end - 1) <= 57) end -= 1;
  return end < lower.length && end > 0 ? spellings.get(lower.slice(0, end)) : undefined;
}

/** pino and bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal (values between round down). */
export function levelFromPino(n: number): Level | undefined {
  if (!(n >= 10) || !Number.isFinite(n)) return undefined;
  if (n < 20) return Level.trace;
  if (n < 30) return Level.debug;
  if (n < 40) return Level.info;
  if (n < 50) return Level.warn;
  if (n < 60) return Level.error;
  return Level.fatal;
}

/** python `levelno`: 10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL; custom levels below 10 are trace. */
export function levelFromPython(n: number): Level | undefined {
  if (!(n > 0) || !Number.isFinite(n)) return undefined;
  if (n < 10) return Level.trace;
  if (n < 20) return Level.debug;
  if (n < 30) return Level.info;
  if (n < 40) return Level.warn;
  if (n < 50) return Level.error;
  return Level.fatal;
}

const syslog: readonly Level[] = [
  Level.fatal, // 0 emerg
  Level.fatal, // 1 alert
  Level.fatal, // 2 crit
  Level.error, // 3 err
  Level.warn, // 4 warning
  Level.info, // 5 notice
  Level.info, // 6 info
  Level.debug, // 7 debug
];

/** syslog severity 0 (emerg) .. 7 (debug); anything else is `undefined`. */
export function levelFromSyslog(n: number): Level | undefined {
  return Number.isInteger(n) ? syslog[n] : undefined;
}

type JsonObject = Record<string, unknown>;
type LevelReader = (value: unknown) => Level | undefined;

const byName: LevelReader = (value) => (typeof value === 'string' ? levelFromName(value) : undefined);
const byNameOr =
  (scale: (n: number) => Level | undefined): LevelReader =>
  (value) =>
    typeof value === 'number' ? scale(value) : byName(value);
const byPython: LevelReader = (value) => (typeof value === 'number' ? levelFromPython(value) : undefined);
/** journald's PRIORITY: a syslog severity, usually written as a one-digit string. */
const byPriority: LevelReader = (value) =>
  typeof value === 'number'
    ? levelFromSyslog(value)
    : typeof value === 'string' && value.length === 1
      ? levelFromSyslog(value.charCodeAt(0) - 48)
      : undefined;

/** Level fields in the order they are tried, each with how its value reads. */
const levelFields: ReadonlyArray<readonly [string, LevelReader]> = [
  ['level', byNameOr(levelFromPino)],
  ['log.level', byName],
  ['levelname', byName],
  ['levelno', byPython],
  ['severity', byNameOr(levelFromSyslog)],
  ['PRIORITY', byPriority],
];

/**
 * The level of a JSON log, from the first of its level fields that reads as one: `level` (a name, or
 * pino/bunyan's number), ECS `log.level` (dotted key), `levelname`, `levelno` (python's number),
 * `severity` (a name, or syslog's number), journald's `PRIORITY`, and last ECS `log: {level}` (nested).
 * The key that gave the level is pushed on `consumed`; a nested one stays where it is.
 *
 * @example
 * readLevel({ level: 50, msg: 'boom' }, []); // 'error'
 */
export function readLevel(log: JsonObject, consumed: string[]): Level | undefined {
  for (let i = 0; i < levelFields.length; i++) {
    const [key, read] = levelFields[i] as readonly [string, LevelReader];
    const value = log[key];
    if (value === undefined) continue;
    const level = read(value);
    if (level !== undefined) {
      consumed.push(key);
      return level;
    }
  }
  const nested = log.log;
  return typeof nested === 'object' && nested !== null ? byName((nested as JsonObject).level) : undefined;
}
