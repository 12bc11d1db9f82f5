import { createS3Client } from '../../shared/adapters/s3/client';
import { S3Bucket } from '../../shared/adapters/s3/s3-bucket';
import { S3DeadLetters } from '../../shared/adapters/s3/s3-dead-letters';
import type { SluiceConfig } from '../../shared/config';
import { ConfigError } from '../../shared/errors';
import type { KafkaStep } from '../../shared/lambda/kafka-handler';
import { once } from '../../shared/lambda/once';
import { buildIndexDeps } from './build-deps';
import { indexBatch } from './index-batch';
import type { IndexDeps } from './types';

/** The index function's figures for one batch. */
export interface IndexStepReport {
  readonly indexed: number;
  readonly alreadyIndexed: number;
  readonly quarantined: number;
  readonly mappingDeadLetters: number;
  readonly requests: number;
}

/**
 * The index function's step: the accepted records of a batch into OpenSearch, refusals into the S3
 * dead-letter area. Dependencies are built on first use and kept (`deps` injects them in tests).
 */
export function indexStep(
  config: SluiceConfig,
  deps: () => Promise<IndexDeps | undefined> = once(() =>
    buildIndexDeps(config, {
      deadLetters: new S3DeadLetters(new S3Bucket(createS3Client(config), config.s3.bucket), {
        stage: 'index',
      }),
      reportItemFailures: config.reportBatchItemFailures,
    }),
  ),
): KafkaStep<IndexStepReport> {
  return {
    name: 'index',
    async run(read, context) {
      const ready = await deps();
      if (ready === undefined) {
        throw new ConfigError('OpenSearch is not configured: set OPENSEARCH_URL or OPENSEARCH_DOMAIN');
      }
      const report = await indexBatch(read, ready, context);
      return {
        report: {
          indexed: report.indexed,
          alreadyIndexed: report.alreadyIndexed,
          quarantined: report.quarantined,
          mappingDeadLetters: report.deadLettered.length,
          requests: report.requests,
        },
        metrics: { indexed: report.indexed },
        failed: report.failed,
      };
    },
  };
}
