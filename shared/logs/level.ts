import type { ConsumedKeys } from './key-list';
import type { Level } from './types';

/** Level names, lower case, with the aliases of docs/normalization.md (`level`) and a few of other common loggers. */
const names: Readonly<Record<string, Level>> = {
  trace: 'trace',
  finest: 'trace', // java.util.logging
  finer: 'trace',
  silly: 'trace', // winston, npm levels
  debug: 'debug',
  fine: 'debug',
  verbose: 'debug',
  info: 'info',
  information: 'info',
  informational: 'info', // syslog keyword
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  severe: 'error', // java.util.logging
  dpanic: 'error', // zap: panics only in development
  fatal: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
  alert: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
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
  if (n < 20) return 'trace';
  if (n < 30) return 'debug';
  if (n < 40) return 'info';
  if (n < 50) return 'warn';
  if (n < 60) return 'error';
  return 'fatal';
}

/**
 * python `levelno`: 10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL; custom levels below 10 are
 * trace. It is pino's scale one step (10) lower.
 */
export function levelFromPython(n: number): Level | undefined {
  return n > 0 ? levelFromPino(n + 10) : undefined;
}

const syslog: readonly Level[] = [
  'fatal', // 0 emerg
  'fatal', // 1 alert
  'fatal', // 2 crit
  'error', // 3 err
  'warn', // 4 warning
  'info', // 5 notice
  'info', // 6 info
  'debug', // 7 debug
];

/** syslog severity 0 (emerg) .. 7 (debug); anything else is `undefined`. */
export function levelFromSyslog(n: number): Level | undefined {
  return Number.isInteger(n) ? syslog[n] : undefined;
}

type JsonObject = Record<string, unknown>;

const byName = (value: unknown): Level | undefined =>
  typeof value === 'string' ? levelFromName(value) : undefined;

/** journald's PRIORITY: a syslog severity, usually written as a one-digit string. */
function byPriority(value: unknown): Level | undefined {
  if (typeof value === 'number') return levelFromSyslog(value);
  return typeof value === 'string' && value.length === 1
    ? levelFromSyslog(value.charCodeAt(0) - 48)
    : undefined;
}

function take(consumed: ConsumedKeys, key: string, level: Level): Level {
  consumed.push(key);
  return level;
}

/**
 * The level of a JSON log, from the first of its level fields that reads as one: `level` (a name, or
 * pino/bunyan's number), ECS `log.level` (dotted key), `levelname`, `levelno` (python's number),
 * `severity` (a name, or syslog's number), journald's `PRIORITY`, and last ECS `log: {level}` (nested).
 * The key that gave the level is pushed on `consumed`; a nested one stays where it is.
 * Written out key by key: each named lookup keeps its own inline cache, unlike a loop over key names.
 *
 * @example
 * readLevel({ level: 50, msg: 'boom' }, []); // 'error'
 */
export function readLevel(log: JsonObject, consumed: ConsumedKeys): Level | undefined {
  const level = log.level;
  let found = typeof level === 'number' ? levelFromPino(level) : byName(level);
  if (found !== undefined) return take(consumed, 'level', found);
  found = byName(log['log.level']);
  if (found !== undefined) return take(consumed, 'log.level', found);
  found = byName(log.levelname);
  if (found !== undefined) return take(consumed, 'levelname', found);
  const levelno = log.levelno;
  found = typeof levelno === 'number' ? levelFromPython(levelno) : undefined;
  if (found !== undefined) return take(consumed, 'levelno', found);
  const severity = log.severity;
  found = typeof severity === 'number' ? levelFromSyslog(severity) : byName(severity);
  if (found !== undefined) return take(consumed, 'severity', found);
  found = byPriority(log.PRIORITY);
  if (found !== undefined) return take(consumed, 'PRIORITY', found);
  const nested = log.log;
  return typeof nested === 'object' && nested !== null ? byName((nested as JsonObject).level) : undefined;
}
