import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LiveWindows } from '../../../cli/start/live-windows';
import { parseRules } from '../../../shared/rules/parse';
import { accepted, makeEvent } from '../../shared/rules/make-event';

function rulesOf(text: string) {
  const parsed = parseRules(text, 'test');
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.ruleSet.rules;
}

const t0 = Date.parse('2024-05-01T12:00:00.000Z');
const at = (seconds: number, pathname = '/a.py', offset = seconds * 100) =>
  accepted(makeEvent({ '@timestamp': new Date(t0 + seconds * 1000).toISOString(), pathname, offset }));

describe('LiveWindows', () => {
  const tumbling = rulesOf(`rules:
  - { name: burst, where: { level: error }, groupBy: pathname, window: 10s, threshold: 2 }
`);

  test('history: one point per window up to the current one, zeros where a group had none', () => {
    const live = new LiveWindows(tumbling);
    live.add([at(1), at(2), at(3, '/b.py'), at(25), at(26), at(27), at(41, '/b.py')]);
    const [series] = live.history();
    assert.ok(series);
    assert.deepEqual(
      series.starts.map((s) => (s - t0) / 1000),
      [0, 10, 20, 30, 40],
    );
    assert.deepEqual(series.groups, [
      { group: '/a.py', counts: [2, 0, 3, 0, 0] },
      { group: '/b.py', counts: [1, 0, 0, 0, 1] },
    ]);
    assert.equal(series.threshold, 2);
    assert.equal(series.groupBy, 'pathname');
    assert.deepEqual(live.current(), [
      { rule: 'burst', group: '/b.py', windowStart: t0 + 40_000, count: 1, threshold: 2 },
    ]);
  });

  test('current: rules in file order, groups by name, whatever their counts (a line keeps its order)', () => {
    const two = rulesOf(`rules:
  - { name: first, where: { level: error }, groupBy: pathname, window: 10s, threshold: 2 }
  - { name: second, where: { level: error }, groupBy: pathname, window: 10s, threshold: 2 }
`);
    const live = new LiveWindows(two);
    live.add([at(1, '/z.py'), at(2, '/z.py', 201), at(3, '/z.py', 301), at(4, '/a.py')]);
    assert.deepEqual(
      live.current().map((c) => `${c.rule} ${c.group} ${c.count}`),
      ['first /a.py 1', 'first /z.py 3', 'second /a.py 1', 'second /z.py 3'],
    );
  });

  test('history keeps the last N windows and forgets older counts', () => {
    const live = new LiveWindows(tumbling, 3);
    live.add([at(1), at(11), at(21), at(31), at(32)]);
    const [series] = live.history();
    assert.deepEqual(
      series?.starts.map((s) => (s - t0) / 1000),
      [10, 20, 30],
    );
    assert.deepEqual(series?.groups, [{ group: '/a.py', counts: [1, 1, 2] }]);
    assert.equal(live.history(2)[0]?.starts.length, 2);
    // A late record for a window already forgotten still counts there, but is not drawn.
    live.add([at(2, '/a.py', 9999)]);
    assert.deepEqual(live.history()[0]?.groups, [{ group: '/a.py', counts: [1, 1, 2] }]);
  });

  test('a group that leaves the history leaves the legend', () => {
    const live = new LiveWindows(tumbling, 2);
    live.add([at(1, '/gone.py'), at(21), at(31)]);
    assert.deepEqual(
      live.history()[0]?.groups.map((g) => g.group),
      ['/a.py'],
    );
  });

  test('hopping windows: each point is the full window that starts there, never summed twice', () => {
    const hopping = rulesOf(`rules:
  - { name: hop, where: { level: error }, groupBy: pathname, window: 30s, slide: 10s, threshold: 3 }
`);
    const live = new LiveWindows(hopping);
    live.add([at(1), at(12), at(13), at(25), at(45)]);
    const [series] = live.history();
    // The latest record (45 s) is in the windows starting at 20, 30 and 40; the current one closes next: 20.
    assert.deepEqual(
      series?.starts.map((s) => (s - t0) / 1000),
      [-20, -10, 0, 10, 20],
    );
    assert.deepEqual(series?.groups, [{ group: '/a.py', counts: [1, 3, 4, 3, 2] }]);
    assert.deepEqual(live.current(), [
      { rule: 'hop', group: '/a.py', windowStart: t0 + 20_000, count: 2, threshold: 3 },
    ]);
  });

  test('rules that matched nothing have no series; rules keep file order', () => {
    const two = rulesOf(`rules:
  - { name: first, where: { level: fatal }, groupBy: pathname, window: 10s, threshold: 1 }
  - { name: second, where: { level: error }, groupBy: service, window: 1m, threshold: 1 }
`);
    const live = new LiveWindows(two);
    assert.deepEqual(live.history(), []);
    live.add([at(5)]);
    assert.deepEqual(
      live.history().map((s) => [s.rule, s.groups]),
      [['second', [{ group: 'api', counts: [1] }]]],
    );
  });
});
