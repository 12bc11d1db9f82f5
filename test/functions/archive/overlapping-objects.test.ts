// A retried batch that the mapping split differently writes objects whose offset ranges overlap (the
// same records, in two objects). Every command counts such a record once: `sluice state` (archiveStats)
// as `sluice redrive` and `sluice search` do.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { archiveBatch } from '../../../functions/archive/archive-batch';
import { archiveStats } from '../../../functions/archive/archive-stats';
import { redrive } from '../../../functions/archive/redrive';
import type { ArchiveDeps } from '../../../functions/archive/types';
import { readBatch } from '../../../shared/batch/read-batch';
import { KafkaEventSource, type KafkaRecordIn } from '../../../shared/kafka/types';
import { b64, sampleTime, slice } from '../../shared/adapters/s3/support/batches';
import { freshBucket } from '../../shared/adapters/s3/support/bucket';

const options = { maxRecordBytes: 1024 * 1024, maxClockSkewMs: 15 * 60_000 };

/** Offsets 10-19 of `mytopic`: JSON logs, but 15-17 are binary (dead-lettered). */
const records: KafkaRecordIn[] = Array.from({ length: 10 }, (_, i) => {
  const offset = 10 + i;
  const binary = offset >= 15 && offset <= 17;
  return {
    topic: 'mytopic',
    partition: 0,
    offset,
    timestamp: sampleTime + i,
    key: null,
    value: binary
      ? b64(Buffer.from([0, 1, 2, 3, offset]))
      : b64(JSON.stringify({ level: 'info', msg: `hello ${offset}` })),
    headers: [],
  };
});
const whole = { eventSource: KafkaEventSource.msk, records };

describe('objects of a re-split retry overlap; their records count once', () => {
  let deps: ArchiveDeps;
  before(async () => {
    deps = { store: await freshBucket(), gzipLevel: 6, concurrency: 4 };
    await archiveBatch(readBatch(whole, options), deps);
    // The retry of the second half: objects 16-19 (archive 18-19, dead-letter 16-17).
    await archiveBatch(readBatch(slice(whole, 16, 19), options), deps);
  });

  test('archiveStats: 7 archived and 3 dead-lettered records, in 2 objects each', async () => {
    assert.deepEqual(await archiveStats(deps), {
      archive: { objects: 2, records: 7 },
      deadLetter: { objects: 2, records: 3 },
    });
  });

  test('redrive (dry run) finds the same 3 dead-letter records', async () => {
    const report = await redrive(deps, { read: options, dryRun: true });
    assert.equal(report.entries, 3);
    assert.equal(report.objects, 2);
  });
});
