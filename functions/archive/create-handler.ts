import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../shared/adapters/s3/client';
import { defaultGzipLevel } from '../../shared/adapters/s3/gzip-level';
import { defaultPutConcurrency } from '../../shared/adapters/s3/put-all';
import { S3ObjectWriter } from '../../shared/adapters/s3/s3-object-writer';
import type { SluiceConfig } from '../../shared/config';
import { type KafkaHandlerOptions, kafkaHandler } from '../../shared/lambda/kafka-function';
import { archiveBatch } from './archive-batch';
import type { ArchiveReport } from './types';

/** What the archive function keeps per container: the S3 client and the bucket. */
interface ArchiveContainer {
  readonly s3: S3Client;
  readonly bucket: string;
}

/**
 * The archive function's Lambda handler (MSK event source mapping, consumer group sluice-archive):
 * accepted records to gzip NDJSON objects, unusable ones to the dead-letter area, one PUT per object.
 *
 * @example
 * const handler = createArchiveHandler(loadConfig());
 * await handler(mskEvent, context);
 */
export function createArchiveHandler(config: SluiceConfig, options: KafkaHandlerOptions<ArchiveReport> = {}) {
  return kafkaHandler(
    {
      name: 'archive',
      config,
      deps: (): ArchiveContainer => ({ s3: createS3Client(config), bucket: config.s3.bucket }),
      async run(read, { s3, bucket }, invocation) {
        const report = await archiveBatch(read, {
          store: new S3ObjectWriter(s3, bucket, { signal: invocation.signal }),
          gzipLevel: defaultGzipLevel,
          concurrency: defaultPutConcurrency,
        });
        return { report, metrics: { archived: report.archived } };
      },
    },
    options,
  );
}
