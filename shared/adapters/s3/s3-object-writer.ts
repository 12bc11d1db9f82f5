import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TransientSinkError } from '../../errors';
import type { EncodedObject, ObjectWriter } from './types';

/** Metadata key (`x-amz-meta-records`) holding the number of records in an object. */
export const recordsMetadata = 'records';

/**
 * Writes objects to one S3 bucket with PutObject, the one S3 call the Lambda functions make: their
 * bundles hold no other S3 command, and their roles allow no other (test/security/iam.test.ts).
 * `S3Bucket` adds listing, reading and deleting for the CLI. The client comes from
 * `createS3Client(config)` (which sets the SDK's retry limits); whatever still fails after the SDK's
 * retries becomes a `TransientSinkError` naming the operation and key, so the batch is retried.
 *
 * @example
 * const writer = new S3ObjectWriter(createS3Client(config), config.s3.bucket, { signal });
 * await writer.put({ key: 'archive/…', body, records: 12 });
 */
export class S3ObjectWriter implements ObjectWriter {
  protected readonly sendOptions: { abortSignal?: AbortSignal };

  /** `signal` (an invocation's) cancels every request made through this object when it aborts. */
  constructor(
    protected readonly client: S3Client,
    readonly bucket: string,
    options: { readonly signal?: AbortSignal } = {},
  ) {
    this.sendOptions = options.signal ? { abortSignal: options.signal } : {};
  }

  async put(object: EncodedObject): Promise<void> {
    await this.call(`PutObject ${object.key}`, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: object.key,
          Body: object.body,
          ContentLength: object.body.byteLength,
          ContentType: 'application/gzip',
          Metadata: { [recordsMetadata]: String(object.records) },
        }),
        this.sendOptions,
      ),
    );
  }

  protected async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof TransientSinkError) throw error;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new TransientSinkError(`S3 ${what} in bucket ${this.bucket} failed: ${reason}`, { cause: error });
    }
  }
}
