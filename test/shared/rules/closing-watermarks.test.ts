import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PartitionWatermark } from '../../../shared/rules/closing/store';
import { closedBefore } from '../../../shared/rules/closing/watermarks';

const settings = { allowedLatenessMs: 60_000, idleTimeoutMs: 300_000 };
const MIN = 60_000;
const mark = (partition: number, watermark: number, seenAt: number, startedAt = 0): PartitionWatermark => ({
  topic: 'logs',
  partition,
  watermark,
  firstAt: 0,
  seenAt,
  startedAt,
});

describe('closing windows by watermarks', () => {
  test('the slowest active partition, less the allowed lateness, decides', () => {
    const now = 100 * MIN;
    const marks = [mark(0, 30 * MIN, now), mark(1, 28 * MIN, now)];
    assert.equal(closedBefore(marks, settings, { now, inputEnded: false }), 27 * MIN);
  });

  test('a lagging partition still worked on holds windows open, however far behind', () => {
    const now = 100 * MIN;
    const marks = [mark(0, 30 * MIN, now), mark(1, 10 * MIN, now - MIN)];
    assert.equal(closedBefore(marks, settings, { now, inputEnded: false }), 9 * MIN);
  });

  test('an idle partition (behind in event time and unprocessed in wall clock) does not', () => {
    const now = 100 * MIN;
    const marks = [mark(0, 30 * MIN, now), mark(1, 10 * MIN, now - 6 * MIN)];
    assert.equal(closedBefore(marks, settings, { now, inputEnded: false }), 29 * MIN);
    // At the end of a replay, event time alone decides.
    const replayed = [mark(0, 30 * MIN, now), mark(1, 10 * MIN, now)];
    assert.equal(closedBefore(replayed, settings, { now, inputEnded: true }), 29 * MIN);
  });

  test('nothing closes until the partitions had idleTimeout of wall clock to show up', () => {
    const now = 100 * MIN;
    // The first partition started 2 minutes ago: another one may not have delivered its first batch yet.
    const marks = [mark(0, 30 * MIN, now, now - 2 * MIN)];
    assert.equal(closedBefore(marks, settings, { now, inputEnded: false }), undefined);
    assert.equal(closedBefore(marks, settings, { now: now + 4 * MIN, inputEnded: false }), 29 * MIN);
    assert.equal(closedBefore(marks, settings, { now, inputEnded: true }), 29 * MIN);
  });
});
