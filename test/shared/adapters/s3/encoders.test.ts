import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { encodeArchive } from '../../../../shared/adapters/s3/archive-encoder';
import {
  decodeDeadLetterObject,
  decodeDeadLetters,
  encodeDeadLetters,
} from '../../../../shared/adapters/s3/dead-letter-encoder';
import {
  archiveKey,
  deadLetterKey,
  hourPartition,
  keyPartition,
  padOffset,
} from '../../../../shared/archive/keys';
import type { AcceptedRecord } from '../../../../shared/batch/types';
import { type DeadLetterEntry, deadLetterEntry, recordOfEntry } from '../../../../shared/dead-letter/types';
import type { KafkaRecordIn } from '../../../../shared/kafka/types';

const hour12 = Date.UTC(2024, 4, 6, 12, 30, 0);
const hour13 = Date.UTC(2024, 4, 6, 13, 0, 0);

function record(
  partition: number,
  offset: number,
  timestamp = hour12,
  value = 'eyJhIjoxfQ==',
): KafkaRecordIn {
  return { topic: 'logs', partition, offset, timestamp, key: null, value, headers: [] };
}

function accepted(input: KafkaRecordIn, originalValue?: string): AcceptedRecord {
  const event = {
    '@timestamp': new Date(input.timestamp).toISOString(),
    timestampSource: 'kafka' as const,
    level: 'info' as const,
    message: `line ${input.offset}`,
    kafka: {
      topic: input.topic,
      partition: input.partition,
      offset: input.offset,
      timestamp: input.timestamp,
    },
    attrs: {},
  };
  return originalValue === undefined ? { record: input, event } : { record: input, event, originalValue };
}

const lines = (body: Uint8Array): Record<string, unknown>[] =>
  gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('keys', () => {
  test('hour partitions are UTC', () => {
    assert.deepEqual(hourPartition(Date.UTC(2024, 0, 1, 0, 0, 0)), { dt: '2024-01-01', hour: '00' });
    assert.deepEqual(hourPartition(Date.UTC(2023, 11, 31, 23, 59, 59, 999)), {
      dt: '2023-12-31',
      hour: '23',
    });
  });

  test('padded offsets sort like numbers, up to the int64 maximum', () => {
    const offsets = [0, 9, 10, 99, 100, 4209910, 2 ** 53 - 1];
    const padded = offsets.map(padOffset);
    assert.deepEqual([...padded].sort(), padded);
    assert.equal(padOffset(0).length, 20);
    assert.equal('9223372036854775807'.padStart(20, '0').length, padOffset(1).length);
  });

  test('archive and dead-letter keys are Hive partitions ending with the offset range', () => {
    const place = {
      dt: '2024-05-06',
      hour: '12',
      topic: 'logs',
      partition: 3,
      firstOffset: 7,
      lastOffset: 12,
    };
    assert.equal(
      archiveKey(place),
      'archive/dt=2024-05-06/hour=12/topic=logs/partition=3/00000000000000000007-00000000000000000012.ndjson.gz',
    );
    const key = deadLetterKey('oversize', place);
    assert.equal(
      key,
      'dead-letter/reason=oversize/dt=2024-05-06/hour=12/topic=logs/partition=3/00000000000000000007-00000000000000000012.ndjson.gz',
    );
    assert.equal(keyPartition(key, 'reason'), 'oversize');
    assert.equal(keyPartition(key, 'dt'), '2024-05-06');
    assert.equal(keyPartition(key, 'missing'), undefined);
  });
});

describe('encodeArchive', () => {
  test('one object per (hour, topic, partition), keyed by first and last offset', () => {
    const batch = [
      accepted(record(0, 5)),
      accepted(record(1, 100)),
      accepted(record(0, 3)),
      accepted(record(0, 9, hour13)),
      accepted(record(1, 101)),
    ];
    const objects = encodeArchive(batch, 6);
    assert.deepEqual(
      objects.map((object) => [object.key, object.records]),
      [
        [
          'archive/dt=2024-05-06/hour=12/topic=logs/partition=0/00000000000000000003-00000000000000000005.ndjson.gz',
          2,
        ],
        [
          'archive/dt=2024-05-06/hour=12/topic=logs/partition=1/00000000000000000100-00000000000000000101.ndjson.gz',
          2,
        ],
        [
          'archive/dt=2024-05-06/hour=13/topic=logs/partition=0/00000000000000000009-00000000000000000009.ndjson.gz',
          1,
        ],
      ],
    );
    const first = objects[0];
    assert.ok(first);
    assert.deepEqual(
      lines(first.body).map((line) => (line.kafka as { offset: number }).offset),
      [3, 5],
    );
  });

  test('every line carries the Kafka topic, partition and offset', () => {
    const [object] = encodeArchive([accepted(record(2, 42))], 6);
    assert.ok(object);
    const [line] = lines(object.body);
    assert.deepEqual(line?.kafka, { topic: 'logs', partition: 2, offset: 42, timestamp: hour12 });
    assert.equal(line?.message, 'line 42');
  });

  test('a lossily decoded record keeps its original bytes; others have no originalValue', () => {
    const original = Buffer.from([0x7b, 0x7d, 0xff, 0x0a]).toString('base64');
    const objects = encodeArchive(
      [accepted(record(0, 1)), accepted(record(0, 2, hour12, original), original)],
      6,
    );
    const [clean, lossy] = lines(objects[0]?.body ?? new Uint8Array());
    assert.equal(clean?.originalValue, undefined);
    assert.equal(lossy?.originalValue, original);
    assert.deepEqual(
      Buffer.from(String(lossy?.originalValue), 'base64'),
      Buffer.from([0x7b, 0x7d, 0xff, 0x0a]),
    );
  });

  test('bytes depend only on the records: same records in another order give identical objects', () => {
    const batch = [accepted(record(0, 1)), accepted(record(1, 2)), accepted(record(0, 2))];
    const a = encodeArchive(batch, 6);
    const b = encodeArchive([...batch].reverse(), 6);
    assert.deepEqual(
      a.map((object) => [object.key, Buffer.from(object.body).toString('hex')]),
      b.map((object) => [object.key, Buffer.from(object.body).toString('hex')]),
    );
    // gzip header: no file name, mtime 0, so no clock in the bytes.
    assert.deepEqual([...(a[0]?.body.subarray(3, 8) ?? [])], [0, 0, 0, 0, 0]);
  });

  test('no records, no objects', () => {
    assert.deepEqual(encodeArchive([], 6), []);
  });
});

