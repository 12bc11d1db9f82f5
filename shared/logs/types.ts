import type { KafkaCoordinates } from '../kafka/types';

/** Normalized log levels, lowest first. */
export const Level = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
  unknown: 'unknown',
} as const;
export type Level = (typeof Level)[keyof typeof Level];

/** Where an event's `@timestamp` came from (docs/normalization.md). */
export const TimestampSource = { log: 'log', kafka: 'kafka', none: 'none' } as const;
export type TimestampSource = (typeof TimestampSource)[keyof typeof TimestampSource];

export interface KubernetesContext {
  namespace?: string;
  pod?: string;
  container?: string;
  host?: string;
}

/** The document sluice indexes, archives and evaluates rules on (docs/normalization.md). */
export interface LogEvent {
  /** ISO 8601 UTC with milliseconds. */
  '@timestamp': string;
  /**
   * Where `@timestamp` came from: the log itself; the Kafka record (the log's time missing, unreadable
   * or skewed); or `none`, neither being usable, when `@timestamp` is the epoch (1970-01-01T00:00:00Z).
   */
  timestampSource: TimestampSource;
  level: Level;
  message: string;
  pathname?: string;
  lineno?: number;
  service?: string;
  kubernetes?: KubernetesContext;
  kafka: KafkaCoordinates;
  /** Every other field of the log, bounded in depth and size. */
  attrs: Record<string, unknown>;
}

export interface NormalizeOptions {
  /** Largest accepted distance between the log's own time and the Kafka timestamp, in ms. */
  readonly maxClockSkewMs: number;
}
