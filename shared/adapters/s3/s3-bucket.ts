import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { TransientSinkError } from '../../errors';
import type { EncodedObject, ObjectInfo, ObjectStore } from './types';

/** Metadata key (`x-amz-meta-records`) holding the number of records in an object. */
export const recordsMetadata = 'records';

const isNotFound = (error: unknown): boolean => {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = (error as { name?: unknown }).name;
  return status === 404 || name === 'NoSuchKey' || name === 'NotFound';
};

/**
 * The `ObjectStore` over one S3 bucket. The client comes from `createS3Client(config)` (which sets the
 * SDK's retry limits); whatever still fails after the SDK's retries becomes a `TransientSinkError`
 * naming the operation and key, so the batch is retried.
 *
 * @example
 * const bucket = new S3Bucket(createS3Client(config), config.s3.bucket);
 * await bucket.put({ key: 'archive/…', body, records: 12 });
 */
export class S3Bucket implements ObjectStore {
  readonly #send: { abortSignal?: AbortSignal };

  /** `signal` (an invocation's) cancels every request made through this object when it aborts. */
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    options: { readonly signal?: AbortSignal } = {},
  ) {
    this.#send = options.signal ? { abortSignal: options.signal } : {};
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
        this.#send,
      ),
    );
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: prefix },
      this.#send,
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
      this.#send,
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
        .send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), this.#send)
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
          this.#send,
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
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }), this.#send),
    );
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof TransientSinkError) throw error;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new TransientSinkError(`S3 ${what} in bucket ${this.bucket} failed: ${reason}`, { cause: error });
    }
  }
}
