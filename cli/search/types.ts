import type { ArchiveLine } from '../../shared/adapters/s3/archive-encoder';

/** One result: the normalized event as archived (or indexed), with the original bytes when lossy. */
export type SearchEvent = ArchiveLine;

/** Where results come from. */
export const SearchSource = {
  /** OpenSearch when configured (OPENSEARCH_URL or OPENSEARCH_DOMAIN), else the archive. */
  auto: 'auto',
  opensearch: 'opensearch',
  archive: 'archive',
} as const;
export type SearchSource = (typeof SearchSource)[keyof typeof SearchSource];

/** What a search found, with what it looked through (for the summary line). */
export interface SearchResult {
  readonly source: 'opensearch' | 'archive';
  /** The newest `limit` matches, oldest first. */
  readonly events: readonly SearchEvent[];
  /** Matches seen: exact for OpenSearch (or a lower bound, `totalExact` false) and for a full scan. */
  readonly total: number;
  readonly totalExact: boolean;
  /** Archive only: objects read of those listed, records read, copies of a record skipped, lines (or objects) not readable. */
  readonly scanned?: {
    readonly objects: number;
    readonly listed: number;
    readonly records: number;
    readonly duplicates: number;
    readonly unreadable: number;
  };
}