describe('encodeDeadLetters', () => {
  const binary = Buffer.from([0x08, 0x00, 0xff, 0xfe, 0x12]);
  const entries: DeadLetterEntry[] = [
    deadLetterEntry(
      {
        ...record(0, 7),
        key: 'a2V5',
        value: binary.toString('base64'),
        headers: [{ h: [1, -2] }],
        timestampType: 'CREATE_TIME',
      },
      'binary',
      'value contains a NUL byte',
    ),
    deadLetterEntry(record(0, 3, hour12, 'eHh4eA=='), 'oversize', 'value is 4 bytes, over maxRecordBytes 3'),
    deadLetterEntry({ ...record(0, 8), value: 'not base64!' }, 'undecodable', 'value is not valid base64'),
    deadLetterEntry(record(0, 5, hour12, 'eXl5eQ=='), 'oversize', 'value is 4 bytes, over maxRecordBytes 3'),
  ];

  test('one object per (reason, hour, topic, partition)', () => {
    const objects = encodeDeadLetters(entries, 6);
    assert.deepEqual(
      objects.map((object) => [object.key, object.records]),
      [
        [
          'dead-letter/reason=binary/dt=2024-05-06/hour=12/topic=logs/partition=0/00000000000000000007-00000000000000000007.ndjson.gz',
          1,
        ],
        [
          'dead-letter/reason=oversize/dt=2024-05-06/hour=12/topic=logs/partition=0/00000000000000000003-00000000000000000005.ndjson.gz',
          2,
        ],
        [
          'dead-letter/reason=undecodable/dt=2024-05-06/hour=12/topic=logs/partition=0/00000000000000000008-00000000000000000008.ndjson.gz',
          1,
        ],
      ],
    );
  });

  test('entries round-trip with reason, detail, coordinates, key, headers and original bytes', () => {
    const objects = encodeDeadLetters(entries, 6);
    const decoded = objects.flatMap((object) => decodeDeadLetterObject(object.body));
    const binaryEntry = decoded.find((entry) => entry.reason === 'binary');
    assert.deepEqual(binaryEntry, {
      reason: 'binary',
      detail: 'value contains a NUL byte',
      stage: 'decode',
      kafka: { topic: 'logs', partition: 0, offset: 7, timestamp: hour12, timestampType: 'CREATE_TIME' },
      key: 'a2V5',
      headers: [{ h: [1, -2] }],
      value: binary.toString('base64'),
    });
    assert.deepEqual(Buffer.from(binaryEntry?.value ?? '', 'base64'), binary);
    assert.equal(decoded.find((entry) => entry.reason === 'undecodable')?.value, 'not base64!');
    assert.deepEqual(recordOfEntry(binaryEntry as DeadLetterEntry), {
      topic: 'logs',
      partition: 0,
      offset: 7,
      timestamp: hour12,
      key: 'a2V5',
      value: binary.toString('base64'),
      headers: [{ h: [1, -2] }],
      timestampType: 'CREATE_TIME',
    });
  });

  test('field order does not depend on who built the entry', () => {
    const entry = entries[1] as DeadLetterEntry;
    const shuffled = {
      value: entry.value,
      headers: entry.headers,
      key: entry.key,
      kafka: { timestamp: entry.kafka.timestamp, offset: entry.kafka.offset, partition: 0, topic: 'logs' },
      detail: entry.detail,
      reason: entry.reason,
    } as DeadLetterEntry;
    const [a] = encodeDeadLetters([entry], 6);
    const [b] = encodeDeadLetters([shuffled], 6);
    assert.deepEqual(a?.body, b?.body);
  });

  test('a line that is not a dead-letter entry is refused', () => {
    assert.throws(() => decodeDeadLetters('{"reason":"oversize"}\n'), /line 1 is not a dead-letter entry/);
    assert.throws(() =>
      decodeDeadLetters(
        '{"reason":"other","detail":"","kafka":{"topic":"t","partition":0,"offset":0,"timestamp":0},"key":null,"value":null}',
      ),
    );
  });
});
