/** One object ready to PUT: its key, gzip body and the number of records (lines) inside. */
export interface EncodedObject {
  readonly key: string;
  readonly body: Uint8Array;
  /** Records (NDJSON lines) in the object, stored as `x-amz-meta-records` so counting needs no download. */
  readonly records: number;
}

/** A listed object. */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
}

/** Where the functions write objects. Failures throw `TransientSinkError` (the batch is retried). */
export interface ObjectWriter {
  put(object: EncodedObject): Promise<void>;
}

/** Reading objects by listing: what `rehydrate` does with the archive (ListObjectsV2 and GetObject). */
export interface ObjectReader {
  /** Every object under `prefix`, in key order, across all pages. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** The common prefixes one level below `prefix` (delimiter `/`), across all pages. */
  listPrefixes(prefix: string): Promise<string[]>;
  /** The object's bytes; undefined when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
}

/**
 * The few bucket operations sluice needs. `S3Bucket` is the implementation on `@aws-sdk/client-s3`;
 * the bench uses a counting one. Failures throw `TransientSinkError` (the batch is retried).
 */
export interface ObjectStore extends ObjectWriter, ObjectReader {
  /** The `records` count written at PUT time; undefined when the object does not exist. */
  records(key: string): Promise<number | undefined>;
  delete(key: string): Promise<void>;
}

/** Tuning of the S3 writers. */
export interface WriterOptions {
  readonly gzipLevel?: number;
  readonly concurrency?: number;
}
