import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CopyTracker, overlapping } from '../../../functions/rehydrate/copies';
import { archiveKey } from '../../../shared/archive/keys';

const key = (partition: number, firstOffset: number, lastOffset: number, hour = '12') =>
  archiveKey({ dt: '2026-11-22', hour, topic: 'logs', partition, firstOffset, lastOffset });

/** Offsets of each object in key order; true where the tracker says "copy". */
function copiesIn(objects: [string, number[]][]): boolean[][] {
  const tracker = new CopyTracker();
  return objects.map(([name, offsets]) => {
    tracker.enter(name);
    return offsets.map((offset) => tracker.seen(offset));
  });
}

describe('CopyTracker', () => {
  test('objects that do not overlap have no copies', () => {
    assert.deepEqual(
      copiesIn([
        [key(0, 1, 3), [1, 2, 3]],
        [key(0, 4, 6), [4, 5, 6]],
      ]),
      [
        [false, false, false],
        [false, false, false],
      ],
    );
  });

  test('a re-split retry: the overlap of two objects of one partition is a copy, once', () => {
    assert.deepEqual(
      copiesIn([
        [key(0, 100, 104), [100, 101, 102, 103, 104]],
        [key(0, 103, 106), [103, 104, 105, 106]],
        [key(0, 104, 104), [104]],
      ]),
      [[false, false, false, false, false], [true, true, false, false], [true]],
    );
  });

  test('the same offsets in another partition, topic or hour are other records', () => {
    assert.deepEqual(
      copiesIn([
        [key(0, 1, 2), [1, 2]],
        [key(1, 1, 2), [1, 2]],
        [key(1, 1, 2, '13'), [1, 2]],
      ]),
      [
        [false, false],
        [false, false],
        [false, false],
      ],
    );
  });

  test('offsets below the object being read are forgotten (no later object can hold them)', () => {
    const tracker = new CopyTracker();
    tracker.enter(key(0, 1, 5));
    for (const offset of [1, 2, 3, 4, 5]) tracker.seen(offset);
    tracker.enter(key(0, 4, 8));
    // 1..3 were dropped: seeing 3 again (impossible in a real archive) is not reported as a copy.
    assert.equal(tracker.seen(3), false);
    assert.equal(tracker.seen(4), true);
  });
});

describe('overlapping', () => {
  test('the done objects of the next object’s partition whose range reaches it', () => {
    const done = [key(0, 1, 9), key(1, 1, 9), key(1, 10, 19), key(1, 20, 29)];
    assert.deepEqual(overlapping(done, key(1, 25, 40)), [key(1, 20, 29)]);
    assert.deepEqual(overlapping(done, key(1, 30, 40)), []);
    assert.deepEqual(overlapping(done, key(2, 1, 9)), []);
  });
});
