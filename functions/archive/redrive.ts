import { createHash } from 'node:crypto';
import { encodeArchive } from '../../shared/adapters/s3/archive-encoder';
import {
  type DeadLetterGroup,
  decodeDeadLetterObject,
  encodeDeadLetterObject,
  groupDeadLetters,
} from '../../shared/adapters/s3/dead-letter-encoder';
import { putAll } from '../../shared/adapters/s3/put-all';
import { Area } from '../../shared/archive/keys';
import { readBatch } from '../../shared/batch/read-batch';
import type { AcceptedRecord, BatchRead } from '../../shared/batch/types';
import {
  type DeadLetterEntry,
  DeadLetterStage,
  deadLetterEntry,
  entryStage,
  recordOfEntry,
} from '../../shared/dead-letter/types';
import type { DeadLetterReason } from '../../shared/kafka/decode-value';
import { KafkaEventSource, type KafkaRecordIn } from '../../shared/kafka/types';
import { kafkaTimeMs, UNKNOWN_TIME_MS } from '../../shared/logs/timestamp';
import { type DeadLetterObjectRef, listDeadLetterObjects } from './redrive-list';
import type { ReasonCounts, RedrivenRecord, RedriveOptions, RedriveReport } from './redrive-types';
import type { ArchiveDeps } from './types';

/** One record's identity across dead-letter objects: its coordinates and its bytes. */
function identity(entry: DeadLetterEntry): string {
  const digest = createHash('sha256')
    .update(entry.value ?? '')
    .digest('base64');
  return JSON.stringify([entry.kafka.topic, entry.kafka.partition, entry.kafka.offset, digest]);
}

const acceptedOnly = (accepted: readonly AcceptedRecord[]): BatchRead => ({
  accepted,
  deadLettered: [],
  skipped: [],
  counts: { records: accepted.length, accepted: accepted.length, deadLettered: 0, skipped: 0 },
});

interface Run {
  readonly deps: ArchiveDeps;
  readonly options: RedriveOptions;
  /** What became of each record met so far, so that a duplicate in another object follows it. */
  readonly fates: Map<string, 'redriven' | 'kept'>;
  readonly counts: Map<DeadLetterReason, ReasonCounts>;
  readonly redriven: RedrivenRecord[];
  archived: number;
}

/** What became of the entries of one stage in one object. */
interface StageOutcome {
  /** Went through: archived (decode stage) and taken by the sinks. */
  readonly passed: DeadLetterEntry[];
  /** Still unusable: the entry as it was and the verdict it gets now. */
  readonly failed: { entry: DeadLetterEntry; verdict: DeadLetterEntry }[];
}

/**
 * Re-runs dead-letter entries through `readBatch` with the current limits. Records set aside by the
 * decode step that are now accepted are archived (as `…-redrive.ndjson.gz` objects) and given to every
 * sink; records set aside by the index go to the index sink only. Records that went through move from
 * the dead-letter area to `redriven/`; records still unusable stay (or move to their new reason).
 * Idempotent: a redriven entry leaves the dead-letter area, so a second run finds nothing to do, and
 * every key derives from the records, so a run interrupted half way redoes the same writes.
 *
 * @example
 * await redrive(deps, { read: { maxRecordBytes: 4 * 1024 * 1024, maxClockSkewMs: 900_000 }, reason: 'oversize' });
 */
export async function redrive(deps: ArchiveDeps, options: RedriveOptions): Promise<RedriveReport> {
  const refs = await listDeadLetterObjects(deps.store, options.reason, options.since);
  const run: Run = { deps, options, fates: new Map(), counts: new Map(), redriven: [], archived: 0 };
  for (const ref of refs) await redriveObject(run, ref);
  const total = (field: keyof ReasonCounts): number =>
    [...run.counts.values()].reduce((sum, counts) => sum + counts[field], 0);
  return {
    dryRun: options.dryRun === true,
    objects: refs.length,
    entries: total('entries'),
    accepted: total('accepted'),
    stillDeadLettered: total('stillDeadLettered'),
    unhandled: total('unhandled'),
    archived: run.archived,
    byReason: Object.fromEntries(run.counts),
    redriven: run.redriven,
  };
}

