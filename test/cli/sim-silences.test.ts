import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultBursts, simulateBurstyService } from '../../cli/sim/bursts';
import { loggingAt } from '../../cli/sim/silences';

const schedule = {
  startMs: 0,
  pathnames: ['/a.py', '/b.py'],
  everyMs: 120_000,
  lengthMs: 30_000,
  firstAfterMs: 30_000,
};

describe('the simulated service goes silent', () => {
  test('one file at a time, in turn from the last, for 30 s every 2 minutes, from 30 s on', () => {
    assert.deepEqual(loggingAt(schedule, 29_999), ['/a.py', '/b.py']);
    assert.deepEqual(loggingAt(schedule, 30_000), ['/a.py']);
    assert.deepEqual(loggingAt(schedule, 59_999), ['/a.py']);
    assert.deepEqual(loggingAt(schedule, 60_000), ['/a.py', '/b.py']);
    assert.deepEqual(loggingAt(schedule, 150_000), ['/b.py']);
    assert.deepEqual(loggingAt({ ...schedule, everyMs: 0 }, 40_000), ['/a.py', '/b.py']);
    assert.deepEqual(
      loggingAt({ ...schedule, pathnames: ['/a.py'] }, 40_000),
      ['/a.py'],
      'never the only file',
    );
  });

  test('the silent file writes nothing while it is silent; the others take its records', () => {
    const pathnames = ['/a.py', '/b.py'];
    const next = simulateBurstyService({ ...defaultBursts, startMs: 0, pathnames }, 3, (t) =>
      loggingAt({ ...schedule, pathnames }, t),
    );
    const during = Array.from({ length: 500 }, (_, i) => next(30_000 + i * 50).pathname);
    assert.deepEqual([...new Set(during)], ['/a.py']);
    const after = new Set(Array.from({ length: 500 }, (_, i) => next(60_000 + i * 50).pathname));
    assert.deepEqual([...after].sort(), pathnames);
  });
});
