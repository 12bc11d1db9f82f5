import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suppressedWindows } from '../../../cli/live/recorder';
import { outcomeNote, RealertNotes, suppressedNote } from '../../../cli/start/realert-notes';
import { defaultRules } from '../../../shared/rules/parse';

const rules = defaultRules().rules;
const t0 = Date.parse('2026-11-22T12:00:00.000Z');
const minute = 60_000;

describe('RealertNotes: why a window over its threshold raised no alert', () => {
  test('the window that fired, one realert keeps quiet (and until when), one nothing explains', () => {
    const notes = new RealertNotes(rules);
    notes.add([{ rule: 'error-burst', group: '/a.py', windowStart: new Date(t0).toISOString() }]);
    assert.deepEqual(notes.outcome('error-burst', '/a.py', t0), { outcome: 'fired' });
    // error-burst's realert is 5 min: windows starting before t0 + 5 min stay quiet.
    assert.deepEqual(notes.outcome('error-burst', '/a.py', t0 + 40_000), {
      outcome: 'suppressed',
      until: t0 + 5 * minute,
    });
    assert.deepEqual(notes.outcome('error-burst', '/a.py', t0 + 5 * minute), { outcome: 'unknown' });
    assert.deepEqual(notes.outcome('error-burst', '/b.py', t0 + 40_000), { outcome: 'unknown' });
  });

  test('the latest alert that suppresses a window says until when', () => {
    const notes = new RealertNotes(rules);
    notes.add([
      { rule: 'error-burst', group: '/a.py', windowStart: t0 },
      { rule: 'error-burst', group: '/a.py', windowStart: t0 + 6 * minute },
    ]);
    assert.deepEqual(notes.outcome('error-burst', '/a.py', t0 + 7 * minute), {
      outcome: 'suppressed',
      until: t0 + 11 * minute,
    });
  });

  test('suppressedWindows: the windows of the charts over the threshold that realert kept quiet', () => {
    const notes = new RealertNotes(rules);
    notes.add([{ rule: 'error-burst', group: '/a.py', windowStart: t0 }]);
    const starts = [0, 1, 2, 3, 4].map((i) => t0 + i * 10_000);
    const found = suppressedWindows(
      [
        {
          rule: 'error-burst',
          groupBy: 'pathname',
          windowMs: 10_000,
          slideMs: 10_000,
          threshold: 25,
          starts,
          groups: [
            { group: '/a.py', counts: [40, 9, 12, 33, 26] },
            { group: '/b.py', counts: [3, 4, 30, 5, 6] },
          ],
        },
      ],
      notes,
    );
    assert.deepEqual(found, [
      {
        rule: 'error-burst',
        group: '/a.py',
        windowStart: t0 + 30_000,
        count: 33,
        threshold: 25,
        until: t0 + 5 * minute,
      },
      {
        rule: 'error-burst',
        group: '/a.py',
        windowStart: t0 + 40_000,
        count: 26,
        threshold: 25,
        until: t0 + 5 * minute,
      },
    ]);
  });

  test('what the live line and the summary say of them', () => {
    const until = new Date(2026, 10, 22, 14, 5, 10).getTime();
    assert.equal(outcomeNote({ outcome: 'fired' }), 'alert');
    assert.equal(outcomeNote({ outcome: 'suppressed', until }), 'suppressed by realert until 14:05:10');
    assert.equal(outcomeNote({ outcome: 'unknown' }), undefined);
    assert.equal(suppressedNote(new Map()), '');
    assert.equal(
      suppressedNote(
        new Map([
          ['a', until - 60_000],
          ['b', until],
        ]),
      ),
      ' (2 windows over a threshold kept quiet by realert, until 14:05:10)',
    );
  });
});
