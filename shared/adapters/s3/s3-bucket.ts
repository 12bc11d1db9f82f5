import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { recordsMetadata, S3ObjectWriter } from './s3-object-writer';
import type { ObjectInfo, ObjectStore } from './types';

const isNotFound = (error: unknown): boolean => {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = (error as { name?: unknown }).name;
  return status === 404 || name === 'NoSuchKey' || name === 'NotFound';
};

/**
 * The `ObjectStore` over one S3 bucket, for the CLI (`sluice state`, `search`, `redrive`): the writer's
 * PutObject, plus listing, reading and deleting. A Lambda function writes with `S3ObjectWriter` alone,
 * so that its bundle holds, and its role allows, PutObject only.
 *
 * @example
 * const bucket = new S3Bucket(createS3Client(config), config.s3.bucket);
 * for await (const object of bucket.list('archive/')) console.log(object.key);
 */
export class S3Bucket extends S3ObjectWriter implements ObjectStore {
  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: prefix },
      this.sendOptions,
    );
    const iterator = pages[Symbol.asyncIterator]();
    while (true) {
      const page = await this.call(`ListObjectsV2 ${prefix}`, () => iterator.next());
      if (page.done) return;
      for (const item of page.value.Contents ?? []) {
        if (item.Key === undefined) continue;
        yield { key: item.Key, size: item.Size ?? 0, etag: item.ETag ?? '' };
      }
    }
  }

  async listPrefixes(prefix: string): Promise<string[]> {
    const prefixes: string[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: prefix, Delimiter: '/' },
      this.sendOptions,
    );
    await this.call(`ListObjectsV2 ${prefix} (prefixes)`, async () => {
      for await (const page of pages) {
        for (const common of page.CommonPrefixes ?? []) if (common.Prefix) prefixes.push(common.Prefix);
      }
    });
    return prefixes;
  }

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

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.call(`GetObject ${key}`, async () => {
      try {
        const response = await this.client.send(
          new GetObjectCommand({ Bucket: this.bucket, Key: key }),
          this.sendOptions,
        );
        return response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  async delete(key: string): Promise<void> {
    await this.call(`DeleteObject ${key}`, () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }), this.sendOptions),
    );
  }
}
