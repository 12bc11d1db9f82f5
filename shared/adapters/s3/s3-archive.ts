import type { AcceptedRecord } from '../../batch/types';
import { encodeArchive } from './archive-encoder';
import { defaultGzipLevel } from './gzip-level';
import { defaultPutConcurrency, putAll } from './put-all';
import type { ObjectStore, WriteSummary } from './types';

/** Tuning shared by the archive and dead-letter writers. */
export interface WriterOptions {
  readonly gzipLevel?: number;
  readonly concurrency?: number;
}

/**
 * Archives accepted records: one gzip NDJSON object per (hour, topic, partition), one PUT per object.
 *
 * @example
 * const archive = new S3Archive(new S3Bucket(client, 'sluice-logs'));
 * await archive.write(read.accepted); // { objects: 2, records: 500 }
 */
export class S3Archive {
  private readonly gzipLevel: number;
  private readonly concurrency: number;

  constructor(
    private readonly store: ObjectStore,
    options: WriterOptions = {},
  ) {
    this.gzipLevel = options.gzipLevel ?? defaultGzipLevel;
    this.concurrency = options.concurrency ?? defaultPutConcurrency;
  }

  async write(accepted: readonly AcceptedRecord[]): Promise<WriteSummary> {
    const objects = encodeArchive(accepted, this.gzipLevel);
    await putAll(this.store, objects, this.concurrency);
    return { objects: objects.length, records: objects.reduce((sum, object) => sum + object.records, 0) };
  }
}
