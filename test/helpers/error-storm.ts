// The recorded error storm (test/fixtures/detect/error-storm.json: 40 errors in /app/db.py, 20 in
// /app/api.py and 12 exceptions within one 10 s window), moved to start at a chosen time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBatch } from '../../shared/batch/read-batch';
import type { BatchRead } from '../../shared/batch/types';
import { parseKafkaEvent } from '../../shared/kafka/event';

const RECORDED_AT = Date.parse('2024-05-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const fixture = join(__dirname, '..', 'fixtures', 'detect', 'error-storm.json');

/**
 * The storm as read by the functions, its clock moved so that it starts at `t0`. DynamoDB Local
 * deletes items whose TTL has passed on the real clock: tests move it to the current hour.
 *
 * @example
 * const storm = errorStormAt(Math.floor(Date.now() / 3_600_000) * 3_600_000);
 */
export function errorStormAt(t0: number): BatchRead {
  const recorded = readBatch(parseKafkaEvent(JSON.parse(readFileSync(fixture, 'utf8'))), {
    maxRecordBytes: 1024 * 1024,
    maxClockSkewMs: 15 * 60_000,
  });
  return {
    ...recorded,
    accepted: recorded.accepted.map(({ record, event }) => ({
      record: { ...record, timestamp: record.timestamp - RECORDED_AT + t0 },
      event: {
        ...event,
        '@timestamp': iso(Date.parse(event['@timestamp']) - RECORDED_AT + t0),
        kafka: { ...event.kafka, timestamp: event.kafka.timestamp - RECORDED_AT + t0 },
      },
    })),
  };
}
