import type { KafkaCoordinates } from './kafka/types';

/** Log levels, lowest first. */
export const LogLevel = { debug: 'debug', info: 'info', warn: 'warn', error: 'error' } as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured fields of a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** What replaces a secret. */
export const REDACTED = '[redacted]';

// Keys compared lower-case with `-`, `_` and `.` removed.
const secretKeys = new Set([
  'webhook',
  'webhookurl',
  'slackwebhookurl',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'token',
  'accesstoken',
  'refreshtoken',
  'sessiontoken',
  'xamzsecuritytoken',
  'apikey',
  'xapikey',
  'passwd',
  'secretaccesskey',
]);
const secretKeyParts = ['secret', 'password'];
// Slack incoming-webhook and workflow URLs carry their credential in the path.
const slackHookPattern =
  /(?:https?:\/\/)?hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/[^\s"'<>]*/gi;
const maxDepth = 8;

/** True when a field of this name must never be printed. */
export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_.]/g, '');
  return secretKeys.has(normalized) || secretKeyParts.some((part) => normalized.includes(part));
}

/** `text` with every Slack webhook URL replaced by `[redacted]`. */
export function redactText(text: string): string {
  return text.replace(slackHookPattern, REDACTED);
}

/**
 * A copy of `value` safe to print: values of secret keys and Slack webhook URLs anywhere in strings are
 * replaced, errors become `{name, message, stack, cause}`, cycles and very deep nesting are cut.
 *
 * @example
 * redact({ webhookUrl: 'https://hooks.slack.com/services/T/B/x', n: 1 }); // { webhookUrl: '[redacted]', n: 1 }
 */
export function redact(value: unknown): unknown {
  return redactValue(value, 0, new WeakSet());
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= maxDepth) return '[truncated]';
  seen.add(value);
  try {
    if (value instanceof Error) return redactError(value, depth, seen);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        isSecretKey(key) && item !== undefined && item !== null
          ? REDACTED
          : redactValue(item, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  if (error.stack !== undefined) out.stack = redactText(error.stack);
  if (error.cause !== undefined) out.cause = redactValue(error.cause, depth + 1, seen);
  for (const [key, item] of Object.entries(error)) {
    if (key in out) continue;
    out[key] = isSecretKey(key) ? REDACTED : redactValue(item, depth + 1, seen);
  }
  return out;
}

/** The Kafka coordinates of a record as log fields (`topic`, `partition`, `offset`). */
export function kafkaFields(coordinates: KafkaCoordinates): {
  topic: string;
  partition: number;
  offset: number;
} {
  return { topic: coordinates.topic, partition: coordinates.partition, offset: coordinates.offset };
}

/**
 * One JSON log line (no newline): `time`, `level`, `message`, then the redacted fields. Fields cannot
 * override `time`, `level` or `message`.
 *
 * @example
 * formatLogLine('warn', 'batch retried', { topic: 'logs', partition: 0, offset: 42 }, 0);
 * // {"time":"1970-01-01T00:00:00.000Z","level":"warn","message":"batch retried","topic":"logs","partition":0,"offset":42}
 */
export function formatLogLine(level: LogLevel, message: string, fields: LogFields, time: number): string {
  const line: Record<string, unknown> = {
    time: new Date(time).toISOString(),
    level,
    message: redactText(message),
  };
  const safe = redact(fields) as Record<string, unknown>;
  for (const [key, value] of Object.entries(safe)) {
    if (!(key in line)) line[key] = value;
  }
  return JSON.stringify(line);
}

/** A structured JSON logger. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. the function name, a batch's first coordinates). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lines below this level are dropped; default `info`. */
  readonly level?: LogLevel;
  /** Fields on every line. */
  readonly fields?: LogFields;
  /** Where lines go; default stdout (one JSON object per line). */
  readonly write?: (line: string) => void;
  readonly now?: () => number;
}

/**
 * A logger that writes one redacted JSON object per line.
 *
 * @example
 * const log = createLogger({ fields: { function: 'index' } });
 * log.info('batch indexed', { ...kafkaFields(record), indexed: 120 });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = rank[options.level ?? LogLevel.info];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const bound = options.fields ?? {};
  const log = (level: LogLevel, message: string, fields: LogFields | undefined) => {
    if (rank[level] < threshold) return;
    write(formatLogLine(level, message, fields ? { ...bound, ...fields } : bound, now()));
  };
  return {
    debug: (message, fields) => log(LogLevel.debug, message, fields),
    info: (message, fields) => log(LogLevel.info, message, fields),
    warn: (message, fields) => log(LogLevel.warn, message, fields),
    error: (message, fields) => log(LogLevel.error, message, fields),
    child: (fields) => createLogger({ ...options, fields: { ...bound, ...fields } }),
  };
}
