import { type ArchiveHour, archiveHours, hourMs } from '../../shared/adapters/s3/archive-hours';
import type { ObjectReader } from '../../shared/adapters/s3/types';
import type { RehydrateArgs } from '../../shared/rehydrate/checkpoint';

/** One archive object of a run's range, in key order, and whether the checkpoint has it done already. */
export interface ListedObject {
  readonly key: string;
  /** Compressed bytes (from the listing): what progress and ETA are measured in. */
  readonly size: number;
  /** At or before the checkpoint's cursor. */
  readonly done: boolean;
}

/**
 * The archive's hour prefixes that can hold events of the run's range, oldest first. Partitions are
 * Kafka record time, and an event's `@timestamp` is within the clock-skew limit of it, so the range
 * is widened by an hour on each side (by the configured limit when that is larger), as docs/archive.md
 * says for queries on event time; the filter then keeps exactly `[since, until)`.
 *
 * @example
 * await rangeHours(bucket, checkpoint.args, 900_000); // [{ prefix: 'archive/dt=2026-11-22/hour=09/', startMs }, ...]
 */
export async function rangeHours(
  store: ObjectReader,
  args: Pick<RehydrateArgs, 'since' | 'until'>,
  maxClockSkewMs: number,
): Promise<ArchiveHour[]> {
  const widen = Math.max(hourMs, maxClockSkewMs);
  const hours = await archiveHours(store, Date.parse(args.since), Date.parse(args.until), widen);
  return hours.sort((a, b) => a.startMs - b.startMs);
}

/**
 * The objects of the hours, in key order (hours oldest first; S3 lists keys in order within one),
 * those at or before `cursor` marked done. Hours wholly before the cursor's are not listed at all.
 *
 * @example
 * for await (const object of rangeObjects(bucket, hours, checkpoint.cursor)) if (!object.done) ...
 */
export async function* rangeObjects(
  store: ObjectReader,
  hours: readonly ArchiveHour[],
  cursor: string | null,
): AsyncGenerator<ListedObject> {
  for (const hour of hours) {
    if (cursor !== null && hour.prefix < cursor && !cursor.startsWith(hour.prefix)) continue;
    for await (const object of store.list(hour.prefix)) {
      yield { key: object.key, size: object.size, done: cursor !== null && object.key <= cursor };
    }
  }
}

/**
 * The objects and compressed bytes of a range: one listing, when a run starts, for its progress.
 *
 * @example
 * await rangeTotals(bucket, hours); // { objects: 840, bytes: 145_000_000 }
 */
export async function rangeTotals(
  store: ObjectReader,
  hours: readonly ArchiveHour[],
): Promise<{ objects: number; bytes: number }> {
  let objects = 0;
  let bytes = 0;
  for await (const object of rangeObjects(store, hours, null)) {
    objects += 1;
    bytes += object.size;
  }
  return { objects, bytes };
}
