import type { ObjectStore, ObjectWriter } from '../../shared/adapters/s3/types';

/** What the archive function needs to write a batch: PUTs only. */
export interface ArchiveWriteDeps {
  readonly store: ObjectWriter;
  readonly gzipLevel: number;
  /** PUTs (and HEADs, for stats) in flight at once. */
  readonly concurrency: number;
}

/** What `sluice redrive` and the archive stats need: the whole bucket. */
export interface ArchiveDeps extends ArchiveWriteDeps {
  /** The bucket that holds `archive/`, `dead-letter/` and `redriven/`. */
  readonly store: ObjectStore;
}

/** Outcome of one batch: records archived, records dead-lettered, and objects written (one PUT each). */
export interface ArchiveReport {
  readonly archived: number;
  readonly deadLettered: number;
  readonly objects: number;
}

/** Object and record counts of one area of the bucket. */
export interface AreaStats {
  readonly objects: number;
  readonly records: number;
}

/** What `sluice state` reports about the bucket. */
export interface ArchiveStats {
  readonly archive: AreaStats;
  readonly deadLetter: AreaStats;
}
