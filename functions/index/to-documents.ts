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
  // Records of a batch share few event times' days: a Date per record cost more than the rest here.
  const indices = new Map<string, string>();
  return accepted.map(({ record, event }) => {
    const timestamp = event['@timestamp'];
    const key = `${timestamp}\u0000${record.timestamp}`;
    let index = indices.get(key);
    if (index === undefined) {
      index = dailyIndex(indexPrefix, timestamp, record.timestamp);
      indices.set(key, index);
    }
    return { index, id: documentId(record), source: event as unknown as Record<string, unknown> };
  });
}
