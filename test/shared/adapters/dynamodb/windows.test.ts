import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { dynamoDetectListing } from '../../../../shared/adapters/dynamodb/listing';
import type { DynamoTarget } from '../../../../shared/adapters/dynamodb/target';
import { DynamoWindows, MAX_PARTITIONS_PER_WRITE } from '../../../../shared/adapters/dynamodb/windows';
import type { PartitionOffsets, WindowDelta } from '../../../../shared/rules/aggregate';
import type { WindowStore } from '../../../../shared/rules/store';
import { freshTable, testDynamoClient } from '../../../helpers/local-stack';

const T0 = Date.parse('2024-05-01T12:00:00.000Z');
// DynamoDB Local applies TTL on the real clock: keep the items a day from now.
const EXPIRES = Math.floor(Date.now() / 1000) + 86_400;

function delta(partitions: PartitionOffsets[], overrides: Partial<WindowDelta> = {}): WindowDelta {
  return {
    rule: 'burst',
    group: '/app/db.py',
    windowStart: T0,
    windowMs: 10_000,
    partitions,
    records: partitions.reduce((sum, p) => sum + p.offsets.length, 0),
    samples: [],
    services: [],
    kubernetes: undefined,
    ...overrides,
  };
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** One delta applied as a batch of its own: the window after it, and the batch's writes. */
async function apply(windows: WindowStore, one: WindowDelta, expiresAt: number) {
  const batch = await windows.applyBatch([one], {
    expiresAt: () => expiresAt,
    mode: 'live',
    concurrency: 16,
  });
  return { ...batch.windows[0], writes: batch.writes, conflicts: batch.conflicts };
}

describe('DynamoWindows against DynamoDB Local', () => {
  let windows: DynamoWindows;
  // Another container: knows nothing of the leaves yet (its first write to them is optimistic).
  let other: () => DynamoWindows;
  let target: DynamoTarget;
  before(async () => {
    target = { client: await testDynamoClient(), table: await freshTable('windows') };
    windows = new DynamoWindows(target);
    other = () => new DynamoWindows(target);
  });

  // Each test counts in a window of its own: a partition's offsets name records, and the groups of
  // one window share its leaves' marks.
  test('one write counts every record of a fresh window', async () => {
    const write = await apply(
      windows,
      delta([{ topic: 'logs', partition: 0, offsets: [1, 2, 3] }], {
        group: 'fresh',
        windowStart: T0 + 10_000,
      }),
      EXPIRES,
    );
    assert.deepEqual(
      {
        count: write.count,
        added: write.added,
        writes: write.writes,
        conflicts: write.conflicts,
        alert: write.alert,
      },
      { count: 3, added: 3, writes: 1, conflicts: 0, alert: 'none' },
    );
  });

  test('a redelivered batch with other boundaries adds only the records above the mark', async () => {
    const group = 'redelivered';
    const windowStart = T0 + 20_000;
    await apply(
      windows,
      delta([{ topic: 'logs', partition: 0, offsets: range(10, 20) }], { group, windowStart }),
      EXPIRES,
    );
    const retry = await apply(
      other(),
      delta([{ topic: 'logs', partition: 0, offsets: range(5, 25) }], { group, windowStart }),
      EXPIRES,
    );
    assert.equal(retry.added, 5);
    assert.equal(retry.count, 11 + 5);
    assert.equal(retry.conflicts, 0, 'reading the root (the directory) told the marks: one exact write');
    const same = await apply(
      other(),
      delta([{ topic: 'logs', partition: 0, offsets: range(12, 18) }], { group, windowStart }),
      EXPIRES,
    );
    assert.deepEqual([same.added, same.count, same.writes], [0, 16, 0], 'nothing new: no write at all');
  });

  test('partitions are independent: concurrent writers lose no counts', async () => {
    const group = 'concurrent';
    const windowStart = T0 + 30_000;
    await Promise.all(
      range(0, 19).map((partition) =>
        apply(
          windows,
          delta([{ topic: 'logs', partition, offsets: range(0, 9) }], { group, windowStart }),
          EXPIRES,
        ),
      ),
    );
    const stored = await windows.countOf({ rule: 'burst', group, windowStart, windowMs: 10_000 });
    assert.equal(stored, 200);
  });

  test('a delta spanning many partitions is split into a few writes, still exact', async () => {
    const group = 'wide';
    const parts = range(0, MAX_PARTITIONS_PER_WRITE * 2).map((partition) => ({
      topic: 'logs',
      partition,
      offsets: [partition],
    }));
    const first = await apply(windows, delta(parts, { group, windowStart: T0 + 40_000 }), EXPIRES);
    assert.deepEqual([first.count, first.writes], [parts.length, 3]);
    const again = await apply(other(), delta(parts, { group, windowStart: T0 + 40_000 }), EXPIRES);
    assert.deepEqual([again.count, again.added], [parts.length, 0]);
  });

  test('the alert decision is remembered on the window; listing shows counted windows', async () => {
    const group = 'listed';
    await apply(windows, delta([{ topic: 'logs', partition: 0, offsets: [1] }], { group }), EXPIRES);
    await windows.setAlerts([
      { key: { rule: 'burst', group, windowStart: T0, windowMs: 10_000 }, alert: 'claimed' },
    ]);
    const next = await apply(
      other(),
      delta([{ topic: 'logs', partition: 0, offsets: [2] }], { group }),
      EXPIRES,
    );
    assert.equal(next.alert, 'claimed');
    const listed = (await dynamoDetectListing(target).listWindows()).find((w) => w.group === group);
    assert.deepEqual(listed, {
      rule: 'burst',
      group,
      windowStart: T0,
      windowMs: 10_000,
      count: 2,
      alert: 'claimed',
    });
  });
});
