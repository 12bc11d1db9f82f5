import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConsumerGroup } from '../../cli/pipeline/consumer-group';
import { MemoryTopic } from '../../cli/pipeline/memory-topic';
import { parseKafkaEvent } from '../../shared/kafka/event';

test('offsets continue from the given next offsets and trimming keeps later records', () => {
  const topic = new MemoryTopic('logs', 2, [10, 0]);
  assert.equal(topic.append(0, 'a', 1), 10);
  assert.equal(topic.append(0, 'b', 2), 11);
  assert.equal(topic.append(1, 'c', 3), 0);
  assert.deepEqual(topic.nextOffsets(), [12, 1]);
  topic.trim([11, 0]);
  assert.deepEqual(
    topic.read(0, 11, 10).map((record) => record.value),
    ['b'],
  );
});

test('a failing batch is retried whole and nothing is committed past it', async () => {
  const topic = new MemoryTopic('logs', 2);
  for (let i = 0; i < 30; i += 1) topic.append(i % 2, `v${i}`, i);
  const delivered: string[] = [];
  let calls = 0;
  const told: string[] = [];
  const group = new ConsumerGroup(
    topic,
    {
      groupId: 'g',
      batchSize: 8,
      batchWindowMs: 1,
      retryBaseMs: 1,
      onError: (error) => told.push((error as Error).message),
    },
    async (event) => {
      calls += 1;
      if (calls === 2 || calls === 3) throw new Error('sink down');
      const batch = parseKafkaEvent(event);
      for (const record of batch.records) delivered.push(`${record.partition}:${record.offset}`);
    },
  );
  group.start();
  const left = await group.stop(5000);
  assert.equal(left, 0);
  assert.equal(group.failures, 2);
  assert.deepEqual(told, ['sink down', 'sink down'], 'each failure is told, none is silent');
  assert.deepEqual(group.committedOffsets(), [15, 15]);
  // every record delivered exactly once after the retries, in offset order per partition
  assert.equal(new Set(delivered).size, 30);
  assert.equal(delivered.length, 30);
});