async function redriveObject(run: Run, ref: DeadLetterObjectRef): Promise<void> {
  const { deps, options } = run;
  const body = await deps.store.get(ref.key);
  if (body === undefined) return;
  const entries = decodeDeadLetterObject(body);

  // The entries to retry: in the time range, and not a duplicate of one already handled in this run.
  const leaving = new Set<DeadLetterEntry>();
  const byStage = new Map<DeadLetterStage, DeadLetterEntry[]>();
  for (const entry of entries) {
    if (
      options.since !== undefined &&
      (kafkaTimeMs(entry.kafka.timestamp) ?? UNKNOWN_TIME_MS) < options.since
    )
      continue;
    const fate = run.fates.get(identity(entry));
    if (fate === 'redriven') leaving.add(entry);
    if (fate !== undefined) continue;
    run.fates.set(identity(entry), 'kept');
    const stage = entryStage(entry);
    byStage.set(stage, [...(byStage.get(stage) ?? []), entry]);
  }

  const counts = countsOf(run, ref.reason);
  const passed: DeadLetterEntry[] = [];
  const failed: StageOutcome['failed'] = [];
  for (const [stage, selected] of byStage) {
    counts.entries += selected.length;
    const outcome = await retryStage(run, stage, selected);
    passed.push(...outcome.passed);
    failed.push(...outcome.failed);
  }
  counts.stillDeadLettered += failed.length;
  counts.accepted += passed.length;
  for (const entry of passed) {
    leaving.add(entry);
    run.fates.set(identity(entry), 'redriven');
    run.redriven.push({
      reason: ref.reason,
      topic: entry.kafka.topic,
      partition: entry.kafka.partition,
      offset: entry.kafka.offset,
    });
  }
  const moved = failed.filter(({ verdict }) => verdict.reason !== ref.reason);
  for (const { entry } of moved) leaving.add(entry);
  if (options.dryRun || leaving.size === 0) return;

  for (const group of groupDeadLetters(passed, Area.redriven)) await mergeInto(run, group);
  for (const group of groupDeadLetters(moved.map(({ verdict }) => verdict))) await mergeInto(run, group);
  const remaining = entries.filter((entry) => !leaving.has(entry));
  if (remaining.length === 0) await deps.store.delete(ref.key);
  else await deps.store.put(encodeDeadLetterObject(ref.key, remaining, deps.gzipLevel));
}

/** Retries the entries one stage set aside: decode, then archive and every sink; else that sink. */
async function retryStage(
  run: Run,
  stage: DeadLetterStage,
  selected: DeadLetterEntry[],
): Promise<StageOutcome> {
  const { deps, options } = run;
  const entryOf = new Map<KafkaRecordIn, DeadLetterEntry>(
    selected.map((entry) => [recordOfEntry(entry), entry]),
  );
  const original = (record: KafkaRecordIn): DeadLetterEntry => entryOf.get(record) as DeadLetterEntry;
  const read = readBatch({ eventSource: KafkaEventSource.msk, records: [...entryOf.keys()] }, options.read);
  const failed = read.deadLettered.map(({ record, reason, detail }) => ({
    entry: original(record),
    verdict: deadLetterEntry(record, reason, detail, DeadLetterStage.decode),
  }));
  const archives = stage === DeadLetterStage.decode;
  const sinks = (options.sinks ?? []).filter((sink) => archives || sink.stage === stage);
  if (!archives && sinks.length === 0) {
    countsOf(run, selected[0]?.reason ?? 'mapping_conflict').unhandled += read.accepted.length;
    return { passed: [], failed };
  }
  let accepted = read.accepted;
  if (!options.dryRun && accepted.length > 0) {
    if (archives) {
      const objects = encodeArchive(accepted, deps.gzipLevel, 'redrive');
      await putAll(deps.store, objects, deps.concurrency);
      run.archived += objects.reduce((sum, object) => sum + object.records, 0);
    }
    const refused = new Map<string, DeadLetterEntry>();
    for (const sink of sinks) {
      for (const entry of await sink.run(acceptedOnly(accepted))) {
        refused.set(
          identity(entry),
          entry.stage === undefined ? { ...entry, stage: sink.stage ?? stage } : entry,
        );
      }
    }
    accepted = accepted.filter((item) => {
      const verdict = refused.get(identity(original(item.record)));
      if (verdict !== undefined) failed.push({ entry: original(item.record), verdict });
      return verdict === undefined;
    });
  }
  return { passed: accepted.map((item) => original(item.record)), failed };
}

/** Adds entries to the object at the group's key, keeping what it already holds (never overwrites). */
async function mergeInto(run: Run, group: DeadLetterGroup): Promise<void> {
  const existing = await run.deps.store.get(group.key);
  const merged = existing === undefined ? [] : decodeDeadLetterObject(existing);
  const present = new Set(merged.map(identity));
  for (const entry of group.entries) if (!present.has(identity(entry))) merged.push(entry);
  merged.sort((a, b) => a.kafka.offset - b.kafka.offset);
  await run.deps.store.put(encodeDeadLetterObject(group.key, merged, run.deps.gzipLevel));
}

function countsOf(run: Run, reason: DeadLetterReason): ReasonCounts {
  const counts = run.counts.get(reason) ?? { entries: 0, accepted: 0, stillDeadLettered: 0, unhandled: 0 };
  run.counts.set(reason, counts);
  return counts;
}
