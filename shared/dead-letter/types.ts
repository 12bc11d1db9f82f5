import { DeadLetterReason } from '../kafka/decode-value';
import type { KafkaRecordIn } from '../kafka/types';

/**
 * The step that set a record aside, which decides where a redrive sends it: `decode` (the shared
 * decode step refused it, so no sink saw it: it goes to the archive, the index and the detector) or
 * `index` (accepted, archived and evaluated, but OpenSearch refused it: it goes to the index only).
 */
export const DeadLetterStage = {
  decode: 'decode',
  index: 'index',
} as const;
export type DeadLetterStage = (typeof DeadLetterStage)[keyof typeof DeadLetterStage];

/**
 * One record in the dead-letter area: everything needed to understand why it was set aside and to
 * re-run it through the pipeline later (`sluice redrive`). Written by the archive function for
 * `oversize`, `binary` and `undecodable`, and by the index function for `mapping_conflict`.
 *
 * Every field derives from the Kafka record and the verdict, never from the clock, so a retried batch
 * writes identical bytes.
 *
 * @example
 * const entry = deadLetterEntry(record, 'oversize', 'value is 2000000 bytes, over maxRecordBytes 1048576');
 */
export interface DeadLetterEntry {
  readonly reason: DeadLetterReason;
  /** Human-readable cause, e.g. the size and the limit, or OpenSearch's error reason. */
  readonly detail: string;
  /** Who set it aside; `S3DeadLetters` stamps its own stage on entries that do not say. */
  readonly stage?: DeadLetterStage;
  readonly kafka: {
    readonly topic: string;
    readonly partition: number;
    readonly offset: number;
    /** Kafka record timestamp, epoch ms. */
    readonly timestamp: number;
    readonly timestampType?: string;
  };
  /** Record key, base64 as delivered; null when absent. */
  readonly key: string | null;
  /** Headers exactly as delivered (normally `{name: number[]}` entries). */
  readonly headers: unknown;
  /** Original value bytes, base64 as delivered (null only for a tombstone, which is never dead-lettered). */
  readonly value: string | null;
}

/** Where dead-letter entries go. `write` must be idempotent: the same entries write the same objects. */
export interface DeadLetterSink {
  /** Stores the entries; throws `TransientSinkError` when the whole batch should be retried. */
  write(entries: readonly DeadLetterEntry[]): Promise<void>;
}

/**
 * Builds the dead-letter entry for one Kafka record.
 *
 * @example
 * deadLetterEntry(record, 'mapping_conflict', 'mapper_parsing_exception: failed to parse field [x]');
 */
export function deadLetterEntry(
  record: KafkaRecordIn,
  reason: DeadLetterReason,
  detail: string,
  stage?: DeadLetterStage,
): DeadLetterEntry {
  return {
    reason,
    detail,
    ...(stage !== undefined ? { stage } : {}),
    kafka: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      ...(record.timestampType !== undefined ? { timestampType: record.timestampType } : {}),
    },
    key: record.key,
    headers: record.headers,
    value: record.value,
  };
}

/**
 * Turns an entry back into the Kafka record it came from, so it can go through `readBatch` again.
 *
 * @example
 * readBatch({ eventSource: 'aws:kafka', records: entries.map(recordOfEntry) }, options);
 */
export function recordOfEntry(entry: DeadLetterEntry): KafkaRecordIn {
  const { topic, partition, offset, timestamp, timestampType } = entry.kafka;
  return {
    topic,
    partition,
    offset,
    timestamp,
    key: entry.key,
    value: entry.value,
    headers: entry.headers,
    ...(timestampType !== undefined ? { timestampType } : {}),
  };
}

/**
 * The stage of an entry; one written without (before stages were recorded) is read from its reason.
 *
 * @example
 * entryStage({ ...entry, reason: 'mapping_conflict' }); // 'index'
 */
export function entryStage(entry: DeadLetterEntry): DeadLetterStage {
  if (entry.stage !== undefined) return entry.stage;
  return entry.reason === DeadLetterReason.mappingConflict ? DeadLetterStage.index : DeadLetterStage.decode;
}
