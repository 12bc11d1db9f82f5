import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  decodeMskHeaders,
  fromKafkaMessage,
  type KafkaBatchLike,
  type KafkaMessageLike,
  kafkaBatchesToEvent,
  parseKafkaOffset,
} from '../../../cli/kafka/convert';
import { toMskRecord } from '../../../cli/sim/msk-event';
import { readBatch } from '../../../shared/batch/read-batch';
import { InvalidInputError } from '../../../shared/errors';
import { parseKafkaEvent } from '../../../shared/kafka/event';

const root = join(__dirname, '..', '..', '..');

const message = (overrides: Partial<KafkaMessageLike> = {}): KafkaMessageLike => ({
  offset: '7',
  timestamp: '1763812800000',
  key: null,
  value: Buffer.from('{"msg":"hi"}'),
  headers: {},
  ...overrides,
});

describe('kafkajs message -> MSK record', () => {
  const cases: Array<{ name: string; message: KafkaMessageLike; expect: Record<string, unknown> }> = [
    {
      name: 'a JSON value, no key: base64 value, no key field',
      message: message(),
      expect: { offset: 7, timestamp: 1763812800000, value: 'eyJtc2ciOiJoaSJ9', headers: [] },
    },
    {
      name: 'a key: base64 key',
      message: message({ key: Buffer.from('/app/orders/checkout.py') }),
      expect: { key: 'L2FwcC9vcmRlcnMvY2hlY2tvdXQucHk=' },
    },
    {
      name: 'a tombstone: value null',
      message: message({ value: null }),
      expect: { value: null },
    },
    {
      name: 'an empty value: empty base64',
      message: message({ value: Buffer.alloc(0) }),
      expect: { value: '' },
    },
    {
      name: 'text and byte headers: bytes signed as Lambda sends them',
      message: message({ headers: { trace: 'é', raw: Buffer.from([0x76, 0xdc, 0x00, 0x7f, 0x80, 0xff]) } }),
      expect: { headers: [{ trace: [-61, -87] }, { raw: [118, -36, 0, 127, -128, -1] }] },
    },
    {
      name: 'a repeated header: one entry per value, in order',
      message: message({ headers: { h: ['a', Buffer.from('b')] } }),
      expect: { headers: [{ h: [97] }, { h: [98] }] },
    },
    {
      name: 'a header without a value: an empty byte list',
      message: message({ headers: { gone: undefined, empty: Buffer.alloc(0) } }),
      expect: { headers: [{ gone: [] }, { empty: [] }] },
    },
    {
      name: 'the largest offset an MSK event can carry exactly',
      message: message({ offset: '9007199254740991' }),
      expect: { offset: 9007199254740991 },
    },
  ];
  for (const { name, message: input, expect } of cases) {
    test(name, () => {
      const record = toMskRecord(fromKafkaMessage('logs', 2, input)) as unknown as Record<string, unknown>;
      assert.equal(record.topic, 'logs');
      assert.equal(record.partition, 2);
      assert.equal(record.timestampType, 'CREATE_TIME');
      for (const [field, value] of Object.entries(expect)) assert.deepEqual(record[field], value, field);
      if (input.key === null) assert.equal('key' in record, false);
    });
  }

  test('offsets that are not exact numbers, negative or not numbers are refused with the reason', () => {
    assert.throws(() => parseKafkaOffset('9007199254740993'), /beyond 2\^53/);
    assert.throws(() => parseKafkaOffset('-1'), InvalidInputError);
    assert.throws(() => parseKafkaOffset('12abc'), /not a non-negative integer/);
    assert.throws(
      () => fromKafkaMessage('logs', 0, message({ timestamp: 'yesterday' })),
      /logs-0@7: Kafka timestamp "yesterday" is not an integer/,
    );
  });

  test('any int64 Kafka timestamp is kept (nanoseconds, -1 for none): never a stalled consumer', () => {
    const timestampOf = (timestamp: string) => fromKafkaMessage('logs', 0, message({ timestamp })).timestamp;
    assert.equal(timestampOf('1740000000000000000'), 1.74e18);
    assert.equal(timestampOf('-1'), -1);
    assert.equal(timestampOf('9223372036854775807'), 2 ** 63);
    assert.equal(timestampOf('-9223372036854775808'), -(2 ** 63));
  });

  test('unsigned header bytes on request', () => {
    const record = toMskRecord(
      fromKafkaMessage('logs', 0, message({ headers: { h: Buffer.from([0xff]) } })),
      'unsigned',
    );
    assert.deepEqual(record.headers, [{ h: [255] }]);
  });
});

