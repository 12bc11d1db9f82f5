import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { plural } from '../../../cli/plural';
import { formatProgress, type ProgressSnapshot } from '../../../cli/start/progress';

const snapshot: ProgressSnapshot = {
  elapsedMs: 12_400,
  produced: 2500,
  recordsPerSecond: 199.6,
  accepted: 2400,
  deadLettered: 0,
  skipped: 0,
  indexed: null,
  archived: 2400,
  alerts: 2,
  lag: 100,
  windows: [
    { rule: 'error-burst', group: '/app/orders/checkout.py', count: 61, threshold: 25, note: 'alert' },
    {
      rule: 'error-burst',
      group: '/app/payments/gateway.py',
      count: 40,
      threshold: 25,
      note: 'suppressed by realert until 14:05:10',
    },
    { rule: 'exception-seen', group: 'unknown', count: 3, threshold: 0, note: 'alert' },
  ],
};

describe('the live line of sluice start', () => {
  test('on a wide terminal: every total and every group, grouped by rule, with what became of it', () => {
    assert.equal(
      formatProgress(snapshot, 400),
      '12s  200 rec/s  accepted 2400  dead-lettered 0  skipped 0  indexed off  archived 2400  alerts 2  lag 100' +
        '  | error-burst: /app/orders/checkout.py 61/25 alert, /app/payments/gateway.py 40/25 suppressed by realert until 14:05:10' +
        ' | exception-seen: unknown 3/0 alert',
    );
  });

  test('never wider than the terminal, never cut inside a word: zeros go, paths shorten, then groups become +N more', () => {
    for (const width of [40, 60, 80, 100, 120, 160, 200]) {
      const line = formatProgress(snapshot, width);
      assert.ok(line.length <= width, `${line.length} > ${width}: ${line}`);
      assert.match(line, /^12s {2}200 rec\/s {2}accepted 2400/);
      assert.doesNotMatch(line, /…$/);
    }
    assert.equal(
      formatProgress(snapshot, 200),
      '12s  200 rec/s  accepted 2400  archived 2400  alerts 2  lag 100  | error-burst: …/checkout.py 61/25 alert, ' +
        '…/gateway.py 40/25 suppressed by realert until 14:05:10 | exception-seen: unknown 3/0 alert',
    );
    assert.equal(
      formatProgress(snapshot, 100),
      '12s  200 rec/s  accepted 2400  alerts 2  | error-burst: …/checkout.py 61/25 alert +2 more',
    );
    assert.equal(formatProgress(snapshot, 60), '12s  200 rec/s  accepted 2400  alerts 2 +3 more');
    assert.equal(formatProgress(snapshot, 40), '12s  200 rec/s  accepted 2400  alerts 2');
  });

  test('the groups keep the order they are given in (stable from one line to the next)', () => {
    const reversed = { ...snapshot, windows: [...snapshot.windows].reverse() };
    assert.match(
      formatProgress(reversed),
      /\| exception-seen: unknown 3\/0 alert \| error-burst: \/app\/payments/,
    );
  });

  test('singular for one', () => {
    assert.equal(plural(1, 'record'), '1 record');
    assert.equal(plural(0, 'record'), '0 records');
    assert.equal(plural(2, 'match', 'matches'), '2 matches');
  });
});
