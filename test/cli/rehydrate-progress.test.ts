import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatDuration,
  formatProgress,
  progressDisplay,
  progressFigures,
} from '../../cli/rehydrate/progress';
import { formatStatus, resumeCommand } from '../../cli/rehydrate/report';
import { noCounts, type RunCheckpoint, RunStatus } from '../../shared/rehydrate/checkpoint';

function at(objects: number, records: number, bytesDone: number): RunCheckpoint {
  return {
    runId: 'r',
    args: {
      since: '2026-11-22T10:00:00.000Z',
      until: '2026-11-22T12:00:00.000Z',
      indexPrefix: 'logs-',
      dryRun: false,
    },
    version: 1,
    status: RunStatus.running,
    cursor: null,
    total: { objects: 840, bytes: 84_000 },
    bytesDone,
    counts: { ...noCounts, objects, records },
    invocations: 1,
    failedAttempts: 0,
    startedAt: '',
    updatedAt: '',
  };
}

describe('rehydrate progress', () => {
  test('records/s over this session, ETA over the compressed bytes left', () => {
    const figures = progressFigures(at(100, 1_000_000, 10_000), at(140, 1_480_000, 14_000), 10_000);
    assert.deepEqual(figures, {
      objectsDone: 140,
      objectsTotal: 840,
      records: 1_480_000,
      recordsPerSecond: 48_000,
      etaMs: 175_000,
    });
    assert.equal(
      formatProgress(figures, 10),
      '[##........] 140/840 objects · 1,480,000 records · 48,000 records/s · ETA 2m55s',
    );
    assert.equal(progressFigures(at(0, 0, 0), at(0, 0, 0), 0).etaMs, undefined, 'no rate yet');
  });

  test('durations read like a clock', () => {
    assert.deepEqual(
      [formatDuration(45_000), formatDuration(200_000), formatDuration(7_500_000)],
      ['45s', '3m20s', '2h05m'],
    );
  });

  test('in a log: a plain line at most every 5 s, and the last figures at the end', () => {
    let clock = 0;
    const lines: string[] = [];
    const display = progressDisplay({ isTTY: false, write: (text) => lines.push(text) }, () => clock);
    display.update(at(1, 10, 100));
    clock = 1_000;
    display.update(at(2, 20, 200));
    clock = 6_000;
    display.update(at(3, 30, 300));
    clock = 7_000;
    display.update(at(4, 40, 400));
    display.done();
    assert.deepEqual(
      lines.map((line) => line.split(' objects')[0]),
      ['rehydrate: 1/840', 'rehydrate: 3/840', 'rehydrate: 4/840'],
    );
    assert.ok(lines.every((line) => line.endsWith('\n') && !line.includes('\x1b')));
  });

  test('the resume command names the run exactly, globs quoted', () => {
    assert.equal(
      resumeCommand({ ...at(0, 0, 0).args, levels: ['error'], pathname: '*checkout.py', service: "o'rders" }),
      "sluice rehydrate --since 2026-11-22T10:00:00.000Z --until 2026-11-22T12:00:00.000Z --level error --service 'o'\\''rders' --pathname '*checkout.py'",
    );
  });
});

describe('rehydrate --status', () => {
  test('a running run without progress for a while says how to resume it', () => {
    const run = {
      ...at(120, 1_204_330, 1_000),
      updatedAt: '2026-11-22T12:00:00.000Z',
      startedAt: '2026-11-22T11:00:00.000Z',
    };
    const fresh = formatStatus([run], Date.parse('2026-11-22T12:05:00Z'));
    assert.match(
      fresh,
      /^r {2}running {2}2026-11-22T10:00:00.000Z to 2026-11-22T12:00:00.000Z → daily indices logs-\*$/m,
    );
    assert.match(fresh, /120\/840 objects \(14%\) · 1,204,330 records: 0 created/);
    assert.doesNotMatch(fresh, /no progress/);
    const stalled = formatStatus([run], Date.parse('2026-11-22T13:00:00Z'));
    assert.match(
      stalled,
      /no progress for 60 min: run it again to resume \(sluice rehydrate --since 2026-11-22T10:00:00.000Z/,
    );
  });
});
