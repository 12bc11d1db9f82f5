import type { BulkDocument, TimeBudget, WriteResult } from '../../shared/adapters/opensearch/types';
import type { DeadLetterEntry, DeadLetterSink } from '../../shared/dead-letter/types';
import type { KafkaCoordinates } from '../../shared/kafka/types';

/** Writes documents to OpenSearch (the `OpenSearchBulkWriter`, or a stand-in in the bench). */
export interface BulkWriter {
  write(documents: readonly BulkDocument[], budget: TimeBudget): Promise<WriteResult>;
}

/** What the index function needs, built once per container by `buildIndexDeps`. */
export interface IndexDeps {
  readonly writer: BulkWriter;
  /** Daily index names start with this (`OPENSEARCH_INDEX_PREFIX`, default `logs-`). */
  readonly indexPrefix: string;
  /**
   * Where records OpenSearch can never take (`mapping_conflict`, `oversize`) are kept: the archive
   * path's S3 dead-letter writer. Without one, they are only returned in the report.
   */
  readonly deadLetters?: DeadLetterSink;
  /**
   * `ReportBatchItemFailures` mode: records not indexed in time are returned in `failed` (for the
   * lowest failed offset per partition) instead of failing the whole batch.
   */
  readonly reportItemFailures?: boolean;
  /** Closes the client's sockets (CLI runs; a Lambda container keeps them for the next invoke). */
  close(): Promise<void>;
}

/**
 * What became of a batch's accepted records. Always: indexed + deadLettered + failed = accepted.
 */
export interface IndexReport {
  /** In OpenSearch now: created by this call, already there (409), or quarantined and created. */
  readonly indexed: number;
  /** Of `indexed`, those that were already there (a redelivered record). */
  readonly alreadyIndexed: number;
  /** Of `indexed`, those stored with their offending fields moved under `quarantine`. */
  readonly quarantined: number;
  /** Records OpenSearch can never take, as dead-letter entries (already written when a sink is set). */
  readonly deadLettered: readonly DeadLetterEntry[];
  /** Records not resolved in time (only non-empty in `reportItemFailures` mode; otherwise it throws). */
  readonly failed: readonly KafkaCoordinates[];
  /** `_bulk` requests made. */
  readonly requests: number;
}
