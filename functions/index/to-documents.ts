import { dailyIndex, documentId } from '../../shared/adapters/opensearch/naming';
import type { BulkDocument } from '../../shared/adapters/opensearch/types';
import type { AcceptedRecord } from '../../shared/batch/types';
import { kafkaTimeMs } from '../../shared/logs/timestamp';
import type { LogEvent } from '../../shared/logs/types';

/**
 * One `create` per accepted record: the normalized event, in the daily index of its event time, under
 * the record's deterministic id.
 *
 * @example
 * toBulkDocuments(read.accepted, 'logs-')[0]; // { index: 'logs-2026.11.22', id: 'logs-0-1042', source: {...event} }
 */
export function toBulkDocuments(accepted: readonly AcceptedRecord[], indexPrefix: string): BulkDocument[] {
  return accepted.map(({ record, event }) => ({
    index: dailyIndex(indexPrefix, event['@timestamp'], kafkaTimeMs(record.timestamp)),
    id: documentId(record),
    source: indexedSource(event),
  }));
}

/**
 * The event as OpenSearch stores it. `kafka.timestamp` is an `epoch_millis` date there, so it holds the
 * Kafka time as read (`kafkaTimeMs`: a nanosecond value becomes ms), and is left out when unusable (-1):
 * as delivered, such a value would be a date in the year 57 million, or one OpenSearch refuses (beyond a
 * Java long). The event itself when nothing changes (the usual case: no copy); the archive keeps the raw value.
 *
 * @example
 * indexedSource(event).kafka; // { topic: 'logs', partition: 0, offset: 7, timestamp: 1740000000000 } for 1.74e18
 */
export function indexedSource(event: LogEvent): Record<string, unknown> {
  const { kafka } = event;
  const ms = kafkaTimeMs(kafka.timestamp);
  if (ms === kafka.timestamp) return event as unknown as Record<string, unknown>;
  const { timestamp: _raw, ...coordinates } = kafka;
  return { ...event, kafka: ms === undefined ? coordinates : { ...coordinates, timestamp: ms } };
}
