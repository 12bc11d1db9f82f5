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
  /** Where `@timestamp` came from: the log itself, or the Kafka record (missing, unreadable or skewed). */
  timestampSource: 'log' | 'kafka';
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
