// The closing store on DynamoDB Local and its in-memory twin answer alike: watermarks only rise,
// cursors move from the value read, and the earliest clearing after an alert is kept.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryDetectStore } from '../../../../shared/adapters/dynamodb/memory-store';
import { dynamoDetectStore } from '../../../../shared/adapters/dynamodb/store';
import type { ClosingStore } from '../../../../shared/rules/closing/store';
import { freshTable, testDynamoClient } from '../../../helpers/local-stack';

const stores: [string, () => Promise<ClosingStore>][] = [
  [
    'DynamoDB Local',
    async () =>
      dynamoDetectStore({ client: await testDynamoClient(), table: await freshTable('closing-store') })
        .closing,
  ],
  ['in memory', async () => new MemoryDetectStore().closing],
];

for (const [name, open] of stores) {
  describe(`closing store (${name})`, () => {
    test('a watermark only rises; a redelivery still marks the partition as worked on', async () => {
      const closing = await open();
      const p0 = { topic: 'logs', partition: 0 };
      await closing.advance([{ ...p0, watermark: 5_000, first: 1_000 }], 100, 0);
      await closing.advance([{ ...p0, watermark: 3_000, first: 500 }], 200, 0);
      assert.deepEqual(await closing.watermarks(), [
        { ...p0, watermark: 5_000, firstAt: 1_000, seenAt: 200, startedAt: 100 },
      ]);
      await closing.advance(
        [
          { ...p0, watermark: 9_000, first: 6_000 },
          { topic: 'logs', partition: 1, watermark: 7_000, first: 7_000 },
        ],
        300,
        0,
      );
      const marks = (await closing.watermarks()).sort((a, b) => a.partition - b.partition);
      assert.deepEqual(marks, [
        { ...p0, watermark: 9_000, firstAt: 1_000, seenAt: 300, startedAt: 100 },
        { topic: 'logs', partition: 1, watermark: 7_000, firstAt: 7_000, seenAt: 300, startedAt: 300 },
      ]);
    });

    test('a cursor moves only from the value read', async () => {
      const closing = await open();
      assert.equal(await closing.cursor('r', 60_000), undefined);
      assert.equal(await closing.moveCursor('r', 60_000, undefined, 120_000, 0), true);
      assert.equal(await closing.moveCursor('r', 60_000, undefined, 180_000, 0), false);
      assert.equal(await closing.moveCursor('r', 60_000, 60_000, 180_000, 0), false);
      assert.equal(await closing.moveCursor('r', 60_000, 120_000, 180_000, 0), true);
      assert.equal(await closing.cursor('r', 60_000), 180_000);
    });

    test('the earliest clearing after an alert is kept; a later alert replaces it', async () => {
      const closing = await open();
      const at = (windowStart: number) => ({ rule: 'r', group: 'orders', windowStart, windowMs: 60_000 });
      await closing.markCleared(at(300_000), { count: 5, of: 0 }, 120_000, 0);
      await closing.markCleared(at(240_000), { count: 2, of: 0 }, 120_000, 0);
      await closing.markCleared(at(360_000), { count: 9, of: 0 }, 120_000, 0);
      assert.deepEqual(await closing.cleared('r', 'orders', 60_000), {
        windowStart: 240_000,
        count: 2,
        of: 0,
      });
      // An alert of window 300 000 fired since: its clearing replaces the one of the earlier alert.
      await closing.markCleared(at(420_000), { count: 7, of: 0 }, 300_000, 0);
      assert.deepEqual(await closing.cleared('r', 'orders', 60_000), {
        windowStart: 420_000,
        count: 7,
        of: 0,
      });
      assert.equal(await closing.cleared('r', 'payments', 60_000), undefined);
    });
  });
}
