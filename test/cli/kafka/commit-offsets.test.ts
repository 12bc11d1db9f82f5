// The offset arithmetic of the mapping emulation's commits: pure functions, as tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRebalance } from '../../../cli/kafka/commit-ledger';
import {
  aheadOf,
  type CommitOffsets,
  describeRanges,
  mergeOffsets,
  notCommitted,
  offsetsAfter,
} from '../../../cli/kafka/commit-offsets';
import type { RecordToSend } from '../../../cli/sim/msk-event';

const record = (partition: number, offset: number, topic = 'logs'): RecordToSend => ({
  topic,
  partition,
  offset,
  timestamp: 0,
  value: 'x',
});
const offsets = (...parts: Array<[string, number, number]>): CommitOffsets => {
  const topics = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const [topic, partition, offset] of parts) {
    topics.set(topic, [...(topics.get(topic) ?? []), { partition, offset: String(offset) }]);
  }
  return { topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })) };
};

test('offsetsAfter: the next offset of every partition, whatever the order of the records', () => {
  assert.deepEqual(
    offsetsAfter([record(1, 7), record(0, 3), record(1, 9), record(0, 2), record(0, 1, 'other')]),
    offsets(['logs', 0, 4], ['logs', 1, 10], ['other', 0, 2]),
  );
  assert.deepEqual(offsetsAfter([]), { topics: [] });
});

test('mergeOffsets: the higher offset of each partition wins', () => {
  assert.deepEqual(
    mergeOffsets(offsets(['logs', 0, 10], ['logs', 1, 5]), offsets(['logs', 1, 8], ['logs', 2, 1])),
    offsets(['logs', 0, 10], ['logs', 1, 8], ['logs', 2, 1]),
  );
});

test('aheadOf: only what would move a partition forward', () => {
  const committed = offsets(['logs', 0, 10], ['logs', 1, -1]);
  assert.deepEqual(
    aheadOf(offsets(['logs', 0, 10], ['logs', 1, 3], ['logs', 2, 4]), committed),
    offsets(['logs', 1, 3], ['logs', 2, 4]),
  );
  assert.deepEqual(aheadOf(offsets(['logs', 0, 9]), committed), { topics: [] });
});

test('notCommitted: records at or after their committed offset (-1: none committed)', () => {
  const records = [record(0, 8), record(0, 9), record(0, 10), record(1, 0)];
  assert.deepEqual(notCommitted(records, offsets(['logs', 0, 10], ['logs', 1, -1])), [
    record(0, 10),
    record(1, 0),
  ]);
  assert.deepEqual(notCommitted(records, { topics: [] }), records);
});

test('describeRanges: topic-partition and offset range, partitions in order', () => {
  assert.equal(
    describeRanges([record(10, 5), record(2, 7), record(2, 3), record(0, 1)]),
    'logs-0 1, logs-2 3..7, logs-10 5',
  );
});

test("isRebalance: Kafka's rebalance answers, also wrapped by kafkajs' retries", () => {
  const answer = (type: string) => Object.assign(new Error(type), { type });
  assert.equal(isRebalance(answer('REBALANCE_IN_PROGRESS')), true);
  assert.equal(isRebalance(answer('ILLEGAL_GENERATION')), true);
  assert.equal(isRebalance(answer('UNKNOWN_MEMBER_ID')), true);
  assert.equal(
    isRebalance(new Error('retries exceeded', { cause: answer('NOT_COORDINATOR_FOR_GROUP') })),
    true,
  );
  assert.equal(isRebalance(answer('REQUEST_TIMED_OUT')), false);
  assert.equal(isRebalance('REBALANCE_IN_PROGRESS'), false);
});
