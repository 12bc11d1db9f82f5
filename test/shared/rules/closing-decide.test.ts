import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { windowsToEvaluate } from '../../../shared/rules/closing/cursor';
import { silentGroups } from '../../../shared/rules/closing/flatline';
import { isOverRatio } from '../../../shared/rules/closing/ratio';
import { parseRules } from '../../../shared/rules/parse';
import type { FlatlineRule, RatioRule } from '../../../shared/rules/types';

const parsed = parseRules(
  `rules:
  - { name: quiet, type: flatline, groupBy: service, window: 1m, lookback: 3m, threshold: 2 }
  - { name: share, type: ratio, where: { level: error }, groupBy: service, window: 1m, threshold: 5%, minCount: 100 }
`,
  'rules.yml',
);
assert.ok(parsed.ok);
const [flatline, ratio] = parsed.ruleSet.rules as [FlatlineRule, RatioRule];
const MIN = 60_000;
const counts = (group: string, count: number, lastSeen?: number) => ({ group, count, of: 0, lastSeen });

describe('deciding closed windows', () => {
  test('flatline: expected groups (seen within lookback) at or under the threshold, with their last event', () => {
    const lookback = [
      { windowStart: 6 * MIN, groups: [counts('orders', 4, 6 * MIN + 41_000)] },
      { windowStart: 7 * MIN, groups: [counts('billing', 1)] },
      // Before the lookback: not expected any more.
      { windowStart: 5 * MIN, groups: [counts('legacy', 9)] },
    ];
    const now = {
      windowStart: 10 * MIN,
      groups: [counts('orders', 2), counts('billing', 3), counts('new', 0)],
    };
    assert.deepEqual(silentGroups(flatline, now, lookback), []);
    const later = { windowStart: 9 * MIN, groups: [counts('orders', 2)] };
    assert.deepEqual(silentGroups(flatline, later, lookback), [
      // No last-seen time kept (an older item): the end of its latest window with events.
      { group: 'billing', count: 0, lastSeen: 8 * MIN - 1 },
      { group: 'orders', count: 2, lastSeen: 6 * MIN + 41_000 },
    ]);
  });

  test('ratio: above the percentage, and only with at least minCount events', () => {
    assert.equal(isOverRatio(ratio, { group: 'p', count: 81, of: 1024, lastSeen: undefined }), true);
    assert.equal(
      isOverRatio(ratio, { group: 'p', count: 5, of: 100, lastSeen: undefined }),
      false,
      'exactly 5 % is not above',
    );
    assert.equal(
      isOverRatio(ratio, { group: 'p', count: 50, of: 99, lastSeen: undefined }),
      false,
      'under minCount',
    );
  });

  test('the windows a sweep evaluates: from the cursor, closed ones only, at most the limit', () => {
    const start = { dataStart: 0, backfillMs: 10 * MIN };
    assert.deepEqual(windowsToEvaluate(3 * MIN, 8 * MIN, MIN, start, 3), {
      starts: [3 * MIN, 4 * MIN, 5 * MIN],
      left: 2,
      next: 6 * MIN,
    });
    assert.deepEqual(windowsToEvaluate(7 * MIN, 7 * MIN + 59_999, MIN, start, 3), {
      starts: [],
      left: 0,
      next: 7 * MIN,
    });
    // A rule seen for the first time starts backfillMs back from the last closed window, not before the data.
    assert.deepEqual(
      windowsToEvaluate(undefined, 30 * MIN, MIN, { dataStart: 0, backfillMs: 2 * MIN }, 60).starts,
      [28 * MIN, 29 * MIN],
    );
    assert.deepEqual(
      windowsToEvaluate(undefined, 3 * MIN, MIN, { dataStart: 90_000, backfillMs: 10 * MIN }, 60).starts,
      [MIN, 2 * MIN],
    );
  });
});
