import type { ObjectStore } from '../../shared/adapters/s3/types';

/** What the archive function needs, built once per container by `buildArchiveDeps`. */
export interface ArchiveDeps {
  /** The bucket that holds `archive/`, `dead-letter/` and `redriven/`. */
  readonly store: ObjectStore;
  readonly gzipLevel: number;
  /** PUTs (and HEADs, for stats) in flight at once. */
  readonly concurrency: number;
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
