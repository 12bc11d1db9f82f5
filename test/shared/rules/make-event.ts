import type { AcceptedRecord } from '../../../shared/batch/types';
import type { LogEvent } from '../../../shared/logs/types';

/** A normalized event for rule tests; fields default to an error on /app/db.py at 2024-05-01T12:00:00Z. */
export function makeEvent(
  overrides: Partial<LogEvent> & { offset?: number; partition?: number } = {},
): LogEvent {
  const { offset = 0, partition = 0, ...fields } = overrides;
  const timestamp = fields['@timestamp'] ?? '2024-05-01T12:00:00.000Z';
  return {
    '@timestamp': timestamp,
    timestampSource: 'log',
    level: 'error',
    message: 'boom',
    pathname: '/app/db.py',
    lineno: 42,
    service: 'api',
    kafka: { topic: 'logs', partition, offset, timestamp: Date.parse(timestamp) },
    attrs: {},
    ...fields,
  };
}

/** An accepted record carrying `event`, with the Kafka coordinates of the event. */
export function accepted(event: LogEvent): AcceptedRecord {
  const { topic, partition, offset, timestamp } = event.kafka;
  return { record: { topic, partition, offset, timestamp, key: null, value: 'e30=', headers: [] }, event };
}
