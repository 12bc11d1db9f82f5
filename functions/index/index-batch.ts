import { toBulkDocuments } from '../../shared/adapters/opensearch/to-documents';
import type { TimeBudget } from '../../shared/adapters/opensearch/types';
import type { BatchRead } from '../../shared/batch/types';
import { type DeadLetterEntry, DeadLetterStage, deadLetterEntry } from '../../shared/dead-letter/types';
import { TransientSinkError } from '../../shared/errors';
import type { KafkaCoordinates } from '../../shared/kafka/types';
import type { IndexDeps, IndexReport } from './types';

/**
 * Indexes a batch's accepted records into OpenSearch, each exactly once however often the batch is
 * delivered. Records OpenSearch can never take are dead-lettered (through `deps.deadLetters` when
 * set) and never block the partition. Records not indexed within the time budget fail the batch with
 * a `TransientSinkError` (so the event source mapping retries it), or, with `reportItemFailures`, come
 * back in `failed`.
 *
 * @example
 * const report = await indexBatch(read, deps, { remainingMs: () => context.getRemainingTimeInMillis() });
 */
export async function indexBatch(read: BatchRead, deps: IndexDeps, budget: TimeBudget): Promise<IndexReport> {
  const documents = toBulkDocuments(read.accepted, deps.indexPrefix);
  if (documents.length === 0) {
    return { indexed: 0, alreadyIndexed: 0, quarantined: 0, deadLettered: [], failed: [], requests: 0 };
  }
  const { outcomes, stats } = await deps.writer.write(documents, budget);
  let indexed = 0;
  let alreadyIndexed = 0;
  let quarantined = 0;
  const deadLettered: DeadLetterEntry[] = [];
  const failed: KafkaCoordinates[] = [];
  let firstFailure = '';
  outcomes.forEach((outcome, position) => {
    const { record } = read.accepted[position] as (typeof read.accepted)[number];
    if (outcome.kind === 'indexed') {
      indexed += 1;
      if (outcome.existed) alreadyIndexed += 1;
      if (outcome.quarantined) quarantined += 1;
    } else if (outcome.kind === 'deadLetter') {
      // Stage `index`: the record was accepted (archived, evaluated); a redrive re-sends it to the index only.
      deadLettered.push(deadLetterEntry(record, outcome.reason, outcome.detail, DeadLetterStage.index));
    } else {
      firstFailure ||= outcome.detail;
      failed.push({
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        timestamp: record.timestamp,
      });
    }
  });
  if (deadLettered.length > 0 && deps.deadLetters) await deps.deadLetters.write(deadLettered);
  if (failed.length > 0 && !deps.reportItemFailures) {
    throw new TransientSinkError(
      `OpenSearch: ${failed.length} of ${documents.length} records not indexed in time (last error: ${firstFailure}); the batch will be retried`,
    );
  }
  return { indexed, alreadyIndexed, quarantined, deadLettered, failed, requests: stats.requests };
}
