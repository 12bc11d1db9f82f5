import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InvalidInputError } from '../../../shared/errors';
import { parseKafkaEvent } from '../../../shared/kafka/event';

const eventsDir = join(__dirname, '..', '..', 'events', 'msk');
const samples = readdirSync(eventsDir).filter((name) => name.endsWith('.json'));
const load = (name: string): unknown => JSON.parse(readFileSync(join(eventsDir, name), 'utf8'));

describe('parseKafkaEvent', () => {
  test('every recorded MSK and self-managed sample parses', () => {
    assert.equal(samples.length, 18);
    for (const name of samples) {
      const batch = parseKafkaEvent(load(name));
      assert.ok(batch.records.length > 0, name);
    }
  });

  test('reads topic and partition from the record, not from the map key', () => {
    const batch = parseKafkaEvent(load('powertools-java__powertools-serialization_kafka_event.json'));
    // The map keys say mytopic-01 / mytopic-02; the records themselves say mytopic1-0 and mytopic2-0.
    assert.deepEqual(
      batch.records.map((record) => `${record.topic}-${record.partition}`),
      ['mytopic1-0', 'mytopic2-0'],
    );
  });

  test('a key that is absent or null becomes null; a present key is kept as base64', () => {
    const batch = parseKafkaEvent(load('powertools-typescript__packages_kafka_tests_events_default.json'));
    assert.deepEqual(
      batch.records.map((record) => record.key),
      ['cmVjb3JkS2V5', null, null],
    );
  });

  test('signed header bytes and headers given as a base64 string are kept as they come', () => {
    const signed = parseKafkaEvent(load('aws-lambda-go__kafka-event.json'));
    assert.deepEqual(signed.records[0]?.headers, [{ headerKey: [118, -36, 0, 127, -128] }]);
    const roundtrip = parseKafkaEvent(load('aws-lambda-java-libs__kafka_event_roundtrip.json'));
    assert.ok(roundtrip.records[0]?.headers !== undefined);
  });

  test('accepts all three event sources and events without eventSourceArn', () => {
    const selfManaged = parseKafkaEvent(load('powertools-python__kafkaEventSelfManaged.json'));
    assert.equal(selfManaged.eventSource, 'aws:SelfManagedKafka');
    assert.equal(selfManaged.eventSourceArn, undefined);
    const plain = parseKafkaEvent({ eventSource: 'SelfManagedKafka', records: {} });
    assert.equal(plain.records.length, 0);
  });

  test('any number is a timestamp (never a refused batch); one written beyond a double reads as -1', () => {
    const text = (timestamp: string) =>
      `{"eventSource":"aws:kafka","records":{"t-0":[{"topic":"t","partition":0,"offset":1,"timestamp":${timestamp}}]}}`;
    const read = (timestamp: string) => parseKafkaEvent(JSON.parse(text(timestamp))).records[0]?.timestamp;
    assert.equal(read('1740000000000000000'), 1.74e18);
    assert.equal(read('-9223372036854775808'), -(2 ** 63));
    assert.equal(read('-1'), -1);
    assert.equal(read('1e999'), -1);
    assert.equal(read('-1e999'), -1);
  });

  const refused: Array<[string, unknown, RegExp]> = [
    ['a string', 'hello', /expected a JSON object/],
    ['an array', [], /expected a JSON object/],
    ['an SQS event', { Records: [{ eventSource: 'aws:sqs' }] }, /eventSource is undefined/],
    ['a Kinesis source', { eventSource: 'aws:kinesis', records: {} }, /eventSource is "aws:kinesis"/],
    ['records not an object', { eventSource: 'aws:kafka', records: [] }, /"records" must be an object/],
    [
      'a group not an array',
      { eventSource: 'aws:kafka', records: { 't-0': {} } },
      /records\["t-0"\] is not an array/,
    ],
    [
      'a record without offset',
      { eventSource: 'aws:kafka', records: { 't-0': [{ topic: 't', partition: 0, timestamp: 1 }] } },
      /records\["t-0"\]\[0\]\.offset/,
    ],
    [
      'a timestamp that is not a number',
      {
        eventSource: 'aws:kafka',
        records: { 't-0': [{ topic: 't', partition: 0, offset: 1, timestamp: '2024-05-01' }] },
      },
      /records\["t-0"\]\[0\]\.timestamp must be a number/,
    ],
    [
      'a value that is not a string',
      {
        eventSource: 'aws:kafka',
        records: { 't-0': [{ topic: 't', partition: 0, offset: 1, timestamp: 1, value: 5 }] },
      },
      /value must be a base64 string or null/,
    ],
  ];
  for (const [name, event, message] of refused) {
    test(`refuses ${name} with a clear error`, () => {
      assert.throws(
        () => parseKafkaEvent(event),
        (error: unknown) => {
          assert.ok(error instanceof InvalidInputError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});
