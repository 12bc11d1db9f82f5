import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { archiveBatch } from '../../../functions/archive/archive-batch';
import { archiveStats } from '../../../functions/archive/archive-stats';
import type { ArchiveDeps } from '../../../functions/archive/types';
import { readBatch } from '../../../shared/batch/read-batch';
import { b64, jsonBatch, sampleTime } from '../../shared/adapters/s3/support/batches';
import { freshBucket } from '../../shared/adapters/s3/support/bucket';

const options = { maxRecordBytes: 1024 * 1024, maxClockSkewMs: 15 * 60_000 };
const hourMs = 3_600_000;
/** More than one page of ListObjectsV2 (1,000 keys). */
const objectCount = 1_030;

describe('listing and paging over more than 1,000 objects', () => {
  let deps: ArchiveDeps;

  before(async () => {
    deps = { store: await freshBucket(), gzipLevel: 6, concurrency: 8 };
    // One record an hour: every record is its own (hour, topic, partition), so its own object.
    const batch = jsonBatch(objectCount, { stepMs: hourMs });
    const deadLetter = (offset: number, value: string) => ({
      topic: 'logs',
      partition: 0,
      offset,
      timestamp: sampleTime,
      key: null,
      value,
      headers: [],
    });
    const withDeadLetters = {
      ...batch,
      records: [
        ...batch.records,
        deadLetter(objectCount, b64(Buffer.from([1, 0, 2]))),
        deadLetter(objectCount + 1, '%%%'),
      ],
    };
    const report = await archiveBatch(readBatch(withDeadLetters, options), deps);
    assert.equal(report.objects, objectCount + 2);
  });

  test('archiveStats counts every object and record across pages, from metadata', async () => {
    assert.deepEqual(await archiveStats(deps), {
      archive: { objects: objectCount, records: objectCount },
      deadLetter: { objects: 2, records: 2 },
    });
  });

  test('a full listing pages through every key, in key order', async () => {
    const keys: string[] = [];
    for await (const object of deps.store.list('archive/')) keys.push(object.key);
    assert.equal(keys.length, objectCount);
    assert.equal(new Set(keys).size, objectCount);
    assert.deepEqual(keys, [...keys].sort());
  });

  test('a prefix narrows the listing to one day', async () => {
    const keys: string[] = [];
    for await (const object of deps.store.list('archive/dt=2024-05-07/')) keys.push(object.key);
    assert.equal(keys.length, 24);
    assert.ok(keys.every((key) => key.startsWith('archive/dt=2024-05-07/hour=')));
  });

  test('common prefixes list the days and the hours', async () => {
    const days = await deps.store.listPrefixes('archive/');
    const expectedDays = Math.ceil((12 * hourMs + objectCount * hourMs) / (24 * hourMs));
    assert.equal(days.length, expectedDays);
    assert.equal(days[0], 'archive/dt=2024-05-06/');
    assert.deepEqual(await deps.store.listPrefixes('archive/dt=2024-05-06/'), [
      ...Array.from(
        { length: 12 },
        (_, hour) => `archive/dt=2024-05-06/hour=${String(hour + 12).padStart(2, '0')}/`,
      ),
    ]);
    assert.deepEqual(await deps.store.listPrefixes('dead-letter/'), [
      'dead-letter/reason=binary/',
      'dead-letter/reason=undecodable/',
    ]);
  });
});
