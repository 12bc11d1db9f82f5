import type { Load, Settings } from './types';

/** A row of the planning table: a rate in records/s or in MB/s of Kafka values, over some partitions. */
export interface LoadRow {
  readonly recordsPerSecond?: number;
  readonly mbPerSecond?: number;
  readonly partitions: number;
}

/** From one partition at 100 records/s to 100 partitions at 1 GB/s (issue 19), and 1 GB/s on the partitions it needs. */
export const LOAD_ROWS: readonly LoadRow[] = [
  { recordsPerSecond: 100, partitions: 1 },
  { recordsPerSecond: 1000, partitions: 1 },
  { mbPerSecond: 5, partitions: 3 },
  { mbPerSecond: 20, partitions: 6 },
  { mbPerSecond: 50, partitions: 12 },
  { mbPerSecond: 100, partitions: 24 },
  { mbPerSecond: 250, partitions: 50 },
  { mbPerSecond: 500, partitions: 100 },
  { mbPerSecond: 1000, partitions: 100 },
  { mbPerSecond: 1000, partitions: 200 },
];

/** The load serverless.yml's defaults must hold: 50 MB/s on 12 partitions. */
export const DESIGN_ROW: LoadRow = { mbPerSecond: 50, partitions: 12 };

/** What the rest of a load looks like unless the command line says otherwise. */
export interface LoadShape {
  readonly distinctGroups: number;
  readonly errorShare: number;
  readonly alertsPerMinute: number;
}

/** Distinct pathnames of the bench's own records (bench/batch.ts): the "typical logs" of the cost per GB. */
export const BENCH_GROUPS = 3;

/** About 30 % errors like the bench's records, over 100 distinct groups; 5 alerts a minute. */
export const DEFAULT_SHAPE: LoadShape = { distinctGroups: 100, errorShare: 0.3, alertsPerMinute: 5 };

/**
 * A row as a load, records/s from MB/s through the measured bytes per value.
 *
 * @example
 * loadOf({ mbPerSecond: 50, partitions: 12 }, 500, DEFAULT_SHAPE).recordsPerSecond; // 100000
 */
export function loadOf(row: LoadRow, valueBytesPerRecord: number, shape: LoadShape): Load {
  const recordsPerSecond = row.recordsPerSecond ?? ((row.mbPerSecond ?? 0) * 1e6) / valueBytesPerRecord;
  return { recordsPerSecond, partitions: row.partitions, ...shape };
}

/** serverless.yml's mappings before issue 19, for the chart's comparison. */
export function settingsBeforeIssue19(now: Settings): Settings {
  return {
    ...now,
    index: { ...now.index, batchSize: 1000, batchingWindowS: 5 },
    archive: { ...now.archive, batchSize: 10_000, batchingWindowS: 60 },
    detect: { ...now.detect, batchSize: 200, batchingWindowS: 1 },
    maxPollers: 3,
  };
}
