import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { ArchiveLine } from '../../../../../shared/adapters/s3/archive-encoder';
import { decodeDeadLetterObject } from '../../../../../shared/adapters/s3/dead-letter-encoder';
import type { ObjectStore } from '../../../../../shared/adapters/s3/types';
import type { DeadLetterEntry } from '../../../../../shared/dead-letter/types';

/** Every object under `prefix`: key -> ETag and sha256 of the bytes. */
export async function snapshot(store: ObjectStore, prefix = ''): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for await (const object of store.list(prefix)) {
    const body = await store.get(object.key);
    const digest = createHash('sha256')
      .update(body ?? new Uint8Array())
      .digest('hex');
    result.set(object.key, `${object.etag} ${digest}`);
  }
  return result;
}

/** Every line of every object under `prefix` (gzip NDJSON), object by object. */
export async function ndjsonLines(store: ObjectStore, prefix: string): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  for await (const object of store.list(prefix)) {
    const body = await store.get(object.key);
    const text = gunzipSync(body ?? new Uint8Array()).toString('utf8');
    for (const line of text.split('\n'))
      if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
  }
  return lines;
}

export const archivedLines = async (store: ObjectStore, prefix = 'archive/'): Promise<ArchiveLine[]> =>
  (await ndjsonLines(store, prefix)) as unknown as ArchiveLine[];

export async function deadLetterEntries(
  store: ObjectStore,
  prefix = 'dead-letter/',
): Promise<DeadLetterEntry[]> {
  const entries: DeadLetterEntry[] = [];
  for await (const object of store.list(prefix)) {
    entries.push(...decodeDeadLetterObject((await store.get(object.key)) ?? new Uint8Array()));
  }
  return entries;
}

/** `topic/partition/offset` of a line or entry, for set comparisons. */
export const coordinates = (kafka: { topic: string; partition: number; offset: number }): string =>
  `${kafka.topic}/${kafka.partition}/${kafka.offset}`;
