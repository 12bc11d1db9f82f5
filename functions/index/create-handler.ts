import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../shared/adapters/s3/client';
import { S3DeadLetters } from '../../shared/adapters/s3/s3-dead-letters';
import { S3ObjectWriter } from '../../shared/adapters/s3/s3-object-writer';
import type { SluiceConfig } from '../../shared/config';
import { ConfigError } from '../../shared/errors';
import type { DeadLetterReason } from '../../shared/kafka/decode-value';
import { BatchOrigin } from '../../shared/kafka/types';
import { type KafkaHandlerOptions, kafkaHandler } from '../../shared/lambda/kafka-function';
import { type BuildIndexOptions, buildIndexDeps } from './build-deps';
import { indexBatch } from './index-batch';
import type { IndexDeps } from './types';

/** The index function's figures for one batch. */
export interface IndexStepReport {
  /**
   * Records OpenSearch refused for good, by coordinates (no values), only for a redriven batch: the
   * redrive files them itself, so the function does not (docs/archive.md, redrive).
   */
  readonly refused?: readonly RefusedRecord[];
  readonly indexed: number;
  readonly alreadyIndexed: number;
  readonly quarantined: number;
  readonly mappingDeadLetters: number;
  readonly requests: number;
}

/** A record of a redriven batch OpenSearch refused for good, and why. */
export interface RefusedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly reason: DeadLetterReason;
  readonly detail: string;
}

/** What the index function keeps per container: the bulk writer, and the bucket for dead letters. */
interface IndexContainer {
  readonly index: IndexDeps;
  readonly s3: S3Client;
  readonly bucket: string;
}

export interface IndexHandlerOptions
  extends KafkaHandlerOptions<IndexStepReport>,
    Pick<BuildIndexOptions, 'describeDomain' | 'getCredentials'> {}

/**
 * The index function's Lambda handler (MSK event source mapping, consumer group sluice-index): the
 * accepted records of a batch into OpenSearch, records OpenSearch can never take into the S3
 * dead-letter area. Without `OPENSEARCH_URL` or `OPENSEARCH_DOMAIN` every invocation fails with a
 * `ConfigError` that says what to set.
 *
 * @example
 * const handler = createIndexHandler(loadConfig());
 * await handler(mskEvent, context);
 */
export function createIndexHandler(config: SluiceConfig, options: IndexHandlerOptions = {}) {
  return kafkaHandler(
    {
      name: 'index',
      config,
      async deps(): Promise<IndexContainer> {
        const index = await buildIndexDeps(config, {
          reportItemFailures: config.reportBatchItemFailures,
          ...(options.describeDomain ? { describeDomain: options.describeDomain } : {}),
          ...(options.getCredentials ? { getCredentials: options.getCredentials } : {}),
        });
        if (index === undefined)
          throw new ConfigError('OpenSearch is not configured: set OPENSEARCH_URL or OPENSEARCH_DOMAIN');
        return { index, s3: createS3Client(config), bucket: config.s3.bucket };
      },
      async run(read, { index, s3, bucket }, invocation) {
        // A redrive files what OpenSearch refuses again itself (it knows the entries it came from).
        const redriven = read.origin === BatchOrigin.redrive;
        const deadLetters = redriven
          ? undefined
          : new S3DeadLetters(new S3ObjectWriter(s3, bucket, { signal: invocation.signal }), {
              stage: 'index',
            });
        const report = await indexBatch(read, deadLetters ? { ...index, deadLetters } : index, invocation);
        return {
          report: {
            ...(redriven
              ? {
                  refused: report.deadLettered.map(({ kafka, reason, detail }) => ({
                    topic: kafka.topic,
                    partition: kafka.partition,
                    offset: kafka.offset,
                    reason,
                    detail,
                  })),
                }
              : {}),
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
      close: ({ index }) => index.close(),
    },
    options,
  );
}
