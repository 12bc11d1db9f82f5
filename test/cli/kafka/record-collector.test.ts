import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KafkaMessageLike } from '../../../cli/kafka/convert';
import { RecordCollector } from '../../../cli/kafka/record-collector';

const messages = (from: number, count: number): KafkaMessageLike[] =>
  Array.from({ length: count }, (_, i) => ({
    offset: String(from + i),
    timestamp: '1763812800000',
    key: null,
    value: Buffer.from(`v${from + i}`),
  }));

test('reads each partition up to its high watermark at the start; later records are left out', () => {
  const collector = new RecordCollector(
    'logs',
    [
      { partition: 0, low: '0', high: '3' },
      { partition: 1, low: '5', high: '7' },
      { partition: 2, low: '4', high: '4' },
    ],
    100,
  );
  assert.deepEqual(collector.pending(), [0, 1], 'an empty partition is done from the start');
  collector.add({ topic: 'logs', partition: 1, messages: messages(5, 4) });
  assert.equal(collector.done, false);
  collector.add({ topic: 'other', partition: 0, messages: messages(0, 3) });
  collector.add({ topic: 'logs', partition: 0, messages: messages(0, 2) });
  assert.deepEqual(collector.pending(), [0]);
  collector.add({ topic: 'logs', partition: 0, messages: messages(2, 5) });
  assert.equal(collector.done, true);
  assert.equal(collector.count, 5);
  const event = collector.event({ bootstrapServers: 'localhost:9092' });
  assert.deepEqual(Object.keys(event.records), ['logs-0', 'logs-1']);
  assert.deepEqual(
    event.records['logs-0']?.map((r) => r.offset),
    [0, 1, 2],
  );
  assert.deepEqual(
    event.records['logs-1']?.map((r) => r.offset),
    [5, 6],
  );
});

test('stops at --max records', () => {
  const collector = new RecordCollector('logs', [{ partition: 0, low: '0', high: '1000' }], 10);
  collector.add({ topic: 'logs', partition: 0, messages: messages(0, 25) });
  assert.equal(collector.count, 10);
  assert.equal(collector.done, true);
});

test('a topic with nothing in it is done before reading anything', () => {
  const collector = new RecordCollector('logs', [{ partition: 0, low: '9', high: '9' }], 10);
  assert.equal(collector.done, true);
  assert.equal(collector.count, 0);
});
