// Drives detect the way production does, for the exactness property tests (test/functions/detect/):
// consumers that deliver their partitions like the event source mapping (random batch lengths,
// failures, lost commits that rewind), and a redriver that re-runs dead-lettered records like
// `sluice redrive` (subsets, some twice, with failures), all concurrently.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BatchRead } from '../../shared/batch/types';
import { TransientSinkError } from '../../shared/errors';
import type { LogEvent } from '../../shared/logs/types';
import type { DetectStore } from '../../shared/rules/store';
import { accepted } from '../shared/rules/make-event';

/** One delivery attempt of the event source mapping. */
export interface DriveStep {
  readonly length: number;
  /** Store (or DynamoDB) calls allowed before an injected failure; undefined: the batch succeeds. */
  readonly failAfter: number | undefined;
  /** The failing call reaches DynamoDB and only its answer is lost. */
  readonly lost: boolean;
  /** After a success, the commit is lost and the consumer restarts from an earlier commit. */
  readonly rewind: boolean;
  readonly pick: number;
}

export const stepArb: fc.Arbitrary<DriveStep> = fc.record({
  length: fc.integer({ min: 1, max: 12 }),
  failAfter: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 3 }).map((v) => v ?? undefined),
  lost: fc.boolean(),
  rewind: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  pick: fc.nat(),
});

/** One `sluice redrive` run: which dead-lettered records it finds, and how it fails first. */
export interface RedriveStep {
  readonly picks: readonly number[];
  readonly failAfter: number | undefined;
  readonly lost: boolean;
}

export const redriveArb: fc.Arbitrary<RedriveStep> = fc.record({
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
  failAfter: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 2 }).map((v) => v ?? undefined),
  lost: fc.boolean(),
});

/** A record of the topic: dead-lettered by decode (say oversize) or not; `late`: accepted live once redriven. */
export interface DriveRecord {
  readonly event: LogEvent;
  /** Dead-lettered by the functions' decode step (so never counted live, unless `late`). */
  readonly dead: boolean;
  /**
   * The functions' limit was raised after the archive dead-lettered it: detect, lagging behind,
   * accepts it live. Only modelled after its redrive succeeded (docs/detect.md "Redrive" says why).
   */
  readonly late: boolean;
}

/** Runs a batch; `failing` is the step whose failure to inject, if any. */
export type RunBatch = (read: BatchRead, failing: DriveStep | RedriveStep | undefined) => Promise<unknown>;

export const readOf = (records: readonly DriveRecord[]): BatchRead => ({
  accepted: records.map((record) => accepted(record.event)),
  deadLettered: [],
  skipped: [],
  counts: { records: records.length, accepted: records.length, deadLettered: 0, skipped: 0 },
});

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Delivers some partitions like the event source mapping: batches of a step's length from each
 * partition's commit, retried after a failure (with other boundaries), and after a success sometimes
 * rewound to an earlier commit (a lost commit). A dead-lettered record is left out of the batch's
 * accepted records, as decode leaves it out.
 */
export async function consume(options: {
  readonly partitions: readonly (readonly DriveRecord[])[];
  readonly mine: readonly number[];
  readonly steps: readonly DriveStep[];
  readonly offset: number;
  readonly redriven: ReadonlySet<DriveRecord>;
  readonly run: RunBatch;
}): Promise<void> {
  const { partitions, mine, steps, offset, redriven, run } = options;
  const committed = mine.map(() => 0);
  const history = mine.map(() => [0]);
  const lengthOf = (k: number) => (partitions[mine[k] as number] as readonly DriveRecord[]).length;
  let failuresInRow = 0;
  for (let i = 0; committed.some((c, k) => c < lengthOf(k)); i += 1) {
    assert.ok(i < 500, 'consumer did not finish');
    const step = steps[(i + offset) % steps.length] as DriveStep;
    const forced = failuresInRow >= 3 || i > 200;
    const failing = step.failAfter !== undefined && !forced;
    const ends = mine.map((_, k) => Math.min(lengthOf(k), (committed[k] as number) + step.length));
    const batch = mine.flatMap((p, k) =>
      (partitions[p] as readonly DriveRecord[]).slice(committed[k], ends[k]),
    );
    const live = batch.filter((record) => !record.dead || (record.late && redriven.has(record)));
    try {
      await run(readOf(live), failing ? step : undefined);
      failuresInRow = 0;
      mine.forEach((_, k) => {
        committed[k] = ends[k] as number;
        history[k]?.push(ends[k] as number);
      });
      if (step.rewind && !forced) {
        mine.forEach((_, k) => {
          const points = history[k] as number[];
          committed[k] = points[step.pick % points.length] as number;
        });
      }
    } catch (error) {
      if (!(error instanceof TransientSinkError)) throw error;
      failuresInRow += 1;
    }
    await pause();
  }
}

