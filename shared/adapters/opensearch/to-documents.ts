import type { KafkaCoordinates } from '../../kafka/types';
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
  return accepted.map(({ record, event }) => ({
    index: dailyIndex(indexPrefix, event['@timestamp'], record.timestamp),
    id: documentId(record),
    source: event as unknown as Record<string, unknown>,
  }));
}
