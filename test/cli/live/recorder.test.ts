import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LiveRecorder, throughputPoints, zeroTotals } from '../../../cli/live/recorder';
import { LiveWindows } from '../../../cli/start/live-windows';
import { defaultRules } from '../../../shared/rules/parse';

const rules = defaultRules().rules;
const totals = (produced: number, accepted: number, deadLettered = 0, skipped = 0) => ({
  ...zeroTotals,
  produced,
  accepted,
  deadLettered,
  skipped,
});

describe('throughputPoints', () => {
  test('without a rolling window: records per second between consecutive samples', () => {
    assert.deepEqual(
      throughputPoints([
        { t: 0, totals: totals(0, 0) },
        { t: 1000, totals: totals(200, 180, 2, 1) },
        { t: 1500, totals: totals(300, 280, 2, 1) },
      ]),
      [
        { t: 1000, produced: 200, accepted: 180, deadLettered: 2, skipped: 1 },
        { t: 1500, produced: 200, accepted: 200, deadLettered: 0, skipped: 0 },
      ],
    );
  });

  test('no point for a zero interval or a single sample; never negative', () => {
    assert.deepEqual(throughputPoints([{ t: 5, totals: totals(1, 1) }]), []);
    assert.deepEqual(
      throughputPoints([
        { t: 0, totals: totals(10, 10) },
        { t: 0, totals: totals(20, 20) },
        { t: 1000, totals: totals(5, 5) },
      ]),
      [{ t: 1000, produced: 0, accepted: 0, deadLettered: 0, skipped: 0 }],
    );
  });

  test('a steady 200 records a second committed every 2 s reads as 200, not 0 and 400 in turn', () => {
    // Sampled every second; the function commits 400 records every other second.
    const samples = Array.from({ length: 21 }, (_, second) => ({
      t: second * 1000,
      totals: totals(second * 200, Math.floor(second / 2) * 400),
    }));
    const perInterval = throughputPoints(samples).map((p) => p.accepted);
    assert.deepEqual(new Set(perInterval.slice(4)), new Set([0, 400]), 'per interval it zigzags');
    const rolling = throughputPoints(samples, 4000).slice(4);
    for (const point of rolling) {
      assert.equal(point.produced, 200);
      assert.equal(point.accepted, 200, `at ${point.t}`);
    }
  });
});

describe('LiveRecorder', () => {
  test('state: latest totals, rate, alerts with their threshold, bounded history', () => {
    const recorder = new LiveRecorder({
      rules,
      windows: new LiveWindows(rules),
      startedAt: 1000,
      maxAlerts: 2,
      maxSamples: 3,
      rollingMs: 2000,
    });
    assert.deepEqual(recorder.state(1000).totals, zeroTotals);
    for (let i = 0; i <= 5; i += 1) recorder.sample(totals(i * 100, i * 90), 1000 + i * 1000);
    recorder.recordAlerts(
      [
        { rule: 'error-burst', group: '/a.py', windowStart: '2026-11-22T12:00:00.000Z', count: 26 },
        { rule: 'exception-seen', group: 'unknown', windowStart: '2026-11-22T12:00:00.000Z', count: 1 },
        { rule: 'gone', group: 'x', windowStart: '2026-11-22T12:00:10.000Z', count: 3 },
      ],
      7000,
    );
    const state = recorder.state(7000);
    assert.equal(state.now, 7000);
    assert.equal(state.startedAt, 1000);
    assert.deepEqual(state.totals, totals(500, 450));
    assert.equal(state.recordsPerSecond, 100);
    assert.deepEqual(
      state.throughput.map((p) => [p.t, p.produced]),
      [
        [4000, 100],
        [5000, 100],
        [6000, 100],
      ],
    );
    assert.deepEqual(state.alerts, [
      {
        rule: 'exception-seen',
        group: 'unknown',
        windowStart: Date.parse('2026-11-22T12:00:00.000Z'),
        count: 1,
        threshold: 0,
        firedAt: 7000,
      },
      {
        rule: 'gone',
        group: 'x',
        windowStart: Date.parse('2026-11-22T12:00:10.000Z'),
        count: 3,
        threshold: undefined,
        firedAt: 7000,
      },
    ]);
    assert.deepEqual(state.windows, []);
  });
});
