import type { KafkaCoordinates } from '../../kafka/types';
import { kafkaTimeMs } from '../../logs/timestamp';
import type { LogEvent } from '../../logs/types';
import { dailyIndex, documentId } from './naming';
import type { BulkDocument } from './types';

/** A log event and the Kafka record it came from (an `AcceptedRecord`, or a line read back from the archive). */
export interface RecordEvent {
  readonly record: KafkaCoordinates;
  readonly event: LogEvent;
}

/**
 * One `create` per record: the normalized event, in the daily index of its event time, under the
 * record's deterministic id. Live indexing and `rehydrate` both build their documents here, so a
 * record rehydrated from the archive is the same document, in the same index, as when it was live.
 *
 * @example
 * toBulkDocuments(read.accepted, 'logs-')[0]; // { index: 'logs-2026.11.22', id: 'logs-0-1042', source: {...event} }
 */
export function toBulkDocuments(accepted: readonly RecordEvent[], indexPrefix: string): BulkDocument[] {
  // A Date per record cost more than the rest here. `@timestamp` is the normalizer's ISO 8601 UTC
  // (24 characters, `…Z`): its first 10 decide the day, so one valid time per day is enough.
  const days = new Map<string, string>();
  return accepted.map(({ record, event }) => {
    const timestamp = event['@timestamp'];
    const day = timestamp.length === 24 && timestamp.endsWith('Z') ? timestamp.slice(0, 10) : undefined;
    let index = day === undefined ? undefined : days.get(day);
    if (index === undefined) {
      index = dailyIndex(indexPrefix, timestamp, kafkaTimeMs(record.timestamp));
      if (day !== undefined && Number.isFinite(Date.parse(timestamp))) days.set(day, index);
    }
    return { index, id: documentId(record), source: indexedSource(event) };
  });
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
