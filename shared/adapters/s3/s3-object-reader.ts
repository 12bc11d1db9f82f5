import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { S3ObjectWriter } from './s3-object-writer';
import type { ObjectInfo, ObjectReader } from './types';

/** S3's answer for a key or bucket that is not there. */
export const isNotFound = (error: unknown): boolean => {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = (error as { name?: unknown }).name;
  return status === 404 || name === 'NoSuchKey' || name === 'NotFound';
};

/**
 * Lists and reads objects of one S3 bucket (ListObjectsV2, GetObject), besides the writer's PutObject:
 * what the rehydrate function does with the archive, so that its bundle holds, and its role allows,
 * exactly those three calls.
 *
 * @example
 * const archive = new S3ObjectReader(createS3Client(config), config.s3.bucket, { signal });
 * for await (const object of archive.list('archive/dt=2026-11-22/')) await archive.get(object.key);
 */
export class S3ObjectReader extends S3ObjectWriter implements ObjectReader {
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
}
