import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { isNotFound, S3ObjectReader } from './s3-object-reader';
import { recordsMetadata } from './s3-object-writer';
import type { ObjectStore } from './types';

/**
 * The `ObjectStore` over one S3 bucket, for the CLI (`sluice state`, `search`, `redrive`): the reader's
 * listing and reading and the writer's PutObject, plus common prefixes, record counts and deleting. A
 * Lambda function uses `S3ObjectWriter` (or `S3ObjectReader`) alone, so that its bundle holds, and its
 * role allows, only the calls it makes.
 *
 * @example
 * const bucket = new S3Bucket(createS3Client(config), config.s3.bucket);
 * for await (const object of bucket.list('archive/')) console.log(object.key);
 */
export class S3Bucket extends S3ObjectReader implements ObjectStore {
  async records(key: string): Promise<number | undefined> {
    const head = await this.call(`HeadObject ${key}`, () =>
      this.client
        .send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), this.sendOptions)
        .catch((error: unknown) => {
          if (isNotFound(error)) return undefined;
          throw error;
        }),
    );
    if (head === undefined) return undefined;
    const records = Number(head.Metadata?.[recordsMetadata]);
    return Number.isInteger(records) && records >= 0 ? records : 0;
  }

  async delete(key: string): Promise<void> {
    await this.call(`DeleteObject ${key}`, () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }), this.sendOptions),
    );
  }
}
