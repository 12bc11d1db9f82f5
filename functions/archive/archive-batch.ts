import { encodeArchive } from '../../shared/adapters/s3/archive-encoder';
import { encodeDeadLetters } from '../../shared/adapters/s3/dead-letter-encoder';
import { putAll } from '../../shared/adapters/s3/put-all';
import type { BatchRead } from '../../shared/batch/types';
import { DeadLetterStage, deadLetterEntry } from '../../shared/dead-letter/types';
import type { ArchiveReport, ArchiveWriteDeps } from './types';

/**
 * Archives one batch: accepted records as gzip NDJSON per (hour, topic, partition), unusable records
 * (oversize, binary, undecodable) to the dead-letter area with their original bytes. One PUT per
 * object, never per record; keys derive from the records, so a retried batch overwrites its objects.
 * Throws `TransientSinkError` when a PUT still fails after the SDK's retries: the batch is retried.
 *
 * @example
 * const report = await archiveBatch(readBatch(batch, config), deps); // { archived: 98, deadLettered: 2, objects: 3 }
 */
export async function archiveBatch(read: BatchRead, deps: ArchiveWriteDeps): Promise<ArchiveReport> {
  const archive = encodeArchive(read.accepted, deps.gzipLevel);
  const entries = read.deadLettered.map(({ record, reason, detail }) =>
    deadLetterEntry(record, reason, detail, DeadLetterStage.decode),
  );
  const deadLetters = encodeDeadLetters(entries, deps.gzipLevel);
  await putAll(deps.store, [...archive, ...deadLetters], deps.concurrency);
  return {
    archived: archive.reduce((sum, object) => sum + object.records, 0),
    deadLettered: deadLetters.reduce((sum, object) => sum + object.records, 0),
    objects: archive.length + deadLetters.length,
  };
}
