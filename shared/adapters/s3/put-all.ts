import { mapLimit } from '../../map-limit';
import type { EncodedObject, ObjectWriter } from './types';

/** PUTs in flight at once: enough to hide latency, few enough not to trip S3's per-prefix limits. */
export const defaultPutConcurrency = 8;

/**
 * PUTs every object, one request per object, at most `concurrency` at a time. On the first failure no
 * new PUT starts and the error is thrown: the batch is retried, and since every key and body is
 * deterministic, objects already written are overwritten with the same bytes.
 *
 * @example
 * await putAll(bucket, encodeArchive(read.accepted, 6));
 */
export async function putAll(
  store: ObjectWriter,
  objects: readonly EncodedObject[],
  concurrency: number = defaultPutConcurrency,
): Promise<void> {
  await mapLimit(objects, concurrency, (object) => store.put(object));
}
