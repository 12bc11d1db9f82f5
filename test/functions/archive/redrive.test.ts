import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { archiveBatch } from '../../../functions/archive/archive-batch';
import { redrive } from '../../../functions/archive/redrive';
import type { RedriveSink } from '../../../functions/archive/redrive-types';
import type { ArchiveDeps } from '../../../functions/archive/types';
import { S3DeadLetters } from '../../../shared/adapters/s3/s3-dead-letters';
import { readBatch } from '../../../shared/batch/read-batch';
import type { BatchRead } from '../../../shared/batch/types';
import { type DeadLetterEntry, deadLetterEntry } from '../../../shared/dead-letter/types';
import {
  archivedLines,
  coordinates,
  deadLetterEntries,
  snapshot,
} from '../../shared/adapters/s3/support/area';
import { lowLimit, sampleBatch, sampleTime } from '../../shared/adapters/s3/support/batches';
import { freshBucket } from '../../shared/adapters/s3/support/bucket';

const MiB = 1024 * 1024;
const low = { maxRecordBytes: lowLimit, maxClockSkewMs: 15 * 60_000 };
const raised = { ...low, maxRecordBytes: MiB };

/** A bucket holding the sample batch archived under the low limit: the Java log is oversize. */
async function archivedSample(): Promise<{ deps: ArchiveDeps; read: BatchRead }> {
  const deps: ArchiveDeps = { store: await freshBucket(), gzipLevel: 6, concurrency: 4 };
  const read = readBatch(sampleBatch(), low);
  await archiveBatch(read, deps);
  return { deps, read };
}

