import { gunzipSync } from 'node:zlib';
import type { SearchEvent } from './types';

/** The lines of one archive object: the events read, and how many lines were not events. */
export interface ArchiveObjectLines {
  readonly events: SearchEvent[];
  readonly unreadable: number;
}

const isEvent = (value: unknown): value is SearchEvent => {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Partial<SearchEvent>;
  const kafka = event.kafka as Partial<SearchEvent['kafka']> | undefined;
  return (
    typeof event['@timestamp'] === 'string' &&
    typeof event.level === 'string' &&
    typeof kafka === 'object' &&
    kafka !== null &&
    typeof kafka.topic === 'string' &&
    Number.isInteger(kafka.partition) &&
    Number.isInteger(kafka.offset)
  );
};

/**
 * Reads an archive object (gzip NDJSON, one normalized event per line, as `encodeArchive` writes).
 * A line that is not an event is counted, not thrown: one bad line must not hide the rest.
 *
 * @example
 * readArchiveObject(await bucket.get(key)); // { events: [{ '@timestamp': ..., level: 'error', ... }], unreadable: 0 }
 */
export function readArchiveObject(body: Uint8Array): ArchiveObjectLines {
  const events: SearchEvent[] = [];
  let unreadable = 0;
  for (const line of gunzipSync(body).toString('utf8').split('\n')) {
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
