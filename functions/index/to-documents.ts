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
  // A Date per record cost more than the rest here. `@timestamp` is the normalizer's ISO 8601 UTC
  // (24 characters, `…Z`): its first 10 decide the day, so one valid time per day is enough.
  const days = new Map<string, string>();
  return accepted.map(({ record, event }) => {
    const timestamp = event['@timestamp'];
    const day = timestamp.length === 24 && timestamp.endsWith('Z') ? timestamp.slice(0, 10) : undefined;
    let index = day === undefined ? undefined : days.get(day);
    if (index === undefined) {
      index = dailyIndex(indexPrefix, timestamp, record.timestamp);
      if (day !== undefined && Number.isFinite(Date.parse(timestamp))) days.set(day, index);
    }
    return { index, id: documentId(record), source: event as unknown as Record<string, unknown> };
  });
}
