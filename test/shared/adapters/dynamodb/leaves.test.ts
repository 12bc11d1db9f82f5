import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDetectListing } from '../../../../shared/adapters/dynamodb/listing';
import type { DynamoTarget } from '../../../../shared/adapters/dynamodb/target';
import { DynamoWindows } from '../../../../shared/adapters/dynamodb/windows';
import type { WindowDelta } from '../../../../shared/rules/aggregate';
import { groupHash, LEAF_CAPACITY, type LeafLimits } from '../../../../shared/rules/leaves/layout';
import type { ApplyOptions, BatchWrite } from '../../../../shared/rules/store';
import { freshTable, testDynamoClient } from '../../../helpers/local-stack';

// DynamoDB Local applies TTL on the real clock: keep the items a day from now.
const EXPIRES = Math.floor(Date.now() / 1000) + 86_400;
const OPTIONS: ApplyOptions = { expiresAt: () => EXPIRES, mode: 'live', concurrency: 16 };
const SMALL: LeafLimits = { fill: 4, capacity: 8, splitPuts: 3 };
let nextWindow = Date.parse('2024-05-01T12:00:00.000Z');
const newWindow = () => {
  nextWindow += 10_000;
  return nextWindow;
};

/** One record per (group, offset): a batch's deltas for one window and one partition. */
function batch(windowStart: number, records: ReadonlyArray<[group: string, offset: number]>, partition = 0) {
  const byGroup = new Map<string, number[]>();
  for (const [group, offset] of records) byGroup.set(group, [...(byGroup.get(group) ?? []), offset]);
  return [...byGroup].map(
    ([group, offsets]): WindowDelta => ({
      rule: 'burst',
      group,
      windowStart,
      windowMs: 10_000,
      partitions: [{ topic: 'logs', partition, offsets: offsets.sort((a, b) => a - b) }],
      records: offsets.length,
      samples: [],
      services: [],
      kubernetes: undefined,
    }),
  );
}

