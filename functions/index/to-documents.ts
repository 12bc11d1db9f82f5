import { dailyIndex, documentId } from '../../shared/adapters/opensearch/naming';
import type { BulkDocument } from '../../shared/adapters/opensearch/types';
import type { AcceptedRecord } from '../../shared/batch/types';

/**
 * One `create` per accepted record: the normalized event, in the daily index of its event time, under
 * the record's deterministic id.
 *
 * @example
 * toBulkDocuments(read.accepted, 'logs-')[0]; // { index: 'logs-2026.11.22', id: 'logs-0-1042', source: {...event} }
 */
export function toBulkDocuments(accepted: readonly AcceptedRecord[], indexPrefix: string): BulkDocument[] {
  return accepted.map(({ record, event }) => ({
    index: dailyIndex(indexPrefix, event['@timestamp'], record.timestamp),
    id: documentId(record),
    source: event as unknown as Record<string, unknown>,
  }));
}
