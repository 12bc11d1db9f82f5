import { gunzipSync } from 'node:zlib';
import type { ObjectStore } from '../../shared/adapters/s3/types';
import { Area } from '../../shared/archive/keys';
import { mapLimit } from '../../shared/map-limit';
import type { ArchiveDeps, ArchiveStats, AreaStats } from './types';

/** An object's folder (area, partitions, topic and partition) and its offset range, read from its key. */
interface Placed {
  readonly key: string;
  readonly folder: string;
  readonly first: number;
  readonly last: number;
}

const placed = /^(.*)\/(\d+)-(\d+)(?:-redrive)?\.ndjson\.gz$/;

/**
 * Keys grouped into sets whose offset ranges overlap within one folder: a retried batch that was
 * split differently writes objects that share records. Other keys are sets of one.
 */
function overlapping(keys: readonly string[]): string[][] {
  const sets: string[][] = [];
  const ranges: Placed[] = [];
  for (const key of keys) {
    const match = placed.exec(key);
    if (match)
      ranges.push({ key, folder: match[1] as string, first: Number(match[2]), last: Number(match[3]) });
    else sets.push([key]);
  }
  ranges.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : a.first - b.first));
  let current: string[] = [];
  let folder = '';
  let last = -1;
  for (const range of ranges) {
    if (current.length > 0 && range.folder === folder && range.first <= last) {
      current.push(range.key);
      last = Math.max(last, range.last);
      continue;
    }
    if (current.length > 0) sets.push(current);
    current = [range.key];
    folder = range.folder;
    last = range.last;
  }
  if (current.length > 0) sets.push(current);
  return sets;
}

/** The distinct records (topic, partition, offset) in gzip NDJSON objects whose lines carry `kafka`. */
async function distinctRecords(store: ObjectStore, keys: readonly string[]): Promise<number> {
  const seen = new Set<string>();
  for (const key of keys) {
    const body = await store.get(key);
    if (!body) continue;
    for (const line of gunzipSync(body).toString('utf8').split('\n')) {
      if (line === '') continue;
      const { kafka } = JSON.parse(line) as { kafka?: { topic: string; partition: number; offset: number } };
      seen.add(kafka ? `${kafka.topic}\u0000${kafka.partition}\u0000${kafka.offset}` : line);
    }
  }
  return seen.size;
}

async function areaStats(store: ObjectStore, prefix: string, concurrency: number): Promise<AreaStats> {
  const keys: string[] = [];
  for await (const object of store.list(prefix)) keys.push(object.key);
  // Record counts come from the metadata written at PUT time (a HEAD per object, no download), but
  // where objects overlap they are read, so that a record archived twice counts once.
  const counts = await mapLimit(overlapping(keys), concurrency, async (set) =>
    set.length === 1 ? ((await store.records(set[0] as string)) ?? 0) : distinctRecords(store, set),
  );
  return { objects: keys.length, records: counts.reduce((sum, count) => sum + count, 0) };
}

/**
 * Counts objects and records in the archive and in the dead-letter area, for `sluice state`. Each
 * record counts once, also when a retried batch wrote it into two objects, as `sluice redrive` and
 * `sluice search` count it.
 *
 * @example
 * await archiveStats(deps); // { archive: { objects: 12, records: 4000 }, deadLetter: { objects: 1, records: 2 } }
 */
export async function archiveStats(deps: Pick<ArchiveDeps, 'store' | 'concurrency'>): Promise<ArchiveStats> {
  const concurrency = Math.max(deps.concurrency, 16);
  const [archive, deadLetter] = await Promise.all([
    areaStats(deps.store, Area.archive, concurrency),
    areaStats(deps.store, Area.deadLetter, concurrency),
  ]);
  return { archive, deadLetter };
}
