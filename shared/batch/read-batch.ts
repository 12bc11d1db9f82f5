import { decodeValue } from '../kafka/decode-value';
import type { KafkaBatch } from '../kafka/types';
import { normalizeLog } from '../logs/normalize';
import type { AcceptedRecord, BatchRead, DeadLetteredRecord, ReadOptions, SkippedRecord } from './types';

/**
 * The one decode and parse step that all three MSK functions share: every record of the batch ends as
 * exactly one of accepted, dead-lettered or skipped. Never throws for a record's content.
 *
 * @example
 * const read = readBatch(parseKafkaEvent(event), { maxRecordBytes: 1_048_576, maxClockSkewMs: 900_000 });
 * read.counts; // { records: 3, accepted: 2, deadLettered: 1, skipped: 0 }
 */
export function readBatch(batch: KafkaBatch, options: ReadOptions): BatchRead {
  const accepted: AcceptedRecord[] = [];
  const deadLettered: DeadLetteredRecord[] = [];
  const skipped: SkippedRecord[] = [];
  const normalizeOptions = { maxClockSkewMs: options.maxClockSkewMs };
  for (const record of batch.records) {
    const decoded = decodeValue(record.value, options.maxRecordBytes);
    if (decoded.kind === 'tombstone') {
      skipped.push({ record, reason: 'tombstone' });
    } else if (decoded.kind === 'deadLetter') {
      deadLettered.push({ record, reason: decoded.reason, detail: decoded.detail });
    } else {
      const event = normalizeLog(decoded.text, record, normalizeOptions);
      accepted.push(
        decoded.lossy && record.value !== null
          ? { record, event, originalValue: record.value }
          : { record, event },
      );
    }
  }
  return {
    ...(batch.origin === undefined ? {} : { origin: batch.origin }),
    accepted,
    deadLettered,
    skipped,
    counts: {
      records: batch.records.length,
      accepted: accepted.length,
      deadLettered: deadLettered.length,
      skipped: skipped.length,
    },
  };
}
