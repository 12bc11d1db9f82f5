import type { ArchiveHour } from '../../shared/adapters/s3/archive-hours';
import { objectRange } from '../../shared/archive/keys';
import { ConfigError } from '../../shared/errors';
import type { Invocation } from '../../shared/lambda/invocation';
import { compileEventFilter } from '../../shared/logs/event-filter';
import {
  addCounts,
  noCounts,
  type RehydrateCounts,
  type RunCheckpoint,
  RunStatus,
} from '../../shared/rehydrate/checkpoint';
import { CopyTracker, overlapping } from './copies';
import { type ListedObject, rangeHours, rangeObjects, rangeTotals } from './listing';
import { continuationEvent, type RehydrateRequest, runIdOf } from './request';
import { readStep, recallOffsets, writeStep } from './step';
import { InvocationOutcome, type RehydrateCore, type RehydrateResult } from './types';

type Started =
  /** `hours`: the range's hour prefixes when starting listed them already. */
  { kind: 'go'; checkpoint: RunCheckpoint; hours?: ArchiveHour[] } | { kind: 'end'; result: RehydrateResult };

const objectsLeft = (checkpoint: RunCheckpoint | undefined): number =>
  checkpoint === undefined ? 0 : Math.max(0, checkpoint.total.objects - checkpoint.counts.objects);

function ended(
  outcome: InvocationOutcome,
  runId: string,
  checkpoint: RunCheckpoint | undefined,
  invocation: RehydrateCounts = noCounts,
  unfinished?: RehydrateCounts,
): RehydrateResult {
  return {
    runId,
    outcome,
    checkpoint,
    invocation,
    ...(unfinished === undefined ? {} : { unfinished }),
    objectsLeft: objectsLeft(checkpoint),
  };
}

/**
 * Where this invocation starts: a continuation goes on from the checkpoint as stored (whatever version
 * it was sent after: Lambda retries a failed invocation with its event after that invocation may have
 * saved steps) as long as the run is running; a start resumes an unfinished run, or begins one
 * (listing the range for its totals) when there is none, or it finished and `restart` (or a dry run)
 * asks again.
 */
async function start(request: RehydrateRequest, core: RehydrateCore, runId: string): Promise<Started> {
  const { args } = request;
  const stored = await core.checkpoints.get(runId);
  const now = new Date(core.now()).toISOString();
  if (request.continuation !== undefined) {
    return stored?.status === RunStatus.running
      ? { kind: 'go', checkpoint: stored }
      : { kind: 'end', result: ended(InvocationOutcome.stale, runId, stored) };
  }
  if (stored?.status === RunStatus.done && !request.restart && !args.dryRun)
    return { kind: 'end', result: ended(InvocationOutcome.alreadyDone, runId, stored) };
  let next: RunCheckpoint;
  let hours: ArchiveHour[] | undefined;
  if (stored === undefined || stored.status === RunStatus.done || request.restart) {
    if (args.index !== undefined && !args.dryRun && !(await core.indexExists(args.index))) {
      throw new ConfigError(
        `index ${args.index} does not exist: create it with the sluice template first (sluice rehydrate --index ${args.index} --create-index)`,
      );
    }
    hours = await rangeHours(core.store, args, core.settings.maxClockSkewMs);
    const total = await rangeTotals(core.store, hours);
    next = {
      runId,
      args,
      version: (stored?.version ?? 0) + 1,
      status: RunStatus.running,
      cursor: null,
      total,
      bytesDone: 0,
      counts: noCounts,
      invocations: 1,
      failedAttempts: 0,
      startedAt: now,
      updatedAt: now,
    };
  } else {
    const { lastError: _, ...kept } = stored;
    next = {
      ...kept,
      version: stored.version + 1,
      status: RunStatus.running,
      invocations: stored.invocations + 1,
      failedAttempts: 0,
      updatedAt: now,
    };
  }
  if (!(await core.checkpoints.save(next, stored?.version)))
    return { kind: 'end', result: ended(InvocationOutcome.superseded, runId, stored) };
  core.onProgress?.(next);
  return { kind: 'go', checkpoint: next, ...(hours ? { hours } : {}) };
}

/**
 * One invocation of a rehydrate run: from the checkpoint's cursor, steps of archive objects in key
 * order (read, copies counted once, filtered, indexed with live indexing's documents), each step
 * counted into the checkpoint once it is done, while the invocation has time; then the run sends
 * itself the event to go on, or ends. The checkpoint, not the event, says where the run is: every
 * write names the version it read, so of two invocations working at once (a repeated asynchronous
 * event) only the one that saves first counts its step, and the other stops; an event for a run that
 * is no longer running does nothing.
 *
 * @example
 * const result = await runRehydrate(parseRehydrateEvent(event, 'logs-'), core, invocation);
 */
