import { Area } from '../../shared/adapters/s3/keys';
import type { ObjectStore } from '../../shared/adapters/s3/types';
import { mapLimit } from '../../shared/map-limit';
import type { ArchiveDeps, ArchiveStats, AreaStats } from './types';

async function areaStats(store: ObjectStore, prefix: string, concurrency: number): Promise<AreaStats> {
  const keys: string[] = [];
  for await (const object of store.list(prefix)) keys.push(object.key);
  // Record counts come from the metadata written at PUT time: a HEAD per object, no download.
  const counts = await mapLimit(keys, concurrency, (key) => store.records(key));
  return { objects: keys.length, records: counts.reduce<number>((sum, count) => sum + (count ?? 0), 0) };
}

/**
 * Counts objects and records in the archive and in the dead-letter area, for `sluice state`.
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
