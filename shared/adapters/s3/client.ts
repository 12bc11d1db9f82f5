import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { SluiceConfig } from '../../config';

/**
 * The S3 client for `config`. With an endpoint (`AWS_ENDPOINT_URL_S3`: Swift, s3rver, MinIO) it uses
 * path-style addressing and computes and checks checksums only where S3 requires them: the SDK's
 * default CRC32 checksums corrupt uploads on s3rver and are not understood by Swift's s3api. Against
 * AWS the SDK defaults apply. Credentials: those given, else the configuration's, else the usual AWS chain.
 *
 * @example
 * const bucket = new S3Bucket(createS3Client(config), config.s3.bucket);
 */
export function createS3Client(config: SluiceConfig, credentials?: S3ClientConfig['credentials']): S3Client {
  const endpoint = config.s3.endpoint;
  return new S3Client({
    region: config.region,
    // A few quick retries (the SDK's standard backoff), then the batch fails and the event source
    // mapping retries it; a hung connection gives up long before the Lambda's own timeout.
    maxAttempts: 3,
    // requestTimeout only logs a warning unless throwOnRequestTimeout is set.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
    ...((credentials ?? config.credentials) ? { credentials: credentials ?? config.credentials } : {}),
    ...(endpoint === undefined
      ? {}
      : {
          endpoint,
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }),
  });
}
