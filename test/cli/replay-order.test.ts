import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { naturalCompare } from '../../cli/pipeline/natural-order';
import { orderReplay } from '../../cli/pipeline/replay-order';
import { KafkaEventSource, type KafkaRecordIn } from '../../shared/kafka/types';

const record = (partition: number, offset: number, topic = 'logs'): KafkaRecordIn => ({
  topic,
  partition,
  offset,
  timestamp: 1_740_000_000_000 + offset,
  key: null,
  value: null,
  headers: [],
});
const file = (name: string, records: KafkaRecordIn[]) => ({
  file: name,
  batch: { eventSource: KafkaEventSource.msk, records },
});
/** `partition:offset` of each record of each batch. */
const layout = (plan: ReturnType<typeof orderReplay>) =>
  plan.batches.map(({ batch }) => batch.records.map((r) => `${r.partition}:${r.offset}`).join(' '));

describe('naturalCompare', () => {
  test('numbers in names sort by value: batch-2 before batch-10', () => {
    const names = [
      'batch-10.json',
      'batch-2.json',
      'batch-1.json',
      'batch-20.json',
      'b/batch-3.json',
      'a.json',
    ];
    assert.deepEqual(names.sort(naturalCompare), [
      'a.json',
      'b/batch-3.json',
      'batch-1.json',
      'batch-2.json',
      'batch-10.json',
      'batch-20.json',
    ]);
  });

  test('is a total order: leading zeros and long digit runs stay deterministic', () => {
    const names = ['x-007', 'x-7', 'x-07', 'x-99999999999999999999999', 'x-100000000000000000000000'];
    assert.deepEqual(names.sort(naturalCompare), [
      'x-007',
      'x-07',
      'x-7',
      'x-99999999999999999999999',
      'x-100000000000000000000000',
    ]);
  });
});

describe('orderReplay', () => {
  test('files already in offset order replay exactly as they are', () => {
    const files = [
      file('1', [record(0, 1), record(1, 1), record(0, 2)]),
      file('2', [record(0, 3), record(1, 2)]),
    ];
    const plan = orderReplay(files);
    assert.deepEqual(layout(plan), ['0:1 1:1 0:2', '0:3 1:2']);
    assert.equal(plan.moved, 0);
    assert.deepEqual(
      plan.batches.map(({ batch }, i) => batch === files[i]?.batch),
      [true, true],
    );
  });

  test('each partition runs in offset order across files; each batch keeps its size per partition', () => {
    const plan = orderReplay([
      file('batch-1', [record(0, 7), record(0, 8), record(1, 5)]),
      file('batch-2', [record(0, 1), record(1, 1), record(1, 2)]),
      file('batch-3', [record(0, 4)]),
    ]);
    assert.deepEqual(layout(plan), ['0:1 0:4 1:1', '0:7 1:2 1:5', '0:8']);
    assert.equal(plan.moved, 7);
    assert.deepEqual(
      plan.batches.map((batch) => [batch.file, batch.reordered]),
      [
        ['batch-1', true],
        ['batch-2', true],
        ['batch-3', true],
      ],
    );
  });

  test('topics are partitions of their own; records inside one file are ordered too', () => {
    const plan = orderReplay([
      file('f', [record(0, 9, 'a'), record(0, 3, 'b'), record(0, 2, 'a'), record(0, 1, 'b')]),
    ]);
    assert.deepEqual(
      plan.batches[0]?.batch.records.map((r) => `${r.topic}:${r.offset}`),
      ['a:2', 'b:1', 'a:9', 'b:3'],
    );
  });

  test('a record given twice is kept (a redelivery) and counted', () => {
    const plan = orderReplay([file('1', [record(0, 2), record(0, 3)]), file('2', [record(0, 2)])]);
    assert.deepEqual(layout(plan), ['0:2 0:2', '0:3']);
    assert.equal(plan.duplicates, 1);
  });

  test('event fields other than the records are kept per file', () => {
    const plan = orderReplay([
      {
        file: 'x',
        batch: { eventSource: KafkaEventSource.selfManaged, bootstrapServers: 'b:9092', records: [] },
      },
    ]);
    assert.deepEqual(plan.batches[0]?.batch, {
      eventSource: KafkaEventSource.selfManaged,
      bootstrapServers: 'b:9092',
      records: [],
    });
  });
});
