import { createS3Client } from '../../shared/adapters/s3/client';
import { defaultGzipLevel } from '../../shared/adapters/s3/gzip-level';
import { defaultPutConcurrency } from '../../shared/adapters/s3/put-all';
import { S3Bucket } from '../../shared/adapters/s3/s3-bucket';
import type { SluiceConfig } from '../../shared/config';
import type { KafkaStep } from '../../shared/lambda/kafka-handler';
import { archiveBatch } from './archive-batch';
import type { ArchiveDeps, ArchiveReport } from './types';

/** The archive function's dependencies: the configured bucket, default gzip level and concurrency. */
export function buildArchiveDeps(config: SluiceConfig): ArchiveDeps {
  return {
    store: new S3Bucket(createS3Client(config), config.s3.bucket),
    gzipLevel: defaultGzipLevel,
    concurrency: defaultPutConcurrency,
  };
}

/**
 * The archive function's step: accepted records to the archive, unusable ones to the dead-letter area,
 * one PUT per object.
 */
export function archiveStep(deps: ArchiveDeps): KafkaStep<ArchiveReport> {
  return {
    name: 'archive',
    async run(read) {
      const report = await archiveBatch(read, deps);
      return { report, metrics: { archived: report.archived } };
    },
  };
}
