import { archiveHours, hourMs } from '../../shared/adapters/s3/archive-hours';
import { readArchiveObject } from '../../shared/adapters/s3/archive-object';
import type { ObjectStore } from '../../shared/adapters/s3/types';
import { mapLimit } from '../../shared/map-limit';
import { eventTimeMs } from '../../shared/rules/windows';
import { compareEvents, compileQuery, recordId, type SearchQuery } from './query';
import type { SearchEvent, SearchResult } from './types';

/** How far a scan has got. */
export interface ScanProgress {
  /** Objects listed in the time range. */
  readonly listed: number;
  /** Objects read so far. */
  readonly objects: number;
  readonly records: number;
  readonly matches: number;
}

export interface ArchiveSearchOptions {
  /** The clock-skew limit normalization applies (config `maxClockSkewMs`): bounds event time per hour. */
  readonly maxClockSkewMs: number;
  /** Downloads in flight at once (default 8). */
  readonly concurrency?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
}

interface Listed {
  readonly key: string;
  readonly hourStart: number;
}

/**
 * Searches the S3 archive: lists the hour partitions the time range can touch, then reads their gzip
 * NDJSON objects newest hour first (at most `concurrency` downloads at once), keeps the newest
 * `limit` matches and counts the rest. A record archived twice (a retried batch whose objects
 * overlap) counts once. The scan stops early once no older object can hold a match newer than the
 * ones kept: an archive object of hour H holds events no later than H + 1 h + the clock-skew limit.
 *
 * @example
 * const result = await searchArchive(bucket, { levels: ['error'], limit: 50 }, { maxClockSkewMs: 900_000 });
 * result.events; // the newest 50 errors, oldest first
 */
export async function searchArchive(
  store: ObjectStore,
  query: SearchQuery,
  options: ArchiveSearchOptions,
): Promise<SearchResult> {
  const skew = options.maxClockSkewMs;
  const objects: Listed[] = [];
  for (const hour of await archiveHours(store, query.sinceMs, query.untilMs, skew)) {
    const keys: string[] = [];
    for await (const object of store.list(hour.prefix)) keys.push(object.key);
    // Within an hour, higher offsets (later keys) first: roughly newest first.
    for (const key of keys.sort().reverse()) objects.push({ key, hourStart: hour.startMs });
  }

  const matches = compileQuery(query);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const chunkSize = concurrency * 4;
  let kept: SearchEvent[] = [];
  let total = 0;
  let records = 0;
  let duplicates = 0;
  let unreadable = 0;
  let read = 0;
  let stoppedEarly = false;
  // Copies of a record are always in the same hour (keys derive from the record's own time).
  let seen = new Set<string>();
  let seenHour: number | undefined;
  const progress = () =>
    options.onProgress?.({ listed: objects.length, objects: read, records, matches: total });
  progress();

  for (let at = 0; at < objects.length; at += chunkSize) {
    const chunk = objects.slice(at, at + chunkSize);
    const bodies = await mapLimit(chunk, concurrency, async (object) => {
      const body = await store.get(object.key);
      const lines = body === undefined ? { events: [], unreadable: 0 } : await readArchiveObject(body);
      read += 1;
      records += lines.events.length;
      progress();
      return lines;
    });
    chunk.forEach((object, index) => {
      if (object.hourStart !== seenHour) {
        seen = new Set();
        seenHour = object.hourStart;
      }
      const lines = bodies[index];
      if (!lines) return;
      unreadable += lines.unreadable;
      for (const event of lines.events) {
        if (!matches(event)) continue;
        const id = recordId(event);
        if (seen.has(id)) {
          duplicates += 1;
          continue;
        }
        seen.add(id);
        total += 1;
        kept.push(event);
      }
    });
    kept = kept.sort((a, b) => compareEvents(b, a)).slice(0, query.limit);
    progress();
    const next = objects[at + chunkSize];
    const oldestKept = kept[query.limit - 1];
    if (next && oldestKept && eventTimeMs(oldestKept) >= next.hourStart + hourMs + skew) {
      stoppedEarly = true;
      break;
    }
  }

  return {
    source: 'archive',
    events: kept.sort(compareEvents),
    total,
    totalExact: !stoppedEarly,
    scanned: { objects: read, listed: objects.length, records, duplicates, unreadable },
  };
}
