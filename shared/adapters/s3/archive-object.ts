import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { ArchiveLine } from './archive-encoder';

/** The lines of one archive object: the events read, and how many lines (or the whole object) could not be read. */
export interface ArchiveObjectLines {
  readonly events: ArchiveLine[];
  readonly unreadable: number;
}

/** Off the main thread (libuv's pool), so downloads and decompression overlap. */
const gunzipAsync = promisify(gunzip);

const isEvent = (value: unknown): value is ArchiveLine => {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Partial<ArchiveLine>;
  const kafka = event.kafka as Partial<ArchiveLine['kafka']> | undefined;
  return (
    typeof event['@timestamp'] === 'string' &&
    typeof event.level === 'string' &&
    typeof kafka === 'object' &&
    kafka !== null &&
    typeof kafka.topic === 'string' &&
    Number.isInteger(kafka.partition) &&
    Number.isInteger(kafka.offset) &&
    Number.isFinite(kafka.timestamp)
  );
};

/**
 * Reads an archive object (gzip NDJSON, one normalized event per line, as `encodeArchive` writes).
 * A line that is not an event, or an object that is not gzip, is counted, not thrown: one bad line
 * must not hide the rest.
 *
 * @example
 * await readArchiveObject(await bucket.get(key)); // { events: [{ '@timestamp': ..., level: 'error', ... }], unreadable: 0 }
 */
export async function readArchiveObject(body: Uint8Array): Promise<ArchiveObjectLines> {
  const events: ArchiveLine[] = [];
  let unreadable = 0;
  let text: string;
  try {
    text = (await gunzipAsync(body)).toString('utf8');
  } catch {
    // Not gzip (or cut short): the whole object counts as one unreadable entry.
    return { events, unreadable: 1 };
  }
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isEvent(value)) events.push(value);
      else unreadable += 1;
    } catch {
      unreadable += 1;
    }
  }
  return { events, unreadable };
}
