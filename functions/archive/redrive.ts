import { createHash } from 'node:crypto';
import { encodeArchive } from '../../shared/adapters/s3/archive-encoder';
import {
  type DeadLetterGroup,
  decodeDeadLetterObject,
  encodeDeadLetterObject,
  groupDeadLetters,
} from '../../shared/adapters/s3/dead-letter-encoder';
import { Area } from '../../shared/adapters/s3/keys';
import { putAll } from '../../shared/adapters/s3/put-all';
import { readBatch } from '../../shared/batch/read-batch';
import type { AcceptedRecord, BatchRead } from '../../shared/batch/types';
import { type DeadLetterEntry, deadLetterEntry, recordOfEntry } from '../../shared/dead-letter/types';
import { DeadLetterReason } from '../../shared/kafka/decode-value';
import { KafkaEventSource, type KafkaRecordIn } from '../../shared/kafka/types';
import { type DeadLetterObjectRef, listDeadLetterObjects } from './redrive-list';
import type {
  ReasonCounts,
  RedrivenRecord,
  RedriveOptions,
  RedriveReport,
  RedriveSink,
} from './redrive-types';
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

/** Outcome for a record already met in this run, so a duplicate in another object follows it. */
type Fate = 'redriven' | 'kept';

interface Run {
  readonly deps: ArchiveDeps;
  readonly options: RedriveOptions;
  readonly fates: Map<string, Fate>;
  readonly counts: Map<DeadLetterReason, ReasonCounts>;
  readonly redriven: RedrivenRecord[];
  archived: number;
}

/**
 * Re-runs dead-letter entries through `readBatch` with the current limits. Records that are now
 * accepted are archived (as `…-redrive.ndjson.gz` objects), given to the sinks that have not seen them,
 * and moved out of the dead-letter area to `redriven/`; records that are still unusable stay (or move
 * to their new reason). Idempotent: a redriven entry leaves the dead-letter area, so a second run finds
 * nothing to do, and every key derives from the records, so a run interrupted half way redoes the same
 * writes.
 *
 * @example
 * await redrive(deps, { read: { maxRecordBytes: 4 * 1024 * 1024, maxClockSkewMs: 900_000 }, reason: 'oversize' });
 */
export async function redrive(deps: ArchiveDeps, options: RedriveOptions): Promise<RedriveReport> {
  const refs = await listDeadLetterObjects(deps.store, options.reason, options.since);
  const run: Run = { deps, options, fates: new Map(), counts: new Map(), redriven: [], archived: 0 };
  for (const ref of refs) await redriveObject(run, ref);
  const byReason = Object.fromEntries(run.counts);
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
    byReason,
    redriven: run.redriven,
  };
}

async function redriveObject(run: Run, ref: DeadLetterObjectRef): Promise<void> {
  const { deps, options } = run;
  const body = await deps.store.get(ref.key);
  if (body === undefined) return;
  const entries = decodeDeadLetterObject(body);
  const counts = countsOf(run, ref.reason);

  // Pick the entries to look at: in the time range, and not a duplicate of one already handled.
  const leaving = new Set<DeadLetterEntry>();
  const entryOf = new Map<KafkaRecordIn, DeadLetterEntry>();
  for (const entry of entries) {
    if (options.since !== undefined && entry.kafka.timestamp < options.since) continue;
    const fate = run.fates.get(identity(entry));
    if (fate === 'redriven') leaving.add(entry);
    if (fate !== undefined) continue;
    entryOf.set(recordOfEntry(entry), entry);
  }
  const read = readBatch({ eventSource: KafkaEventSource.msk, records: [...entryOf.keys()] }, options.read);
  const original = (record: KafkaRecordIn): DeadLetterEntry => entryOf.get(record) as DeadLetterEntry;
  counts.entries += entryOf.size;

  const sinks = (options.sinks ?? []).filter((sink) => sink.reasons.includes(ref.reason));
  const archives = ref.reason !== DeadLetterReason.mappingConflict;
  let accepted = read.accepted;
  if (!archives && sinks.length === 0) {
    counts.unhandled += accepted.length;
    accepted = [];
  }
  // Still unusable: the entry as it was, and the verdict it gets now (same or another reason).
  const stillDead = read.deadLettered.map(({ record, reason, detail }) => ({
    entry: original(record),
    verdict: deadLetterEntry(record, reason, detail),
  }));

  if (!options.dryRun && accepted.length > 0) {
    if (archives) {
      const objects = encodeArchive(accepted, deps.gzipLevel, 'redrive');
      await putAll(deps.store, objects, deps.concurrency);
      run.archived += objects.reduce((sum, object) => sum + object.records, 0);
    }
    const rejected = await runSinks(sinks, accepted);
    const byIdentity = new Map(accepted.map((item) => [identity(original(item.record)), item.record]));
    for (const verdict of rejected) {
      const record = byIdentity.get(identity(verdict));
      if (record === undefined) continue;
      stillDead.push({ entry: original(record), verdict });
      byIdentity.delete(identity(verdict));
    }
    accepted = accepted.filter((item) => byIdentity.has(identity(original(item.record))));
  }

  for (const item of accepted) {
    const entry = original(item.record);
    leaving.add(entry);
    run.fates.set(identity(entry), 'redriven');
    run.redriven.push({ reason: ref.reason, ...pickCoordinates(entry) });
  }
  for (const { entry } of stillDead) run.fates.set(identity(entry), 'kept');
  for (const entry of entryOf.values())
    if (!run.fates.has(identity(entry))) run.fates.set(identity(entry), 'kept');
  counts.accepted += accepted.length;
  counts.stillDeadLettered += stillDead.length;

  const moved = stillDead.filter(({ verdict }) => verdict.reason !== ref.reason);
  for (const { entry } of moved) leaving.add(entry);
  if (options.dryRun || leaving.size === 0) return;

  const redrivenEntries = accepted.map((item) => original(item.record));
  for (const group of groupDeadLetters(redrivenEntries, Area.redriven)) await mergeInto(run, group);
  for (const group of groupDeadLetters(moved.map(({ verdict }) => verdict))) await mergeInto(run, group);
  const remaining = entries.filter((entry) => !leaving.has(entry));
  if (remaining.length === 0) await deps.store.delete(ref.key);
  else await deps.store.put(encodeDeadLetterObject(ref.key, remaining, deps.gzipLevel));
}

async function runSinks(
  sinks: readonly RedriveSink[],
  accepted: readonly AcceptedRecord[],
): Promise<DeadLetterEntry[]> {
  const rejected: DeadLetterEntry[] = [];
  for (const sink of sinks) rejected.push(...(await sink.run(acceptedOnly(accepted))));
  return rejected;
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

const pickCoordinates = (entry: DeadLetterEntry) => ({
  topic: entry.kafka.topic,
  partition: entry.kafka.partition,
  offset: entry.kafka.offset,
});