const groups = (n: number, prefix = 'g') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** The counts `sluice state` lists for one window (a Scan: not the functions' store). */
async function counts(target: DynamoTarget, windowStart: number): Promise<Map<string, number>> {
  return new Map(
    (await dynamoDetectListing(target).listWindows())
      .filter((w) => w.windowStart === windowStart)
      .map((w) => [w.group, w.count] as const),
  );
}

/** The leaf items of one window as stored, with their approximate size in bytes. */
async function leafItems(target: DynamoTarget, windowStart: number) {
  const items = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await target.client.send(
      new ScanCommand({
        TableName: target.table,
        FilterExpression: '#kind = :leaf AND windowStart = :ws',
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: { ':leaf': { S: 'leaf' }, ':ws': { N: String(windowStart) } },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items.map((item) => ({
    expiresAt: Number(item.expiresAt?.N),
    low: item.low?.S ?? '',
    hi: item.hi?.S,
    lows: item.lows?.SS,
    groups: item.gs?.SS?.length ?? 0,
    bytes: Object.entries(item).reduce(
      (sum, [name, value]) => sum + Buffer.byteLength(name) + sizeOf(value),
      0,
    ),
  }));
}

/** An upper bound of DynamoDB's size of a value (numbers counted as their digits). */
function sizeOf(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return value.N.length;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + n.length, 0);
  return 8;
}

/** The leaves chain up: sorted by low, each one's `hi` is the next one's low, the root lists them all. */
function assertChained(leaves: Awaited<ReturnType<typeof leafItems>>): void {
  const sorted = [...leaves].sort((a, b) => (a.low < b.low ? -1 : 1));
  for (const [i, leaf] of sorted.entries()) {
    assert.equal(leaf.hi, sorted[i + 1]?.low, `leaf ${leaf.low} ends where the next begins`);
  }
  assert.deepEqual(
    [...(sorted[0]?.lows ?? [])].sort(),
    sorted.map((leaf) => leaf.low),
    'the directory names every leaf',
  );
}

describe('window leaves against DynamoDB Local', () => {
  let target: DynamoTarget;
  before(async () => {
    target = { client: await testDynamoClient(), table: await freshTable('leaves') };
  });

  for (const size of [4, 100, 1000]) {
    test(`${size} groups: a fresh window costs ceil(groups / 50) writes, the next batch one per leaf`, async () => {
      const windows = new DynamoWindows(target);
      const start = newWindow();
      const names = groups(size);
      const first = await windows.applyBatch(
        batch(
          start,
          names.map((g, i) => [g, i]),
        ),
        OPTIONS,
      );
      const leaves = Math.ceil(size / 50);
      assert.deepEqual([first.writes, first.conflicts, first.splits], [leaves, 0, 0]);
      assert.ok(first.windows.every((w) => w.count === 1 && w.added === 1));
      const second = await windows.applyBatch(
        batch(
          start,
          names.map((g, i) => [g, size + i]),
        ),
        OPTIONS,
      );
      assert.deepEqual(
        [second.writes, second.conflicts],
        [leaves, 0],
        'one write per leaf, all its groups in it',
      );
      assert.ok(second.windows.every((w) => w.count === 2));
      const items = await leafItems(target, start);
      assert.equal(items.length, leaves);
      assert.ok(items.every((item) => item.groups <= 50));
      assertChained(items);
    });
  }

  test('a full leaf splits in one transaction; counts stay exact and no leaf passes 100 groups', async () => {
    const windows = new DynamoWindows(target);
    const start = newWindow();
    await windows.applyBatch(
      batch(
        start,
        groups(50, 'old').map((g, i) => [g, i]),
      ),
      OPTIONS,
    );
    const names = [...groups(50, 'old'), ...groups(80, 'new')];
    const next = await windows.applyBatch(
      batch(
        start,
        names.map((g, i) => [g, 100 + i]),
      ),
      OPTIONS,
    );
    assert.equal(next.splits, 1, 'one transaction moved the upper part out');
    assert.equal(next.conflicts, 0);
    const items = await leafItems(target, start);
    assert.ok(items.every((item) => item.groups <= LEAF_CAPACITY));
    assertChained(items);
    const stored = await counts(target, start);
    assert.equal(stored.size, 130);
    for (const name of names) assert.equal(stored.get(name), name.startsWith('old') ? 2 : 1, name);
  });

  test('writers of several partitions in separate containers split the same window and lose no count', async () => {
    const start = newWindow();
    const pool = groups(60, 'p');
    const expected = new Map<string, number>();
    const writers = [0, 1, 2, 3].map((partition) => ({
      partition,
      windows: new DynamoWindows(target, SMALL),
    }));
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const rounds = writers.map(({ partition }) =>
      Array.from({ length: 6 }, (_, round) =>
        Array.from({ length: 12 }, (_, i): [string, number] => [
          pool[Math.floor(random() * pool.length)] as string,
          round * 12 + i,
        ]),
      ).map((records) => ({ partition, records })),
    );
    for (const round of rounds.flat()) {
      for (const [group] of round.records) expected.set(group, (expected.get(group) ?? 0) + 1);
    }
    const results: BatchWrite[] = [];
    await Promise.all(
      writers.map(async ({ partition, windows }) => {
        for (const { records } of rounds[partition] ?? []) {
          results.push(await windows.applyBatch(batch(start, records, partition), OPTIONS));
          // The same batch again (a retry after a lost commit): nothing more is counted.
          const again = await windows.applyBatch(batch(start, records, partition), OPTIONS);
          assert.ok(again.windows.every((w) => w.added === 0));
        }
      }),
    );
    // How many transactions the splits take depends on the interleaving (one may put up to 3 leaves).
    assert.ok(results.reduce((sum, r) => sum + r.splits, 0) >= 2, 'the window split several times mid-run');
    const items = await leafItems(target, start);
    assert.ok(items.length >= Math.ceil(pool.length / SMALL.capacity), `${items.length} leaves`);
    assert.ok(items.every((item) => item.groups <= SMALL.capacity));
    assertChained(items);
    assert.deepEqual(await counts(target, start), expected);
  });

  test('a writer with a stale directory is refused by the leaf that moved, reads the directory again and counts exactly', async () => {
    const start = newWindow();
    const stale = new DynamoWindows(target, SMALL);
    const first = groups(8, 's');
    await stale.applyBatch(
      batch(
        start,
        first.map((g, i) => [g, i]),
      ),
      OPTIONS,
    );
    // Another container splits the window's leaves while `stale` keeps its directory.
    const other = new DynamoWindows(target, SMALL);
    const more = groups(30, 'm');
    const split = await other.applyBatch(
      batch(
        start,
        more.map((g, i) => [g, i]),
        1,
      ),
      OPTIONS,
    );
    assert.ok(split.splits > 0);
    const late = await stale.applyBatch(
      batch(
        start,
        [...first, ...more].map((g, i) => [g, 100 + i]),
      ),
      OPTIONS,
    );
    assert.ok(late.conflicts > 0, 'refused at least once for its stale directory');
    assert.ok(late.windows.every((w) => w.added === 1));
    const stored = await counts(target, start);
    for (const name of first) assert.equal(stored.get(name), 2, name);
    for (const name of more) assert.equal(stored.get(name), 2, name);
    assertChained(await leafItems(target, start));
  });

  test('a batch with a later TTL raises the root first: the root outlives every leaf of its window', async () => {
    const start = newWindow();
    const names = groups(8, 't');
    await new DynamoWindows(target, SMALL).applyBatch(
      batch(
        start,
        names.map((g, i) => [g, i]),
      ),
      OPTIONS,
    );
    const leaves = await leafItems(target, start);
    const [root, other] = [...leaves].sort((a, b) => (a.low < b.low ? -1 : 1));
    assert.ok(root && other, 'two leaves');
    // A group of the second leaf only, a day later (another container).
    const late = names.find((name) => groupHash(name) >= other.low) as string;
    const later = { ...OPTIONS, expiresAt: () => EXPIRES + 86_400 };
    const report = await new DynamoWindows(target, SMALL).applyBatch(batch(start, [[late, 100]]), later);
    assert.equal(report.writes, 2, 'the root TTL raised, then the leaf written');
    const after = new Map((await leafItems(target, start)).map((item) => [item.low, item.expiresAt]));
    assert.equal(after.get(root.low), EXPIRES + 86_400);
    assert.equal(after.get(other.low), EXPIRES + 86_400);
    const again = await new DynamoWindows(target, SMALL).applyBatch(batch(start, [[late, 101]]), later);
    assert.equal(again.writes, 1, 'raised once: the next batch writes the leaf alone');
  });

  test('a leaf remembers at most 2,000 redriven offsets: past that a redrive fails, naming the window, and counts nothing', async () => {
    const windows = new DynamoWindows(target);
    const start = newWindow();
    const redrive: ApplyOptions = { ...OPTIONS, mode: 'redrive' };
    const offsets = (from: number, n: number) =>
      Array.from({ length: n }, (_, i): [string, number] => ['r', from + i]);
    const first = await windows.applyBatch(batch(start, offsets(0, 1_500)), redrive);
    assert.equal(first.windows[0]?.count, 1_500);
    await assert.rejects(
      windows.applyBatch(batch(start, offsets(1_500, 501)), redrive),
      (error: Error) => error.name === 'CapacityError' && /burst .*redriven records/.test(error.message),
    );
    const fits = await windows.applyBatch(batch(start, offsets(1_500, 500)), redrive);
    assert.equal(fits.windows[0]?.count, 2_000);
  });

  test('300 groups with the longest names over 40 partitions: every item stays far under 400 KB', async () => {
    const windows = new DynamoWindows(target);
    const start = newWindow();
    // 256 characters of 3 bytes each: the longest group a rule can produce (docs/rules.md).
    const long = (i: number) => `${i}`.padEnd(256, '語');
    const records = (from: number) =>
      Array.from({ length: 300 }, (_, i): [string, number] => [long(i), from + i]);
    // Spread over 40 partitions so that every leaf carries 40 marks too.
    const spread = (records: Array<[string, number]>) =>
      records.flatMap(([group, offset]) => batch(start, [[group, offset]], offset % 40));
    await windows.applyBatch(spread(records(0)), OPTIONS);
    const more = Array.from({ length: 300 }, (_, i): [string, number] => [long(300 + i), 1000 + i]);
    const grown = await windows.applyBatch(spread([...records(500), ...more]), OPTIONS);
    assert.ok(grown.splits > 0);
    const items = await leafItems(target, start);
    const biggest = Math.max(...items.map((item) => item.bytes));
    assert.ok(items.every((item) => item.groups <= LEAF_CAPACITY));
    assert.ok(biggest < 150 * 1024, `largest leaf ${biggest} bytes`);
    assertChained(items);
    const stored = await counts(target, start);
    assert.equal(stored.size, 600);
    for (let i = 0; i < 600; i += 1) assert.equal(stored.get(long(i)), i < 300 ? 2 : 1);
  });
});
