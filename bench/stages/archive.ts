import { archiveBatch } from '../../functions/archive/archive-batch';
import { defaultGzipLevel } from '../../shared/adapters/s3/gzip-level';
import type { EncodedObject, ObjectInfo, ObjectStore } from '../../shared/adapters/s3/types';
import type { BatchRead } from '../../shared/batch/types';

/** An object store that only counts PUTs: the bench measures encoding, not the network. */
class CountingStore implements ObjectStore {
  puts = 0;
  bytes = 0;
  async put(object: EncodedObject): Promise<void> {
    this.puts += 1;
    this.bytes += object.body.byteLength;
  }
  async *list(): AsyncIterable<ObjectInfo> {}
  async listPrefixes(): Promise<string[]> {
    return [];
  }
  async records(): Promise<number | undefined> {
    return undefined;
  }
  async get(): Promise<Uint8Array | undefined> {
    return undefined;
  }
  async delete(): Promise<void> {}
}

/**
 * The archive stage of `npm run bench`: NDJSON + gzip of the accepted records and the dead-letter
 * entries of one batch, exactly as `archiveBatch` does it, with the S3 PUTs counted instead of made.
 *
 * @example
 * const { calls } = await benchArchive(read); // { s3: 4 }
 */
export async function benchArchive(read: BatchRead): Promise<{ calls: { s3: number } }> {
  const store = new CountingStore();
  await archiveBatch(read, { store, gzipLevel: defaultGzipLevel, concurrency: 8 });
  return { calls: { s3: store.puts } };
}
