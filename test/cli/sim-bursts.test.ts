import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultBursts, errorShareAt, simulateBurstyService } from '../../cli/sim/bursts';
import { defaultPathnames } from '../../cli/sim/microservice';
import { defaultRules } from '../../shared/rules/parse';
import { isCountRule } from '../../shared/rules/types';

const errorBurst = defaultRules()
  .rules.filter(isCountRule)
  .find((rule) => rule.name === 'error-burst');
const windowMs = errorBurst?.windowMs ?? 10_000;
const threshold = errorBurst?.threshold ?? 25;

/** Errors per pathname per error-burst window of `seconds` of the default service at 200 records/s. */
function errorWindows(startMs: number, seconds: number, seed: number): Map<string, Map<number, number>> {
  const next = simulateBurstyService({ ...defaultBursts, startMs, pathnames: defaultPathnames }, seed);
  const counts = new Map<string, Map<number, number>>();
  for (let i = 0; i < seconds * 200; i += 1) {
    const log = next(startMs + i * 5);
    if (log.level !== 'ERROR') continue;
    const windows = counts.get(log.pathname) ?? new Map<number, number>();
    const start = Math.floor((startMs + i * 5) / windowMs) * windowMs;
    windows.set(start, (windows.get(start) ?? 0) + 1);
    counts.set(log.pathname, windows);
  }
  return counts;
}

describe('the simulated service of sluice start', () => {
  test('the schedule: one file at a time, in turn, for 8 s every 20 s, from 8 s on', () => {
    const schedule = { ...defaultBursts, startMs: 0, pathnames: ['/a.py', '/b.py'] };
    const shares = (t: number) => [errorShareAt(schedule, '/a.py', t), errorShareAt(schedule, '/b.py', t)];
    assert.deepEqual(shares(7_999), [0.01, 0.01]);
    assert.deepEqual(shares(8_000), [0.08, 0.01]);
    assert.deepEqual(shares(15_999), [0.08, 0.01]);
    assert.deepEqual(shares(16_000), [0.01, 0.01]);
    assert.deepEqual(shares(28_000), [0.01, 0.08]);
    assert.deepEqual(shares(48_000), [0.08, 0.01]);
    assert.deepEqual(errorShareAt({ ...schedule, everyMs: 0 }, '/a.py', 8_000), 0.01);
  });

  test('a minute of it: quiet windows under error-burst, bursts over it, on both files', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const offset of [0, 3_000, 7_500]) {
        const startMs = Date.parse('2026-11-22T12:00:00Z') + offset;
        const counts = errorWindows(startMs, 60, seed);
        const schedule = { ...defaultBursts, startMs, pathnames: defaultPathnames };
        for (const pathname of defaultPathnames) {
          const windows = counts.get(pathname) ?? new Map<number, number>();
          let over = 0;
          for (
            let start = Math.floor(startMs / windowMs) * windowMs;
            start < startMs + 60_000;
            start += windowMs
          ) {
            const count = windows.get(start) ?? 0;
            const bursting = [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000].some(
              (at) => errorShareAt(schedule, pathname, start + at) > defaultBursts.baselineShare,
            );
            if (!bursting)
              assert.ok(count <= threshold, `seed ${seed}: quiet window of ${pathname} has ${count}`);
            if (count > threshold) over += 1;
          }
          assert.ok(
            over >= 1,
            `seed ${seed}, offset ${offset}: ${pathname} crosses the threshold in a minute`,
          );
        }
      }
    }
  });
});
