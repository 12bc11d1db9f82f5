import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeArchive } from '../../../../shared/adapters/s3/archive-encoder';
import { encodeDeadLetters } from '../../../../shared/adapters/s3/dead-letter-encoder';
import { hourPartition, keyPartition } from '../../../../shared/archive/keys';
import { readBatch } from '../../../../shared/batch/read-batch';
import { deadLetterEntry } from '../../../../shared/dead-letter/types';
import { KafkaEventSource, type KafkaRecordIn } from '../../../../shared/kafka/types';
import { b64 } from './support/batches';

const options = { maxRecordBytes: 64, maxClockSkewMs: 15 * 60_000 };
const withLogTime = b64('{"time":"2025-02-19T21:20:05Z","msg":"x"}');
const plain = b64('plain line');
const oversize = b64('x'.repeat(100));

const record = (offset: number, timestamp: number, value: string): KafkaRecordIn => ({
  topic: 'logs',
  partition: 0,
  offset,
  timestamp,
  key: null,
  value,
  headers: [],
});

/** `dt/hour` of every object the archive function would write for these records. */
function hours(records: KafkaRecordIn[]): { archive: string[]; deadLetter: string[] } {
  const read = readBatch({ eventSource: KafkaEventSource.msk, records }, options);
  const place = (key: string) => `${keyPartition(key, 'dt')}/${keyPartition(key, 'hour')}`;
  const entries = read.deadLettered.map(({ record, reason, detail }) =>
    deadLetterEntry(record, reason, detail),
  );
  return {
    archive: encodeArchive(read.accepted, 1).map((object) => place(object.key)),
    deadLetter: encodeDeadLetters(entries, 1).map((object) => place(object.key)),
  };
}

describe('the hour a record is archived under, whatever its Kafka timestamp', () => {
  test('a nanosecond, microsecond or second Kafka timestamp files it under the hour it means', () => {
    for (const timestamp of [1.74e18, 1.74e15, 1.74e9, 1.74e12]) {
      assert.deepEqual(hours([record(1, timestamp, plain), record(2, timestamp, oversize)]), {
        archive: ['2025-02-19/21'],
        deadLetter: ['2025-02-19/21'],
      });
    }
  });

  test('an unusable Kafka timestamp (-1): the log time for an accepted record, else the epoch hour', () => {
    assert.deepEqual(hours([record(1, -1, withLogTime), record(2, -1, plain), record(3, -1, oversize)]), {
      archive: ['1970-01-01/00', '2025-02-19/21'],
      deadLetter: ['1970-01-01/00'],
    });
  });

  test('the same records always give the same keys (no clock in keys)', () => {
    const records = [record(1, -1, withLogTime), record(2, -7, plain), record(3, 2 ** 63, oversize)];
    assert.deepEqual(hours(records), hours(records.map((item) => ({ ...item }))));
  });

  test('hourPartition takes any number: one that is no writable time is the epoch hour', () => {
    for (const ms of [Number.NaN, -1, 8.64e15 + 1, 1e20, Number.NEGATIVE_INFINITY]) {
      assert.deepEqual(hourPartition(ms), { dt: '1970-01-01', hour: '00' });
    }
  });
});
