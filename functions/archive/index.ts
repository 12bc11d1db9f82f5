export { archiveBatch } from './archive-batch';
export { archiveStats } from './archive-stats';
export { redrive } from './redrive';
export type {
  ReasonCounts,
  RedrivenRecord,
  RedriveOptions,
  RedriveReport,
  RedriveSink,
} from './redrive-types';
export { parseSince } from './since';
export type { ArchiveDeps, ArchiveReport, ArchiveStats, AreaStats } from './types';
