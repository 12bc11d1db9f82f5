import type { OpenSearchBulkWriter } from '../../shared/adapters/opensearch/bulk-writer';
import type { ObjectReader, ObjectWriter } from '../../shared/adapters/s3/types';
import type { DeadLetterSink } from '../../shared/dead-letter/types';
import type { CheckpointStore, RehydrateCounts, RunCheckpoint } from '../../shared/rehydrate/checkpoint';

/** Writes documents to OpenSearch: the bulk writer live indexing uses (or the bench's counting one). */
export type DocumentWriter = Pick<OpenSearchBulkWriter, 'write'>;

/** How a run cuts its range into steps and spends an invocation's time. */
export interface RehydrateSettings {
  /** The clock-skew limit of normalization (`SLUICE_MAX_CLOCK_SKEW`): how far events lie from their hour. */
  readonly maxClockSkewMs: number;
  /** At most this many objects in one step (one checkpoint write per step). */
  readonly objectsPerStep: number;
  /** At most this many compressed bytes in one step (a step holds its documents in memory). */
  readonly stepBytes: number;
  /** Longest time the writes of one step may take, retries included, ms. */
  readonly stepMs: number;
  /** Time kept back at the end of an invocation to save the checkpoint and go on, ms. */
  readonly reserveMs: number;
  /** A step starts only with at least this much time left beyond the reserve, ms. */
  readonly minStepMs: number;
  /** Invocations in a row that may fail to finish a step before the run stops. */
  readonly maxFailedAttempts: number;
  /** Archive objects downloaded at once. */
  readonly downloads: number;
}

/** Chosen so a step (about 40,000 records) fits a 1 GB function with room, and retries fit its time. */
export const defaultRehydrateSettings: RehydrateSettings = Object.freeze({
  maxClockSkewMs: 15 * 60_000,
  objectsPerStep: 16,
  stepBytes: 1024 * 1024,
  stepMs: 120_000,
  reserveMs: 15_000,
  minStepMs: 20_000,
  maxFailedAttempts: 3,
  downloads: 8,
});

/** What the core works with in one invocation (built by the handler from its container and the invocation). */
export interface RehydrateCore {
  /** The archive bucket. */
  readonly store: ObjectReader & ObjectWriter;
  readonly checkpoints: CheckpointStore;
  /** Undefined when OpenSearch is not configured: only a dry run can go on. */
  readonly writer: DocumentWriter | undefined;
  /** The dead-letter area, for records OpenSearch can never take (stage `index`, keys of their own). */
  readonly deadLetters: DeadLetterSink;
  /** Whether a separate target index exists (it must be created with the sluice template first). */
  readonly indexExists: (name: string) => Promise<boolean>;
  /** Sends the event that continues the run (an asynchronous invocation of this function). */
  readonly continueWith: (event: Record<string, unknown>) => Promise<void>;
  readonly settings: RehydrateSettings;
  readonly now: () => number;
  /** A local run asked to stop (Ctrl-C): the run stops after the step in hand, resumable. */
  readonly shouldStop: () => boolean;
  /** Hears the checkpoint after every step (local progress). */
  readonly onProgress?: (checkpoint: RunCheckpoint) => void;
}

/** How an invocation ended. */
export const InvocationOutcome = {
  /** Time ran out with objects left: the run sent itself the event to go on. */
  continuing: 'continuing',
  done: 'done',
  /** A step could not be finished too many invocations in a row (see `lastError`): run it again to resume. */
  stopped: 'stopped',
  /** A local run was asked to stop (Ctrl-C): run the same arguments again to resume. */
  interrupted: 'interrupted',
  /** The run had finished before; nothing was done (`restart` runs it again). */
  alreadyDone: 'already-done',
  /** A continuation of a run that is not running any more (done, stopped, or not kept): nothing was done. */
  stale: 'stale',
  /** Another invocation of the same run saved first: this one stopped without counting its step. */
  superseded: 'superseded',
} as const;
export type InvocationOutcome = (typeof InvocationOutcome)[keyof typeof InvocationOutcome];

/** What one invocation of the rehydrate function did (its return value, and its log line). */
export interface RehydrateResult {
  readonly runId: string;
  readonly outcome: InvocationOutcome;
  /** The run as stored after this invocation (undefined for a continuation of a run no longer kept). */
  readonly checkpoint: RunCheckpoint | undefined;
  /**
   * This invocation's own work: the steps it counted into the checkpoint, plus a step it could not
   * finish (its `failed` records are read and indexed again on the next attempt).
   */
  readonly invocation: RehydrateCounts;
  /**
   * The counts of a step this invocation worked on but did not count into the checkpoint (records not
   * indexed in time, or another invocation saved first): it is done again, whole, by the next attempt.
   */
  readonly unfinished?: RehydrateCounts;
  /** Objects of the range not done yet. */
  readonly objectsLeft: number;
}