describe('kafkajs batches -> MSK event', () => {
  const batches: KafkaBatchLike[] = [
    {
      topic: 'logs',
      partition: 0,
      messages: [message({ offset: '10' }), message({ offset: '11', value: null })],
    },
    { topic: 'logs', partition: 1, messages: [message({ offset: '3', key: Buffer.from('k') })] },
    { topic: 'audit', partition: 0, messages: [message({ offset: '99' })] },
  ];

  test('records are keyed topic-partition, in offset order, with the given cluster', () => {
    const event = kafkaBatchesToEvent(batches, {
      bootstrapServers: 'localhost:9092',
      eventSourceArn: 'arn:aws:kafka:eu-west-1:111122223333:cluster/logs/abc-1',
    });
    assert.equal(event.eventSource, 'aws:kafka');
    assert.equal(event.bootstrapServers, 'localhost:9092');
    assert.equal(event.eventSourceArn, 'arn:aws:kafka:eu-west-1:111122223333:cluster/logs/abc-1');
    assert.deepEqual(Object.keys(event.records), ['logs-0', 'logs-1', 'audit-0']);
    assert.deepEqual(
      event.records['logs-0']?.map((r) => r.offset),
      [10, 11],
    );
  });

  test('the shared decode step reads it: a tombstone is skipped, the logs accepted', () => {
    const read = readBatch(parseKafkaEvent(JSON.parse(JSON.stringify(kafkaBatchesToEvent(batches)))), {
      maxRecordBytes: 1_048_576,
      maxClockSkewMs: 900_000,
    });
    assert.deepEqual(read.counts, { records: 4, accepted: 3, deadLettered: 0, skipped: 1 });
  });
});

describe('header bytes as Lambda sends them', () => {
  test("the aws-lambda-go sample's signed header bytes decode to the bytes we encode back to them", () => {
    const sample = JSON.parse(
      readFileSync(join(root, 'test/events/msk/aws-lambda-go__kafka-event.json'), 'utf8'),
    );
    const [record] = parseKafkaEvent(sample).records;
    const headers = decodeMskHeaders(record?.headers);
    assert.deepEqual(headers, [{ name: 'headerKey', bytes: Buffer.from([0x76, 0xdc, 0x00, 0x7f, 0x80]) }]);
    const again = toMskRecord({
      topic: 't',
      partition: 0,
      offset: 0,
      timestamp: 0,
      value: null,
      headers: { headerKey: headers[0]?.bytes ?? Buffer.alloc(0) },
    });
    assert.deepEqual(again.headers, record?.headers);
  });

  test('the unsigned form decodes to the same bytes; malformed headers are refused', () => {
    assert.deepEqual(decodeMskHeaders([{ h: [118, 220, 0, 127, 128] }]), [
      { name: 'h', bytes: Buffer.from([0x76, 0xdc, 0x00, 0x7f, 0x80]) },
    ]);
    assert.throws(() => decodeMskHeaders([{ h: 'aGVhZGVyVmFsdWU=' }]), /list of bytes/);
    assert.throws(() => decodeMskHeaders([{ h: [256] }]), /list of bytes/);
    assert.throws(() => decodeMskHeaders('headers'), /must be a list/);
  });
});

describe('round trip: kafkajs message -> MSK event JSON -> parseKafkaEvent -> the same bytes', () => {
  const bytes = fc.uint8Array({ maxLength: 64 }).map((array) => Buffer.from(array));
  const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
  const kafkaMessage = fc.record({
    offset: fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }).map(String),
    timestamp: fc.integer({ min: 0, max: 4_102_444_800_000 }).map(String),
    key: fc.option(bytes, { nil: null }),
    value: fc.option(bytes, { nil: null }),
    headers: fc.dictionary(headerName, fc.oneof(bytes, fc.array(bytes, { minLength: 1, maxLength: 3 })), {
      maxKeys: 4,
    }),
  });

  for (const headerBytes of ['signed', 'unsigned'] as const) {
    test(`${headerBytes} header bytes`, () => {
      fc.assert(
        fc.property(
          fc.array(kafkaMessage, { minLength: 1, maxLength: 8 }),
          fc.nat(5),
          (messages, partition) => {
            const event = kafkaBatchesToEvent([{ topic: 'logs', partition, messages }], { headerBytes });
            const batch = parseKafkaEvent(JSON.parse(JSON.stringify(event)));
            assert.equal(batch.records.length, messages.length);
            batch.records.forEach((record, i) => {
              const original = messages[i] as (typeof messages)[number];
              assert.equal(record.topic, 'logs');
              assert.equal(record.partition, partition);
              assert.equal(String(record.offset), original.offset);
              assert.equal(String(record.timestamp), original.timestamp);
              assert.deepEqual(record.key === null ? null : Buffer.from(record.key, 'base64'), original.key);
              assert.deepEqual(
                record.value === null ? null : Buffer.from(record.value, 'base64'),
                original.value,
              );
              const expected = Object.entries(original.headers).flatMap(([name, value]) =>
                (Array.isArray(value) ? value : [value]).map((b) => ({ name, bytes: b })),
              );
              assert.deepEqual(decodeMskHeaders(record.headers), expected);
            });
          },
        ),
        { numRuns: 200 },
      );
    });
  }
});
