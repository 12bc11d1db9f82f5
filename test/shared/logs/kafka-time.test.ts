import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kafkaTimeMs } from '../../../shared/logs/timestamp';
import { normalizeAt } from './helpers';

const utc = (iso: string): number => Date.parse(iso);

describe('kafkaTimeMs: a Kafka record timestamp read by magnitude', () => {
  const readable: ReadonlyArray<readonly [number, string]> = [
    [1_740_000_000_123, '2025-02-19T21:20:00.123Z'], // epoch ms, what Kafka means
    [1_740_000_000, '2025-02-19T21:20:00.000Z'], // a producer writing seconds
    [1_740_000_000_123_456, '2025-02-19T21:20:00.123Z'], // microseconds
    [1.74e18, '2025-02-19T21:20:00.000Z'], // nanoseconds: the poison value
    [1_740_000_000_123.7, '2025-02-19T21:20:00.123Z'], // a fraction of a ms is dropped
    [8.64e15 + 1, '2243-10-17T00:00:00.000Z'], // just past Date's range in ms: read as µs
    [2 ** 63, '2262-04-11T23:47:16.854Z'], // int64's largest, as a double
    [0, '1970-01-01T00:00:00.000Z'],
  ];
  for (const [timestamp, expected] of readable) {
    test(`reads ${timestamp} as ${expected}`, () => {
      assert.equal(kafkaTimeMs(timestamp), utc(expected));
    });
  }

  const unusable: readonly number[] = [
    -1,
    -2,
    -1.74e18,
    -(2 ** 63),
    1e20,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ];
  for (const timestamp of unusable) {
    test(`finds no time in ${timestamp}`, () => {
      assert.equal(kafkaTimeMs(timestamp), undefined);
    });
  }
});

describe('normalization with Kafka timestamps in other units or unusable', () => {
  const log = '{"time":"2025-02-19T21:20:05.000Z","msg":"x"}';

  test('a nanosecond Kafka timestamp is the fallback time and the skew reference', () => {
    const plain = normalizeAt('plain line', 1.74e18);
    assert.deepEqual([plain['@timestamp'], plain.timestampSource], ['2025-02-19T21:20:00.000Z', 'kafka']);
    const near = normalizeAt(log, 1.74e18);
    assert.deepEqual([near['@timestamp'], near.timestampSource], ['2025-02-19T21:20:05.000Z', 'log']);
    const far = normalizeAt('{"time":"2025-02-19T22:20:05.000Z","msg":"x"}', 1.74e18);
    assert.deepEqual([far['@timestamp'], far.timestampSource], ['2025-02-19T21:20:00.000Z', 'kafka']);
  });

  test('Kafka seconds and microseconds read the same way', () => {
    assert.equal(normalizeAt(log, 1_740_000_000)['@timestamp'], '2025-02-19T21:20:05.000Z');
    assert.equal(normalizeAt('plain', 1_740_000_000_000_000)['@timestamp'], '2025-02-19T21:20:00.000Z');
  });

  test('the raw Kafka timestamp is kept as delivered in event.kafka', () => {
    assert.equal(normalizeAt('plain', 1.74e18).kafka.timestamp, 1.74e18);
    assert.equal(normalizeAt('plain', -1).kafka.timestamp, -1);
  });

  test('with no usable time anywhere, @timestamp is the epoch and timestampSource says none', () => {
    for (const kafka of [-1, -1.74e18, 1e20]) {
      const event = normalizeAt('{"time":"someday","msg":"x"}', kafka);
      assert.deepEqual(
        [event['@timestamp'], event.timestampSource, event.attrs.time],
        ['1970-01-01T00:00:00.000Z', 'none', 'someday'],
      );
    }
  });

  test('an unusable Kafka timestamp (-1) trusts the log without the skew check', () => {
    const event = normalizeAt(log, -1);
    assert.deepEqual([event['@timestamp'], event.timestampSource], ['2025-02-19T21:20:05.000Z', 'log']);
  });
});