export async function runRehydrate(
  request: RehydrateRequest,
  core: RehydrateCore,
  invocation: Pick<Invocation, 'remainingMs' | 'signal'>,
): Promise<RehydrateResult> {
  const { args } = request;
  const runId = runIdOf(args);
  const { writer, settings } = core;
  if (!args.dryRun && writer === undefined) {
    throw new ConfigError(
      'OpenSearch is not configured: set OPENSEARCH_URL or OPENSEARCH_DOMAIN (or ask for a dry run)',
    );
  }
  const started = await start(request, core, runId);
  if (started.kind === 'end') return started.result;
  let checkpoint = started.checkpoint;
  let counted = request.continuation === undefined;
  let own: RehydrateCounts = noCounts;

  const save = async (next: Omit<RunCheckpoint, 'version' | 'updatedAt' | 'invocations'>) => {
    const saved: RunCheckpoint = {
      ...next,
      version: checkpoint.version + 1,
      invocations: checkpoint.invocations + (counted ? 0 : 1),
      updatedAt: new Date(core.now()).toISOString(),
    };
    if (!(await core.checkpoints.save(saved, checkpoint.version))) return false;
    counted = true;
    checkpoint = saved;
    core.onProgress?.(saved);
    return true;
  };

  const matches = compileEventFilter({
    sinceMs: Date.parse(args.since),
    untilMs: Date.parse(args.until),
    ...(args.levels ? { levels: args.levels } : {}),
    ...(args.service ? { service: args.service } : {}),
    ...(args.pathname ? { pathname: args.pathname } : {}),
  });
  const hours = started.hours ?? (await rangeHours(core.store, args, settings.maxClockSkewMs));
  const listing = rangeObjects(core.store, hours, checkpoint.cursor)[Symbol.asyncIterator]();
  const copies = new CopyTracker();
  let doneInFolder: string[] = [];
  let recalled = false;
  let pending: ListedObject | undefined;

  /** The next object not done yet, recalling the offsets a resumed run needs first. */
  const nextObject = async (): Promise<ListedObject | undefined> => {
    if (pending !== undefined) {
      const object = pending;
      pending = undefined;
      return object;
    }
    for (let item = await listing.next(); !item.done; item = await listing.next()) {
      const object = item.value;
      if (object.done) {
        const folder = objectRange(object.key)?.folder;
        if (folder !== objectRange(doneInFolder[0] ?? '')?.folder) doneInFolder = [];
        doneInFolder.push(object.key);
        continue;
      }
      if (!recalled) {
        recalled = true;
        await recallOffsets(core.store, overlapping(doneInFolder, object.key), copies, settings.downloads);
      }
      return object;
    }
    return undefined;
  };

  let outcome: InvocationOutcome = InvocationOutcome.done;
  let unfinished: RehydrateCounts | undefined;
  while (true) {
    if (core.shouldStop()) {
      outcome = InvocationOutcome.interrupted;
      break;
    }
    if (invocation.remainingMs() - settings.reserveMs < settings.minStepMs) {
      outcome = InvocationOutcome.continuing;
      break;
    }
    const step: ListedObject[] = [];
    let bytes = 0;
    while (step.length < settings.objectsPerStep) {
      const object = await nextObject();
      if (object === undefined) break;
      if (step.length > 0 && bytes + object.size > settings.stepBytes) {
        pending = object;
        break;
      }
      step.push(object);
      bytes += object.size;
    }
    const last = step[step.length - 1];
    if (last === undefined) break;
    const read = await readStep(
      core.store,
      step.map((object) => object.key),
      copies,
      matches,
      settings.downloads,
    );
    const stepStart = core.now();
    const written =
      args.dryRun || writer === undefined
        ? undefined
        : await writeStep(read.selected, args, writer, core.deadLetters, {
            remainingMs: () =>
              Math.min(
                invocation.remainingMs() - settings.reserveMs,
                stepStart + settings.stepMs - core.now(),
              ),
            signal: invocation.signal,
          });
    const stepCounts = written ? { ...read.counts, ...written.counts } : read.counts;
    own = addCounts(own, stepCounts);
    if (written?.failure !== undefined) {
      const failedAttempts = checkpoint.failedAttempts + 1;
      const status = failedAttempts >= settings.maxFailedAttempts ? RunStatus.stopped : RunStatus.running;
      unfinished = stepCounts;
      const saved = await save({
        ...checkpoint,
        status,
        failedAttempts,
        lastError: `${written.counts.failed} records not indexed in time: ${written.failure}`,
      });
      outcome = !saved
        ? InvocationOutcome.superseded
        : status === RunStatus.stopped
          ? InvocationOutcome.stopped
          : InvocationOutcome.continuing;
      break;
    }
    const { lastError: _, ...kept } = checkpoint;
    if (
      !(await save({
        ...kept,
        cursor: last.key,
        counts: addCounts(checkpoint.counts, stepCounts),
        bytesDone: checkpoint.bytesDone + bytes,
        failedAttempts: 0,
      }))
    ) {
      unfinished = stepCounts;
      outcome = InvocationOutcome.superseded;
      break;
    }
  }
  if (outcome === InvocationOutcome.done) {
    const finishedAt = new Date(core.now()).toISOString();
    if (!(await save({ ...checkpoint, status: RunStatus.done, finishedAt })))
      outcome = InvocationOutcome.superseded;
  }
  if (outcome === InvocationOutcome.continuing) {
    await core.continueWith(continuationEvent(args, checkpoint.version));
  }
  return ended(outcome, runId, checkpoint, own, unfinished);
}
