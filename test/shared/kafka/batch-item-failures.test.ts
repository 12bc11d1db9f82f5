import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lowestFailures } from '../../../shared/kafka/batch-item-failures';

test('reports the lowest failed offset per partition, partitions apart', () => {
  const response = lowestFailures([
    { topic: 'logs', partition: 1, offset: 9 },
    { topic: 'logs', partition: 1, offset: 7 },
    { topic: 'logs', partition: 2, offset: 100 },
    { topic: 'other', partition: 1, offset: 3 },
  ]);
  assert.deepEqual(response, {
    batchItemFailures: [
      { itemIdentifier: { partition: 'logs-1', offset: 7 } },
      { itemIdentifier: { partition: 'logs-2', offset: 100 } },
      { itemIdentifier: { partition: 'other-1', offset: 3 } },
    ],
  });
});

test('no failures, an empty list', () => {
  assert.deepEqual(lowestFailures([]), { batchItemFailures: [] });
});
