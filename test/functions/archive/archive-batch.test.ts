import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { archiveBatch } from '../../../functions/archive/archive-batch';
import type { ArchiveDeps } from '../../../functions/archive/types';
import type { S3Bucket } from '../../../shared/adapters/s3/s3-bucket';
import { readBatch } from '../../../shared/batch/read-batch';
import type { BatchRead } from '../../../shared/batch/types';
import { TransientSinkError } from '../../../shared/errors';
import {
  archivedLines,
  coordinates,
  deadLetterEntries,
  snapshot,
} from '../../shared/adapters/s3/support/area';
import {
  jsonBatch,
  lowLimit,
  recordedBatches,
  sampleBatch,
  slice,
} from '../../shared/adapters/s3/support/batches';
import { bucketNamed, freshBucket } from '../../shared/adapters/s3/support/bucket';

const options = { maxRecordBytes: 1024 * 1024, maxClockSkewMs: 15 * 60_000 };
const depsFor = (store: S3Bucket): ArchiveDeps => ({ store, gzipLevel: 6, concurrency: 4 });

// Each recording is its own bucket: the samples reuse coordinates (mytopic/0/15) for different values,
// which real Kafka never does, so together they would overwrite each other's objects.
describe('archiveBatch on recorded events and real log samples', () => {
  const cases: { name: string; read: BatchRead; deps: ArchiveDeps }[] = [];
  const reads = (): BatchRead[] => cases.map((item) => item.read);

  before(async () => {
    const batches = recordedBatches().map(({ name, batch }) => ({ name, read: readBatch(batch, options) }));
    batches.push({
      name: 'sample',
      read: readBatch(sampleBatch(), { ...options, maxRecordBytes: lowLimit }),
    });
    for (const { name, read } of batches) {
      const deps = depsFor(await freshBucket());
      await archiveBatch(read, deps);
      cases.push({ name, read, deps });
    }
  });

  test('the samples cover every kind of record', () => {
    const reasons = new Set(reads().flatMap((read) => read.deadLettered.map((item) => item.reason)));
    assert.deepEqual([...reasons].sort(), ['binary', 'oversize', 'undecodable']);
    assert.ok(reads().some((read) => read.accepted.some((item) => item.originalValue !== undefined)));
    assert.ok(reads().some((read) => read.skipped.length > 0));
  });

  test('every accepted record is archived, with its Kafka coordinates', async () => {
    for (const { name, read, deps } of cases) {
      const lines = await archivedLines(deps.store);
      const expected = read.accepted.map((item) => JSON.stringify(item.event));
      const actual = lines.map(({ originalValue: _, ...event }) => JSON.stringify(event));
      assert.deepEqual([...actual].sort(), [...expected].sort(), name);
      for (const line of lines) {
        assert.equal(typeof line.kafka.topic, 'string');
        assert.equal(typeof line.kafka.partition, 'number');
        assert.equal(typeof line.kafka.offset, 'number');
      }
    }
  });

  test('a lossily decoded record keeps its original bytes, byte for byte', async () => {
    let checked = 0;
    for (const { read, deps } of cases) {
      const lines = await archivedLines(deps.store);
      for (const item of read.accepted.filter((accepted) => accepted.originalValue !== undefined)) {
        const line = lines.find((candidate) => coordinates(candidate.kafka) === coordinates(item.record));
        assert.ok(line, `no archived line for ${coordinates(item.record)}`);
        assert.equal(line.originalValue, item.record.value);
        assert.deepEqual(
          Buffer.from(line.originalValue ?? '', 'base64'),
          Buffer.from(item.record.value ?? '', 'base64'),
        );
        checked += 1;
      }
    }
    assert.ok(checked > 0);
  });

  test('every unusable record is dead-lettered with reason, coordinates, key, headers and original bytes', async () => {
    for (const { name, read, deps } of cases) {
      const entries = await deadLetterEntries(deps.store);
      assert.equal(entries.length, read.deadLettered.length, name);
      for (const item of read.deadLettered) {
        const entry = entries.find(
          (candidate) =>
            coordinates(candidate.kafka) === coordinates(item.record) &&
            candidate.value === item.record.value,
        );
        assert.ok(entry, `${name}: no dead-letter entry for ${coordinates(item.record)}`);
        assert.equal(entry.reason, item.reason);
        assert.equal(entry.detail, item.detail);
        assert.equal(entry.kafka.timestamp, item.record.timestamp);
        assert.equal(entry.kafka.timestampType, item.record.timestampType);
        assert.equal(entry.key, item.record.key);
        assert.deepEqual(entry.headers, item.record.headers);
        if (item.reason !== 'undecodable') {
          assert.deepEqual(
            Buffer.from(entry.value ?? '', 'base64'),
            Buffer.from(item.record.value ?? '', 'base64'),
          );
        }
      }
    }
  });

  test('dead-letter objects sit under reason= and dt= partitions', async () => {
    const keys = (
      await Promise.all(
        cases.map(async ({ deps }) => [...(await snapshot(deps.store, 'dead-letter/')).keys()]),
      )
    ).flat();
    assert.ok(keys.length >= 3);
    for (const key of keys) {
      assert.match(
        key,
        /^dead-letter\/reason=(oversize|binary|undecodable)\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/topic=[^/]+\/partition=\d+\/\d{20}-\d{20}\.ndjson\.gz$/,
      );
    }
  });

  test('an identical replay changes no object', async () => {
    for (const { name, read, deps } of cases) {
      const before = await snapshot(deps.store);
      await archiveBatch(read, deps);
      assert.deepEqual(await snapshot(deps.store), before, name);
    }
  });
});

describe('archiveBatch under redelivery', () => {
  test('a retried batch with other boundaries adds at most the overlap', async () => {
    const deps = depsFor(await freshBucket());
    const whole = jsonBatch(30, { stepMs: 100 });
    await archiveBatch(readBatch(slice(whole, 0, 9), options), deps);
    // The event source mapping retries after a split: 5..14 overlaps the first try on 5..9.
    await archiveBatch(readBatch(slice(whole, 5, 14), options), deps);
    await archiveBatch(readBatch(slice(whole, 15, 29), options), deps);
    const offsets = (await archivedLines(deps.store)).map((line) => line.kafka.offset).sort((a, b) => a - b);
    assert.equal(offsets.length, 30 + 5);
    assert.deepEqual(
      [...new Set(offsets)],
      Array.from({ length: 30 }, (_, index) => index),
    );
    const duplicated = offsets.filter((offset, index) => offsets[index + 1] === offset);
    assert.deepEqual(duplicated, [5, 6, 7, 8, 9]);
  });

  test('the report counts records and objects (one PUT per object)', async () => {
    const deps = depsFor(await freshBucket());
    const read = readBatch(sampleBatch(), { ...options, maxRecordBytes: lowLimit });
    const report = await archiveBatch(read, deps);
    assert.equal(report.archived, read.accepted.length);
    assert.equal(report.deadLettered, read.deadLettered.length);
    assert.equal(report.objects, (await snapshot(deps.store)).size);
    assert.equal(report.objects, 1 + 3); // one archive object, one per dead-letter reason
  });

  test('a bucket that cannot be written fails the batch with TransientSinkError', async () => {
    const deps = depsFor(await bucketNamed('sluice-no-such-bucket'));
    await assert.rejects(archiveBatch(readBatch(jsonBatch(3), options), deps), (error: unknown) => {
      assert.ok(error instanceof TransientSinkError);
      assert.match(error.message, /PutObject archive\/dt=2024-05-06\/hour=12\/.* sluice-no-such-bucket/);
      return true;
    });
  });
});