describe('redrive', () => {
  test('after raising maxRecordBytes the oversize record is accepted and archived; a second redrive changes nothing', async () => {
    const { deps, read } = await archivedSample();
    const oversize = read.deadLettered.find((item) => item.reason === 'oversize');
    assert.ok(oversize);

    const first = await redrive(deps, { read: raised });
    assert.equal(first.accepted, 1);
    assert.equal(first.archived, 1);
    assert.deepEqual(first.redriven, [
      { reason: 'oversize', topic: 'app-logs', partition: 0, offset: oversize.record.offset },
    ]);
    assert.equal(first.stillDeadLettered, 2); // binary and undecodable stay
    assert.equal(first.byReason.oversize?.accepted, 1);

    const archived = (await archivedLines(deps.store)).filter(
      (line) => coordinates(line.kafka) === coordinates(oversize.record),
    );
    assert.equal(archived.length, 1);
    const expected = readBatch({ eventSource: 'aws:kafka', records: [oversize.record] }, raised).accepted[0]
      ?.event;
    assert.deepEqual(archived[0], expected);
    // It left the dead-letter area and is kept, byte for byte, under redriven/.
    const remaining = await deadLetterEntries(deps.store);
    assert.deepEqual(remaining.map((entry) => entry.reason).sort(), ['binary', 'undecodable']);
    const [moved] = await deadLetterEntries(deps.store, 'redriven/');
    assert.equal(moved?.value, oversize.record.value);
    assert.equal(moved?.reason, 'oversize');

    const before = await snapshot(deps.store);
    const second = await redrive(deps, { read: raised });
    assert.equal(second.accepted, 0);
    assert.equal(second.archived, 0);
    assert.deepEqual(second.redriven, []);
    assert.deepEqual(await snapshot(deps.store), before);
  });

  test('with the limit unchanged nothing is accepted and no object changes', async () => {
    const { deps } = await archivedSample();
    const before = await snapshot(deps.store);
    const report = await redrive(deps, { read: low });
    assert.equal(report.entries, 3);
    assert.equal(report.accepted, 0);
    assert.equal(report.stillDeadLettered, 3);
    assert.deepEqual(await snapshot(deps.store), before);
  });

  test('a dry run reports what would be accepted and writes nothing', async () => {
    const { deps } = await archivedSample();
    const before = await snapshot(deps.store);
    const report = await redrive(deps, { read: raised, dryRun: true });
    assert.equal(report.dryRun, true);
    assert.equal(report.accepted, 1);
    assert.equal(report.archived, 0);
    assert.deepEqual(await snapshot(deps.store), before);
  });

  test('--reason and --since select entries through the reason= and dt= prefixes', async () => {
    const { deps } = await archivedSample();
    const onlyBinary = await redrive(deps, { read: raised, reason: 'binary', dryRun: true });
    assert.equal(onlyBinary.entries, 1);
    assert.deepEqual(Object.keys(onlyBinary.byReason), ['binary']);
    const future = await redrive(deps, { read: raised, since: sampleTime + 86_400_000, dryRun: true });
    assert.equal(future.objects, 0);
    assert.equal(future.entries, 0);
    // Same day, later than the oversize record (offset 107, 7 s after the first): only later entries.
    const later = await redrive(deps, { read: raised, since: sampleTime + 8_000, dryRun: true });
    assert.equal(later.accepted, 0);
    assert.equal(later.entries, 2);
  });

  test('--since reads Kafka timestamps by magnitude: nanoseconds select as milliseconds do', async () => {
    const deps: ArchiveDeps = { store: await freshBucket(), gzipLevel: 6, concurrency: 4 };
    const batch = sampleBatch();
    const inNanoseconds = {
      ...batch,
      records: batch.records.map((record) => ({ ...record, timestamp: record.timestamp * 1e6 })),
    };
    await archiveBatch(readBatch(inNanoseconds, low), deps);
    const later = await redrive(deps, { read: raised, since: sampleTime + 8_000, dryRun: true });
    assert.equal(later.accepted, 0);
    assert.equal(later.entries, 2);
  });

  test('a record that is unusable for another reason now moves to that reason', async () => {
    const { deps, read } = await archivedSample();
    const oversize = read.deadLettered.find((item) => item.reason === 'oversize');
    assert.ok(oversize);
    // Accepted now, but the index refuses it: it leaves oversize and becomes a mapping_conflict.
    const rejecting: RedriveSink = {
      name: 'index',
      stage: 'index',
      run: async (batch) =>
        batch.accepted.map((item) =>
          deadLetterEntry(item.record, 'mapping_conflict', 'mapper_parsing_exception'),
        ),
    };
    const report = await redrive(deps, { read: raised, sinks: [rejecting] });
    assert.equal(report.accepted, 0);
    assert.equal(report.archived, 1); // archived before the index said no: the archive keeps every log
    const entries = await deadLetterEntries(deps.store);
    const conflict = entries.find((entry) => entry.reason === 'mapping_conflict');
    assert.equal(conflict?.value, oversize.record.value);
    assert.equal(conflict?.detail, 'mapper_parsing_exception');
    assert.equal(entries.filter((entry) => entry.reason === 'oversize').length, 0);
  });

  test('mapping_conflict entries go only to a sink that takes them, never to the archive again', async () => {
    const deps: ArchiveDeps = { store: await freshBucket(), gzipLevel: 6, concurrency: 4 };
    const read = readBatch(sampleBatch(), low);
    const conflicted: DeadLetterEntry[] = read.accepted
      .slice(0, 2)
      .map((item) => deadLetterEntry(item.record, 'mapping_conflict', 'mapper_parsing_exception'));
    await new S3DeadLetters(deps.store, { stage: 'index' }).write(conflicted);

    const without = await redrive(deps, { read: raised });
    assert.equal(without.unhandled, 2);
    assert.equal(without.accepted, 0);
    assert.equal((await deadLetterEntries(deps.store)).length, 2);

    const seen: number[] = [];
    const index: RedriveSink = {
      name: 'index',
      stage: 'index',
      run: async (batch) => {
        seen.push(...batch.accepted.map((item) => item.record.offset));
        return [];
      },
    };
    const report = await redrive(deps, { read: raised, sinks: [index] });
    assert.equal(report.accepted, 2);
    assert.equal(report.archived, 0);
    assert.deepEqual(seen, [100, 101]);
    assert.equal((await archivedLines(deps.store)).length, 0);
    assert.equal((await deadLetterEntries(deps.store)).length, 0);
  });

  test('an oversize entry from the index (too big for OpenSearch) goes back to the index only', async () => {
    const deps: ArchiveDeps = { store: await freshBucket(), gzipLevel: 6, concurrency: 4 };
    const [item] = readBatch(sampleBatch(), low).accepted;
    assert.ok(item);
    const tooBig = deadLetterEntry(item.record, 'oversize', 'document is 20000000 bytes as _bulk NDJSON');
    await new S3DeadLetters(deps.store, { stage: 'index' }).write([tooBig]);
    const [stored] = await deadLetterEntries(deps.store);
    assert.equal(stored?.stage, 'index');

    const detected: number[] = [];
    const detect: RedriveSink = {
      name: 'detect',
      run: async (batch) => {
        detected.push(...batch.accepted.map((accepted) => accepted.record.offset));
        return [];
      },
    };
    const withoutIndex = await redrive(deps, { read: raised, sinks: [detect] });
    assert.equal(withoutIndex.unhandled, 1);
    assert.equal(withoutIndex.archived, 0);
    assert.deepEqual(detected, []);

    const index: RedriveSink = { name: 'index', stage: 'index', run: async () => [] };
    const report = await redrive(deps, { read: raised, sinks: [detect, index] });
    assert.equal(report.accepted, 1);
    assert.equal(report.archived, 0); // the archive function archived it the first time
    assert.deepEqual(detected, []); // and the detector counted it
    assert.equal((await archivedLines(deps.store)).length, 0);
    assert.equal((await deadLetterEntries(deps.store)).length, 0);
  });

  test('records set aside by the decode step go to the archive and to every sink', async () => {
    const { deps, read } = await archivedSample();
    const oversize = read.deadLettered.find((entry) => entry.reason === 'oversize');
    const seen: string[] = [];
    const sink = (name: string, stage?: 'index'): RedriveSink => ({
      name,
      ...(stage ? { stage } : {}),
      run: async (batch) => {
        seen.push(...batch.accepted.map((accepted) => `${name}:${accepted.record.offset}`));
        return [];
      },
    });
    const report = await redrive(deps, { read: raised, sinks: [sink('index', 'index'), sink('detect')] });
    assert.equal(report.accepted, 1);
    assert.equal(report.archived, 1);
    assert.deepEqual(seen, [`index:${oversize?.record.offset}`, `detect:${oversize?.record.offset}`]);
  });
});
