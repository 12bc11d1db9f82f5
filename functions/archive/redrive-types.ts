import type { BatchRead, ReadOptions } from '../../shared/batch/types';
import type { DeadLetterEntry, DeadLetterStage } from '../../shared/dead-letter/types';
import type { DeadLetterReason } from '../../shared/kafka/decode-value';

/**
 * Another part of the pipeline that must see redriven records (the index, the detector); the archive
 * is built in. Entries set aside by the decode step (no sink saw them) go to every sink; entries set
 * aside by a sink's own stage (`index`) go to that sink only. A sink gets the records that are now
 * accepted and returns the entries it still cannot take (a `mapping_conflict` again) without writing
 * them: redrive files them.
 */
export interface RedriveSink {
  readonly name: string;
  /** The dead-letter stage this sink writes, if any: its entries are redriven through it alone. */
  readonly stage?: DeadLetterStage;
  /** Throws when the whole redrive should stop (a transient failure); nothing is moved then. */
  run(read: BatchRead): Promise<readonly DeadLetterEntry[]>;
}

export interface RedriveOptions {
  /** Current decoding limits (e.g. a raised `maxRecordBytes`). */
  readonly read: ReadOptions;
  /** Only this reason; all reasons when undefined. */
  readonly reason?: DeadLetterReason;
  /** Only entries whose Kafka timestamp (epoch ms) is at or after this. */
  readonly since?: number;
  /** Report what would happen, write nothing. */
  readonly dryRun?: boolean;
  readonly sinks?: readonly RedriveSink[];
}

/** Counts for one dead-letter reason. */
export interface ReasonCounts {
  /** Entries looked at (after `--since`). */
  entries: number;
  /** Entries that went through: now archived (and given to the sinks), moved out to `redriven/`. */
  accepted: number;
  /** Entries still unusable (possibly now under another reason). */
  stillDeadLettered: number;
  /** Entries set aside by the index, left alone because no index sink was configured to take them. */
  unhandled: number;
}

/** Where one redriven record came from. */
export interface RedrivenRecord {
  readonly reason: DeadLetterReason;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** What a redrive did (or, with `dryRun`, would do). */
export interface RedriveReport {
  readonly dryRun: boolean;
  /** Dead-letter objects read. */
  readonly objects: number;
  readonly entries: number;
  readonly accepted: number;
  readonly stillDeadLettered: number;
  readonly unhandled: number;
  /** Records written to the archive. */
  readonly archived: number;
  readonly byReason: Partial<Record<DeadLetterReason, ReasonCounts>>;
  readonly redriven: readonly RedrivenRecord[];
}