/**
 * Redrives like `sluice redrive`, run by hand from time to time: each run takes some dead-lettered
 * records (picks may repeat a record, and runs overlap, so records are redriven more than once) and
 * is run again until it succeeds. `redriven` collects the records of the runs that succeeded.
 */
export async function redriveRuns(options: {
  readonly dead: readonly DriveRecord[];
  readonly runs: readonly RedriveStep[];
  readonly redriven: Set<DriveRecord>;
  readonly run: RunBatch;
}): Promise<void> {
  const { dead, runs, redriven, run } = options;
  if (dead.length === 0) return;
  for (const step of runs) {
    const records = [...new Set(step.picks.map((pick) => dead[pick % dead.length] as DriveRecord))];
    for (let attempt = 0; ; attempt += 1) {
      assert.ok(attempt < 20, 'redrive did not finish');
      try {
        await run(readOf(records), attempt === 0 && step.failAfter !== undefined ? step : undefined);
        break;
      } catch (error) {
        if (!(error instanceof TransientSinkError)) throw error;
      }
      await pause();
    }
    for (const record of records) redriven.add(record);
    await pause();
  }
}

/**
 * A gate that fails calls after `failAfter` of them (optionally after the failing call went through,
 * its answer lost), for one batch.
 *
 * @example
 * const gate = failureGate(step);
 * await gate(() => store.windows.applyBatch(deltas, options));
 */
export function failureGate(step: DriveStep | RedriveStep | undefined) {
  let calls = 0;
  return async <T>(op: () => Promise<T>): Promise<T> => {
    calls += 1;
    if (step?.failAfter === undefined || calls <= step.failAfter) return op();
    if (step.lost && calls === step.failAfter + 1) await op();
    throw new TransientSinkError('injected failure');
  };
}

/**
 * A store whose writes fail as the step says (optionally after the failing call went through): window
 * writes, claims, lease renewals, fingerprint writes and watermark writes.
 *
 * @example
 * await detectBatch(read, { ...deps, store: flakyStore(deps.store, step) }, slack, () => now);
 */
export function flakyStore(store: DetectStore, step: DriveStep | RedriveStep | undefined): DetectStore {
  if (step === undefined) return store;
  const gate = failureGate(step);
  const { windows, alerts, budget, fingerprints, closing } = store;
  return {
    windows: {
      applyBatch: (deltas, options) => gate(() => windows.applyBatch(deltas, options)),
      setAlerts: (decisions) => gate(() => windows.setAlerts(decisions)),
      countOf: (key) => windows.countOf(key),
      recordOver: (key, expiresAt) => gate(() => windows.recordOver(key, expiresAt)),
      lastOver: (rule, group, windowMs) => windows.lastOver(rule, group, windowMs),
    },
    alerts: {
      claim: (key, alert, options) => gate(() => alerts.claim(key, alert, options)),
      due: (queue, now, limit) => alerts.due(queue, now, limit),
      countDue: (queue, now) => alerts.countDue(queue, now),
      lease: (key, queue, now, until, leaseId) => alerts.lease(key, queue, now, until, leaseId),
      renew: (key, queue, leaseId, until) => gate(() => alerts.renew(key, queue, leaseId, until)),
      retryLater: (key, queue, at, error) => alerts.retryLater(key, queue, at, error),
      delivered: (key, now, resolveAt) => alerts.delivered(key, now, resolveAt),
      resolved: (key, now, outcome) => alerts.resolved(key, now, outcome),
      laterAlertExists: (key) => alerts.laterAlertExists(key),
    },
    budget,
    fingerprints: {
      lastSeen: (keys) => fingerprints.lastSeen(keys),
      refresh: (key, hour, expiresAt) => gate(() => fingerprints.refresh(key, hour, expiresAt)),
      claimNew: (key, seen, alertKey, alert, options) =>
        gate(() => fingerprints.claimNew(key, seen, alertKey, alert, options)),
    },
    closing: {
      advance: (progress, now, expiresAt) => gate(() => closing.advance(progress, now, expiresAt)),
      watermarks: () => closing.watermarks(),
      groupsOf: (window) => closing.groupsOf(window),
      cursor: (rule, windowMs) => closing.cursor(rule, windowMs),
      moveCursor: (rule, windowMs, from, to, expiresAt) =>
        closing.moveCursor(rule, windowMs, from, to, expiresAt),
      markCleared: (key, counts, since, expiresAt) => closing.markCleared(key, counts, since, expiresAt),
      cleared: (rule, group, windowMs) => closing.cleared(rule, group, windowMs),
    },
  };
}
