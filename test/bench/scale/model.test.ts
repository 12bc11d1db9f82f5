import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costPerSecond, SECONDS_PER_MONTH, scaleCost, totalCost } from '../../../bench/scale/cost';
import { partitionFlow } from '../../../bench/scale/flow';
import { evaluate } from '../../../bench/scale/model';
import { recommend, roundUpNicely, sizeFor, smallestBatchThatHolds } from '../../../bench/scale/recommend';
import { wallsOf } from '../../../bench/scale/walls';
import { distinctGroups, hotItem, windowWritesPerBatch } from '../../../bench/scale/window-writes';
import { handCosts, handLoad, handParams, handSettings } from './support';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) < 1e-6 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} ≠ ${expected}`,
  );

test('a partition that keeps up: full batches 200 ms apart, 240 ms from arrival to commit at most', () => {
  const flow = partitionFlow({ ratePerSecond: 1000, maxBatch: 200, windowMs: 1000, invokeMs: () => 40 });
  assert.deepEqual(flow, {
    batch: 200,
    invokeMs: 40,
    cycleMs: 200,
    capacity: 5000,
    utilisation: 0.2,
    delayMs: 240,
    behindPerSecond: 0,
    invokesPerSecond: 5,
  });
});

test("issue 19's wall: 200-record batches of 40 ms cap a partition at 5,000 records/s", () => {
  const flow = partitionFlow({ ratePerSecond: 6000, maxBatch: 200, windowMs: 1000, invokeMs: () => 40 });
  assert.equal(flow.capacity, 5000);
  assert.equal(flow.behindPerSecond, 1000);
  assert.equal(flow.delayMs, Number.POSITIVE_INFINITY);
  assert.equal(flow.utilisation, 1.2);
  assert.equal(flow.invokesPerSecond, 25);
});

test('the batching window cuts batches when they fill slowly: 104 records every 1.04 s', () => {
  const flow = partitionFlow({ ratePerSecond: 100, maxBatch: 1000, windowMs: 1000, invokeMs: () => 40 });
  close(flow.batch, 104, 'batch');
  close(flow.cycleMs, 1040, 'cycle');
  close(flow.delayMs, 1080, 'delay');
});

test('an invoke that grows with the batch: n = 2000 × (0.52 + 0.0001 n) gives 1,300 records', () => {
  const flow = partitionFlow({
    ratePerSecond: 2000,
    maxBatch: 10_000,
    windowMs: 500,
    invokeMs: (n) => 20 + 0.1 * n,
  });
  close(flow.batch, 1300, 'batch');
  close(flow.invokeMs, 150, 'invoke');
  close(flow.cycleMs, 650, 'cycle');
  close(flow.delayMs, 800, 'delay');
  close(flow.capacity, 10_000 / 1.02, 'capacity');
});

test('no records: no invokes, a lone record waits a window and one invoke', () => {
  const flow = partitionFlow({ ratePerSecond: 0, maxBatch: 100, windowMs: 500, invokeMs: (n) => 10 + n });
  assert.equal(flow.invokesPerSecond, 0);
  assert.equal(flow.delayMs, 511);
});

test('distinct groups among draws: expected value of a uniform spread', () => {
  assert.equal(distinctGroups(1, 5), 1);
  assert.equal(distinctGroups(2, 1), 1);
  assert.equal(distinctGroups(2, 2), 1.5);
  assert.equal(distinctGroups(0, 10), 0);
  assert.equal(distinctGroups(10, 0), 0);
});

test('window writes: every window the batch spans, times the items its groups fall in', () => {
  // 3 groups, each its own item; 5 s of event time spans 1.5 windows of 10 s and 1.083 of 60 s.
  const perGroup = windowWritesPerBatch({
    matching: 60,
    spanMs: 5000,
    ruleWindowsMs: [10_000, 60_000],
    groups: 3,
    groupsPerWrite: 1,
  });
  close(perGroup, (1.5 + 1 + 5 / 60) * 3, 'per group');
  // 1,000 groups, 50 to an item: 20 writes for one window.
  const leaves = windowWritesPerBatch({
    matching: 100_000,
    spanMs: 0,
    ruleWindowsMs: [10_000],
    groups: 1000,
    groupsPerWrite: 50,
  });
  assert.equal(leaves, 20);
  assert.equal(
    windowWritesPerBatch({ matching: 0, spanMs: 0, ruleWindowsMs: [10_000], groups: 5, groupsPerWrite: 1 }),
    0,
  );
});

test('the hot item: half the batches touch a leaf of 50 of 100 groups; 3,440 bytes bill 4 units', () => {
  const hot = hotItem({
    groups: 100,
    groupsPerWrite: 50,
    matching: 1,
    batchesPerSecond: 10,
    partitions: 12,
    baseBytes: 200,
    bytesPerGroup: 60,
    bytesPerMark: 20,
    writeUnitBytes: 1024,
  });
  assert.deepEqual(hot, { writesPerSecond: 5, itemBytes: 3440, unitsPerWrite: 4, unitsPerSecond: 20 });
});

test('evaluate: each function, DynamoDB, OpenSearch, S3 and the alert latency, worked by hand', () => {
  const e = evaluate(handLoad(1000), handSettings, handCosts, handParams);
  // archive: 10 + 0.01 × 100 + one round of PUTs (50) = 61 ms per 100 records, batches cut every 100 ms.
  close(e.functions.archive.flow.invokeMs, 61, 'archive invoke');
  close(e.functions.archive.flow.capacity, 100 / 0.061, 'archive capacity');
  close(e.functions.archive.flow.delayMs, 161, 'archive delay');
  close(e.functions.archive.invokesPerSecond, 10, 'archive invokes');
  close(e.functions.archive.gbSecondsPerSecond, (10 * 0.051 * 1000) / 1024, 'archive GB-s');
  close(e.functions.archive.concurrency, 0.51, 'archive concurrency');
  close(e.s3.putsPerSecond, 10, 'PUTs');
  // index: 10 + 1 + one _bulk (20) + 0.05 MB × 100 ms/MB = 36 ms.
  close(e.functions.index.flow.invokeMs, 36, 'index invoke');
  close(e.opensearch.bulkPerSecond, 10, 'bulk requests');
  close(e.opensearch.utilisation, 0.1, 'OpenSearch: 1,000 docs × 2 copies of 20,000 a node');
  // detect: 1.01 window writes (100 ms of a 10 s window), one round of writes: 10 + 1 + 10 = 21 ms.
  close(e.functions.detect.flow.invokeMs, 21, 'detect invoke');
  close(e.dynamodb.writesPerSecond, 10.1, 'window writes');
  assert.deepEqual(e.dynamodb.hot, {
    writesPerSecond: 10,
    itemBytes: 280,
    unitsPerWrite: 1,
    unitsPerSecond: 10,
  });
  // Kafka 20 + detect 121 + three claim writes 30 + Slack 300.
  close(e.alertLatencyMs, 471, 'alert latency');
  assert.equal(e.alertsDigested, false);
  close(e.mbPerSecond, 0.5, 'MB/s');
});

test('alerts over the Slack budget wait for the sweeper; a detect that falls behind has no latency', () => {
  const digested = evaluate({ ...handLoad(1000), alertsPerMinute: 30 }, handSettings, handCosts, handParams);
  assert.equal(digested.alertsDigested, true);
  close(digested.alertLatencyMs, 471 + 60_000, 'alert latency through the sweeper');
  const behind = evaluate(handLoad(6000), handSettings, handCosts, handParams);
  assert.equal(behind.alertLatencyMs, Number.POSITIVE_INFINITY);
});

test('OpenSearch caps what index keeps up with when its nodes cannot write every copy', () => {
  const small = { ...handSettings, opensearch: { dataNodes: 1, replicas: 1 } };
  const e = evaluate(handLoad(2500), small, handCosts, withDocWrites(4000));
  assert.equal(e.functions.index.throughput, 2000);
  close(e.opensearch.utilisation, 1.25, 'OpenSearch');
});

function withDocWrites(docWritesPerNode: number) {
  return { ...handParams, docWritesPerNode };
}

test('cost: list prices times quantities; what has no price is named, not guessed', () => {
  const e = evaluate(handLoad(1000), handSettings, handCosts, handParams);
  const lines = costPerSecond(e, handSettings, handParams);
  const usd = (item: string) => lines.find((line) => line.item.startsWith(item))?.usd;
  close(usd('S3 PUTs') ?? 0, (10 / 1000) * 0.005, 'S3');
  close(usd('DynamoDB') ?? 0, (10.1 / 1e6) * 0.625, 'DynamoDB');
  close(usd('Lambda requests') ?? 0, (30 / 1e6) * 0.2, 'requests');
  close(usd('Lambda archive') ?? 0, ((10 * 0.051 * 1000) / 1024) * 0.0000133334, 'archive duration');
  assert.equal(usd('OpenSearch data nodes'), null);
  const month = totalCost(scaleCost(lines, SECONDS_PER_MONTH));
  assert.deepEqual(month.unpriced, ['OpenSearch data nodes']);
  const priced = lines.reduce((sum, line) => sum + (line.usd ?? 0), 0);
  close(month.usd, priced * SECONDS_PER_MONTH, 'a month is 730 hours');
});

test('recommend: the smallest detect batch that keeps a partition at most 60 % busy; the largest for the others', () => {
  // At 3,000 records/s detect needs 200: 100 records take 21 ms (4,762/s, 63 %), 200 take 22 ms (9,091/s).
  const { settings } = recommend(handLoad(3000), handSettings, handCosts, handParams);
  assert.equal(settings.detect.batchSize, 200);
  assert.equal(settings.index.batchSize, 10_000);
  assert.equal(settings.archive.batchSize, 10_000);
  assert.equal(smallestBatchThatHolds('index', handLoad(3000), handSettings, handCosts, handParams), 500);
});

test('sizing: partitions, OpenSearch nodes, daily shards spread over them, pollers with headroom', () => {
  const e = evaluate(handLoad(3000), handSettings, handCosts, handParams);
  // 3,000 records/s at 60 % of archive's 1,639 a partition: 4 partitions; 1.5 MB/s; 6,000 copies/s of
  // 12,000 planned per node; 132.8 GiB a day in shards of at most 50 GiB.
  assert.deepEqual(sizeFor(e, 1, handParams), {
    partitions: 4,
    opensearchDataNodes: 1,
    primaryShards: 3,
    maxPollers: 2,
    // archive falls behind at 3,000 records/s a partition: no lag is normal, no threshold holds.
    offsetLagThreshold: Number.POSITIVE_INFINITY,
  });
  const big = evaluate({ ...handLoad(300_000), partitions: 100 }, handSettings, handCosts, handParams);
  // 300,000 records/s at 60 % of 1,639 (983.6) a partition: 305 partitions (150 MB/s alone needs 25 of 6 MB/s);
  // 600,000 copies/s: 50 nodes; 13,277 GiB a day: 266 → 300
  // shards; 30 pollers of 5 MB/s, 50 with headroom.
  assert.deepEqual(sizeFor(big, 1, handParams), {
    partitions: 305,
    opensearchDataNodes: 50,
    primaryShards: 300,
    maxPollers: 50,
    offsetLagThreshold: Number.POSITIVE_INFINITY,
  });
});

test('walls: the limits used past the planned share, busiest first', () => {
  const e = evaluate(handLoad(4000), handSettings, handCosts, handParams);
  // archive 4,000 / 1,639 = 2.44, index 4,000 / 2,778 = 1.44, detect 4,000 / 4,762 = 0.84.
  const walls = wallsOf(e, handSettings, handParams).map((wall) => wall.what);
  // A partition that falls behind has no bounded lag: the OffsetLag alarm fires first.
  assert.deepEqual(walls, [
    'OffsetLag alarm',
    'archive per partition',
    'index per partition',
    'detect per partition',
  ]);
});

test('the OffsetLag alarm: above what 100 partitions keeping up show, rounded to a threshold a person reads', () => {
  // Each partition: 1,000 records/s, archive's longest delay 161 ms, so 161 records uncommitted at most;
  // the topic 16,100, with headroom 26,833: 50,000.
  const e = evaluate({ ...handLoad(100_000), partitions: 100 }, handSettings, handCosts, handParams);
  close(e.functions.archive.lagRecords, 161, 'archive lag per partition');
  assert.equal(sizeFor(e, 1, handParams).offsetLagThreshold, 50_000);
  assert.equal(roundUpNicely(14_500), 20_000);
  assert.equal(roundUpNicely(20_000), 20_000);
  assert.equal(roundUpNicely(21_000), 25_000);
  assert.equal(roundUpNicely(0.3), 1);
});
