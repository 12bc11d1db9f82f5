import type { Level } from '../logs/types';

/** Where a rehydrate run stands. */
export const RunStatus = {
  /** Started and not finished: the next invocation (or a run of the same arguments) continues it. */
  running: 'running',
  done: 'done',
  /** Gave up after invocations in a row that could not finish a step; a run of the same arguments resumes it. */
  stopped: 'stopped',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** What a run rehydrates: its range, filters and target. Equal arguments are the same run. */
export interface RehydrateArgs {
  /** Event time (`@timestamp`) from, inclusive: ISO 8601 UTC. */
  readonly since: string;
  /** Event time up to, exclusive: ISO 8601 UTC. */
  readonly until: string;
  /** Any of these levels (sorted); absent: every level. */
  readonly levels?: readonly Level[];
  /** Exact service, or a glob with `*`. */
  readonly service?: string;
  /** Exact pathname, or a glob with `*`. */
  readonly pathname?: string;
  /** A separate index (created with the sluice template); absent: the daily indices of `indexPrefix`. */
  readonly index?: string;
  /** The daily index prefix live indexing uses (`OPENSEARCH_INDEX_PREFIX`). */
  readonly indexPrefix: string;
  /** Count what would be indexed; write nothing to OpenSearch or the dead-letter area. */
  readonly dryRun: boolean;
}

/**
 * What became of the archive lines a run read. Nothing is skipped silently:
 * `lines = records + copies + unreadable`, `records = filteredOut + selected`, and (not in a dry run)
 * `selected = created + alreadyThere + deadLettered + failed`.
 */
export interface RehydrateCounts {
  /** Archive objects read. */
  readonly objects: number;
  /** Lines of those objects (an object that is not gzip counts as one unreadable line). */
  readonly lines: number;
  /** Lines that are not an archived event (not JSON, or no Kafka coordinates). */
  readonly unreadable: number;
  /** Second copies of a record a re-split retry archived twice: one record, counted once. */
  readonly copies: number;
  /** Distinct records read. */
  readonly records: number;
  /** Outside the event-time range (the listing is an hour wider on each side) or not matching a filter. */
  readonly filteredOut: number;
  /** Matching the range and the filters: what is (or, in a dry run, would be) indexed. */
  readonly selected: number;
  /** New documents. */
  readonly created: number;
  /** Documents that were there already (live indexing, an earlier run, an interrupted attempt). */
  readonly alreadyThere: number;
  /** Of created and alreadyThere: stored with fields the mapping refused moved under `quarantine`. */
  readonly quarantined: number;
  /** Refused by OpenSearch for good (mapping conflict, too large): in the dead-letter area, stage `index`. */
  readonly deadLettered: number;
  /** Not indexed in the time given (OpenSearch throttling or down): done again on the next attempt. */
  readonly failed: number;
}

/** The zero of `RehydrateCounts`. */
export const noCounts: RehydrateCounts = Object.freeze({
  objects: 0,
  lines: 0,
  unreadable: 0,
  copies: 0,
  records: 0,
  filteredOut: 0,
  selected: 0,
  created: 0,
  alreadyThere: 0,
  quarantined: 0,
  deadLettered: 0,
  failed: 0,
});

/**
 * The sum of two counts, field by field.
 *
 * @example
 * addCounts(checkpoint.counts, step.counts).records;
 */
export function addCounts(a: RehydrateCounts, b: RehydrateCounts): RehydrateCounts {
  const sum = { ...a };
  for (const key of Object.keys(noCounts) as (keyof RehydrateCounts)[]) sum[key] = a[key] + b[key];
  return sum;
}

/**
 * The progress of one run, kept in the sluice table (item kind `rehydrate`) and rewritten after every
 * step. It is the source of truth: an invocation continues from the `cursor` it finds here, whatever
 * its event says, and writes only if `version` is still the one it read.
 */
export interface RunCheckpoint {
  /** A hash of the arguments: the same arguments are the same run. */
  readonly runId: string;
  readonly args: RehydrateArgs;
  /** Raised by every write; a write is refused when another invocation wrote first. */
  readonly version: number;
  readonly status: RunStatus;
  /**
   * The last archive key done: every object of the range at or before it in key order is done, none
   * after it. Keys sort by hour, topic, partition and first offset, and objects are read in that order.
   */
  readonly cursor: string | null;
  /** Objects and compressed bytes of the range, listed when the run started (for progress and ETA). */
  readonly total: { readonly objects: number; readonly bytes: number };
  /** Compressed bytes of the objects done. */
  readonly bytesDone: number;
  /** Everything done so far, each record counted once (a step is counted when it is done). */
  readonly counts: RehydrateCounts;
  /** Invocations that worked on the run. */
  readonly invocations: number;
  /** Invocations in a row that could not finish a step (OpenSearch throttling or down); reset by progress. */
  readonly failedAttempts: number;
  readonly lastError?: string;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt?: string;
}

/** Where run checkpoints are kept: the sluice table (`shared/adapters/dynamodb`). */
export interface CheckpointStore {
  get(runId: string): Promise<RunCheckpoint | undefined>;
  /**
   * Stores `next` if the stored version is still `expected` (undefined: no checkpoint stored yet).
   * Resolves to false when another invocation wrote first: the caller then stops.
   */
  save(next: RunCheckpoint, expected: number | undefined): Promise<boolean>;
  /** Every run kept, newest update first. */
  list(): Promise<RunCheckpoint[]>;
}
