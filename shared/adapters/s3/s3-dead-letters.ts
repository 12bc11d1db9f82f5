import { Area, type ObjectOrigin } from '../../archive/keys';
import type { DeadLetterEntry, DeadLetterSink, DeadLetterStage } from '../../dead-letter/types';
import { encodeDeadLetters } from './dead-letter-encoder';
import { defaultGzipLevel } from './gzip-level';
import { defaultPutConcurrency, putAll } from './put-all';
import type { ObjectWriter, WriterOptions } from './types';

/**
 * The dead-letter area in S3: entries grouped into one gzip NDJSON object per (reason, hour, topic,
 * partition) under `dead-letter/reason=<r>/dt=<d>/hour=<h>/…`, one PUT per object. Used by the archive
 * function (oversize, binary, undecodable) and the index function (mapping_conflict).
 *
 * @example
 * const deadLetters = new S3DeadLetters(new S3ObjectWriter(createS3Client(config), config.s3.bucket), { stage: 'index' });
 * await deadLetters.write([deadLetterEntry(record, 'mapping_conflict', reason)]);
 */
export class S3DeadLetters implements DeadLetterSink {
  private readonly gzipLevel: number;
  private readonly concurrency: number;
  private readonly stage: DeadLetterStage;
  private readonly origin: ObjectOrigin | undefined;

  /**
   * `stage`: which step writes through this sink (the index function: `index`), stamped on entries;
   * `origin`: set by a writer other than the functions (`rehydrate`), so its objects get keys of their own.
   */
  constructor(
    private readonly store: ObjectWriter,
    options: WriterOptions & { readonly stage: DeadLetterStage; readonly origin?: ObjectOrigin },
  ) {
    this.gzipLevel = options.gzipLevel ?? defaultGzipLevel;
    this.concurrency = options.concurrency ?? defaultPutConcurrency;
    this.stage = options.stage;
    this.origin = options.origin;
  }

  async write(entries: readonly DeadLetterEntry[]): Promise<void> {
    const stamped = entries.map((entry) =>
      entry.stage === undefined ? { ...entry, stage: this.stage } : entry,
    );
    await putAll(
      this.store,
      encodeDeadLetters(stamped, this.gzipLevel, Area.deadLetter, this.origin),
      this.concurrency,
    );
  }
}
