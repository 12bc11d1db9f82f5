import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaBatch, KafkaRecordIn } from '../../../shared/kafka/types';
import { normalizeLog } from '../../../shared/logs/normalize';
import type { LogEvent } from '../../../shared/logs/types';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'logs');

/** A log fixture file (see test/fixtures/logs/SOURCES.txt), as text. */
export const fixture = (path: string): string => readFileSync(join(fixtures, path), 'utf8');

/** A log fixture file's bytes. */
export const fixtureBytes = (path: string): Buffer => readFileSync(join(fixtures, path));

/** The non-empty lines of a log fixture file. */
export const fixtureLines = (path: string): string[] =>
  fixture(path)
    .split('\n')
    .filter((line) => line !== '');

/** The default skew allowed between a log's time and its Kafka timestamp (docs/normalization.md: 15 min). */
export const options = { maxClockSkewMs: 15 * 60_000 } as const;

/** A Kafka record with `value` (base64 of the text, or as given) at `timestamp`. */
export function kafkaRecord(
  value: string | null,
  timestamp = Date.UTC(2024, 0, 1),
  offset = 0,
): KafkaRecordIn {
  return { topic: 'logs', partition: 3, offset, timestamp, key: null, value, headers: [] };
}

/** An MSK batch of base64 values. */
export function mskBatch(values: readonly (string | null)[], timestamp = Date.UTC(2024, 0, 1)): KafkaBatch {
  return {
    eventSource: 'aws:kafka',
    records: values.map((value, offset) => kafkaRecord(value, timestamp, offset)),
  };
}

/** Normalizes `text` as a record whose Kafka timestamp is `kafkaTimestamp` (ISO or epoch ms). */
export function normalizeAt(text: string, kafkaTimestamp: string | number = Date.UTC(2024, 0, 1)): LogEvent {
  const timestamp = typeof kafkaTimestamp === 'string' ? Date.parse(kafkaTimestamp) : kafkaTimestamp;
  return normalizeLog(text, kafkaRecord('', timestamp), options);
}

/** The normalized scalar fields of an event that are present (no kafka, kubernetes or attrs). */
export function mainFields(event: LogEvent): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    '@timestamp': event['@timestamp'],
    timestampSource: event.timestampSource,
    level: event.level,
    message: event.message,
  };
  if (event.pathname !== undefined) fields.pathname = event.pathname;
  if (event.lineno !== undefined) fields.lineno = event.lineno;
  if (event.service !== undefined) fields.service = event.service;
  return fields;
}

const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** True for `YYYY-MM-DDTHH:mm:ss.sssZ` naming a real instant. */
export function isIsoTimestamp(value: unknown): boolean {
  return typeof value === 'string' && isoPattern.test(value) && new Date(value).toISOString() === value;
}

/** Size of an attrs tree, measured without recursion (so it can measure anything). */
export interface AttrsShape {
  /** Deepest nesting of objects and arrays, attrs' own fields being at level 1. */
  depth: number;
  /** Object members and array items at every level. */
  entries: number;
  longestString: number;
  longestKey: number;
}

export function measureAttrs(attrs: Record<string, unknown>): AttrsShape {
  const shape: AttrsShape = { depth: 0, entries: 0, longestString: 0, longestKey: 0 };
  const stack: Array<[unknown, number]> = [[attrs, 0]];
  while (stack.length > 0) {
    const [value, level] = stack.pop() as [unknown, number];
    if (typeof value === 'string') shape.longestString = Math.max(shape.longestString, value.length);
    if (typeof value !== 'object' || value === null) continue;
    if (value !== attrs) shape.depth = Math.max(shape.depth, level);
    for (const [key, child] of Object.entries(value)) {
      shape.entries += 1;
      if (!Array.isArray(value)) shape.longestKey = Math.max(shape.longestKey, key.length);
      stack.push([child, level + 1]);
    }
  }
  return shape;
}
