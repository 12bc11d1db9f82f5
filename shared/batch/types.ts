import type { DeadLetterReason } from '../kafka/decode-value';
import type { BatchOrigin, KafkaRecordIn } from '../kafka/types';
import type { LogEvent } from '../logs/types';

/** A record that became a log event. `originalValue` (base64) is kept only when decoding was lossy. */
export interface AcceptedRecord {
  readonly record: KafkaRecordIn;
  readonly event: LogEvent;
  readonly originalValue?: string;
}

/** A record that can never be a log event; it keeps its original bytes in `record.value`. */
export interface DeadLetteredRecord {
  readonly record: KafkaRecordIn;
  readonly reason: DeadLetterReason;
  readonly detail: string;
}

/** A tombstone (null or empty value): counted, nothing written. */
export interface SkippedRecord {
  readonly record: KafkaRecordIn;
  readonly reason: 'tombstone';
}

/** Accounting of one batch: records = accepted + deadLettered + skipped, always. */
export interface BatchCounts {
  readonly records: number;
  readonly accepted: number;
  readonly deadLettered: number;
  readonly skipped: number;
}

/** Every record of a batch, each in exactly one of the three lists, in delivery order. */
export interface BatchRead {
  /** `redrive` for records out of the dead-letter area (see `KafkaBatch.origin`); absent: live. */
  readonly origin?: BatchOrigin;
  readonly accepted: readonly AcceptedRecord[];
  readonly deadLettered: readonly DeadLetteredRecord[];
  readonly skipped: readonly SkippedRecord[];
  readonly counts: BatchCounts;
}

export interface ReadOptions {
  readonly maxRecordBytes: number;
  readonly maxClockSkewMs: number;
}
