import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { dynamoDetectListing } from '../../../shared/adapters/dynamodb/listing';
import { DynamoWindows, MAX_PARTITIONS_PER_WRITE } from '../../../shared/adapters/dynamodb/windows';
import type { PartitionOffsets, WindowDelta } from '../../../shared/rules/aggregate';
import type { DetectListing } from '../../../shared/rules/store';
import { freshTable, testDynamoClient } from '../../helpers/local-stack';

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

describe('DynamoWindows against DynamoDB Local', () => {
  let windows: DynamoWindows;
  let listing: DetectListing;
  before(async () => {
    const target = { client: await testDynamoClient(), table: await freshTable('windows') };
    windows = new DynamoWindows(target);
    listing = dynamoDetectListing(target);
  });

  test('one write counts every record of a fresh window', async () => {
    const write = await windows.apply(
      delta([{ topic: 'logs', partition: 0, offsets: [1, 2, 3] }], { group: 'fresh' }),
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
    await windows.apply(delta([{ topic: 'logs', partition: 0, offsets: range(10, 20) }], { group }), EXPIRES);
    const retry = await windows.apply(
      delta([{ topic: 'logs', partition: 0, offsets: range(5, 25) }], { group }),
      EXPIRES,
    );
    assert.equal(retry.added, 5);
    assert.equal(retry.count, 11 + 5);
    assert.equal(retry.conflicts, 1, 'one refused optimistic write, then one exact write');
    const same = await windows.apply(
      delta([{ topic: 'logs', partition: 0, offsets: range(12, 18) }], { group }),
      EXPIRES,
    );
    assert.deepEqual([same.added, same.count, same.writes], [0, 16, 0], 'nothing new: no write at all');
  });

  test('partitions are independent: concurrent writers lose no counts', async () => {
    const group = 'concurrent';
    await Promise.all(
      range(0, 19).map((partition) =>
        windows.apply(delta([{ topic: 'logs', partition, offsets: range(0, 9) }], { group }), EXPIRES),
      ),
    );
    const [stored] = await windows.windowsOf('burst', group, T0);
    assert.equal(stored?.count, 200);
  });

  test('a delta spanning many partitions is split into a few writes, still exact', async () => {
    const group = 'wide';
    const parts = range(0, MAX_PARTITIONS_PER_WRITE * 2).map((partition) => ({
      topic: 'logs',
      partition,
      offsets: [partition],
    }));
    const first = await windows.apply(delta(parts, { group }), EXPIRES);
    assert.deepEqual([first.count, first.writes], [parts.length, 3]);
    const again = await windows.apply(delta(parts, { group }), EXPIRES);
    assert.deepEqual([again.count, again.added], [parts.length, 0]);
  });

  test('the alert decision is remembered on the window; listing shows counted windows', async () => {
    const group = 'listed';
    await windows.apply(delta([{ topic: 'logs', partition: 0, offsets: [1] }], { group }), EXPIRES);
    await windows.setAlert({ rule: 'burst', group, windowStart: T0, windowMs: 10_000 }, 'claimed');
    const next = await windows.apply(
      delta([{ topic: 'logs', partition: 0, offsets: [2] }], { group }),
      EXPIRES,
    );
    assert.equal(next.alert, 'claimed');
    const listed = (await listing.listWindows()).find((w) => w.group === group);
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
