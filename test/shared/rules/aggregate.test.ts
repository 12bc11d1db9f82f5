import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aggregateBatch } from '../../../shared/rules/aggregate';
import { parseRules } from '../../../shared/rules/parse';
import { planWrite, splitPlan } from '../../../shared/rules/plan-write';
import { realertDecision, rememberFired } from '../../../shared/rules/realert';
import { accepted, makeEvent } from './make-event';

function rulesOf(text: string) {
  const parsed = parseRules(text, 'test');
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.ruleSet.rules;
}

const burst = rulesOf(`rules:
  - { name: burst, where: { level: error }, groupBy: pathname, window: 10s, threshold: 2 }
  - { name: hop, where: { level: error }, groupBy: kafka.topic, window: 30s, slide: 10s, threshold: 2 }
`);

describe('aggregateBatch', () => {
  test('one delta per (rule, group, window), offsets per partition', () => {
    const events = [
      makeEvent({ offset: 5, partition: 1, '@timestamp': '2024-05-01T12:00:01.000Z' }),
      makeEvent({ offset: 3, partition: 0, '@timestamp': '2024-05-01T12:00:02.000Z' }),
      makeEvent({ offset: 6, partition: 1, '@timestamp': '2024-05-01T12:00:09.999Z', pathname: '/b.py' }),
      makeEvent({ offset: 7, partition: 1, '@timestamp': '2024-05-01T12:00:10.000Z' }),
      makeEvent({ offset: 8, partition: 1, level: 'info' }),
    ];
    const deltas = aggregateBatch(events.map(accepted), burst.slice(0, 1));
    const t0 = Date.parse('2024-05-01T12:00:00.000Z');
    assert.deepEqual(
      deltas.map((d) => [
        d.group,
        d.windowStart - t0,
        d.records,
        d.partitions.map((p) => [p.partition, p.offsets]),
      ]),
      [
        [
          '/app/db.py',
          0,
          2,
          [
            [0, [3]],
            [1, [5]],
          ],
        ],
        ['/b.py', 0, 1, [[1, [6]]]],
        ['/app/db.py', 10_000, 1, [[1, [7]]]],
      ],
    );
  });

  test('hopping windows: an event counts in window/slide windows', () => {
    const deltas = aggregateBatch(
      [accepted(makeEvent({ '@timestamp': '2024-05-01T12:00:25.000Z' }))],
      burst.slice(1),
    );
    assert.deepEqual(
      deltas.map((d) => new Date(d.windowStart).toISOString()),
      ['2024-05-01T12:00:00.000Z', '2024-05-01T12:00:10.000Z', '2024-05-01T12:00:20.000Z'],
    );
    assert.ok(deltas.every((d) => d.group === 'logs' && d.windowMs === 30_000));
  });

  test('samples: at most 5, with the alert context; services distinct; shared Kubernetes fields', () => {
    const events = Array.from({ length: 8 }, (_, i) =>
      makeEvent({
        offset: i,
        message: `boom ${i}`,
        service: i % 2 ? 'api' : 'worker',
        kubernetes: { namespace: 'prod', pod: `pod-${i}` },
      }),
    );
    const [delta] = aggregateBatch(events.map(accepted), burst.slice(0, 1));
    assert.ok(delta);
    assert.equal(delta.samples.length, 5);
    assert.deepEqual(delta.samples[0], {
      timestamp: '2024-05-01T12:00:00.000Z',
      message: 'boom 0',
      level: 'error',
      pathname: '/app/db.py',
      lineno: 42,
      service: 'worker',
      kubernetes: { namespace: 'prod', pod: 'pod-0' },
    });
    assert.deepEqual(delta.services, ['worker', 'api']);
    assert.deepEqual(delta.kubernetes, { namespace: 'prod' });
  });

  test('a record delivered twice in one batch counts once', () => {
    const event = makeEvent({ offset: 9 });
    const [delta] = aggregateBatch([accepted(event), accepted(event)], burst.slice(0, 1));
    assert.deepEqual(delta?.partitions[0]?.offsets, [9]);
    assert.equal(delta?.records, 1);
  });
});

describe('planWrite', () => {
  const parts = [
    { topic: 'logs', partition: 0, offsets: [5, 6, 7] },
    { topic: 'logs', partition: 1, offsets: [2] },
  ];

  test('optimistic: every offset, each mark must be below the lowest offset', () => {
    assert.deepEqual(planWrite(parts), {
      add: 4,
      steps: [
        { name: 'hw:logs:0', below: 5, mark: 7, add: 3 },
        { name: 'hw:logs:1', below: 2, mark: 2, add: 1 },
      ],
    });
  });

  test('after a conflict: only offsets above the stored marks', () => {
    const marks: Record<string, number> = { 'hw:logs:0': 6, 'hw:logs:1': 2 };
    assert.deepEqual(
      planWrite(parts, (name) => marks[name]),
      {
        add: 1,
        steps: [{ name: 'hw:logs:0', below: 7, mark: 7, add: 1 }],
      },
    );
  });

  test('split keeps every step once', () => {
    const plan = planWrite(
      Array.from({ length: 5 }, (_, partition) => ({ topic: 't', partition, offsets: [1, 2] })),
    );
    const split = splitPlan(plan, 2);
    assert.deepEqual(
      split.map((p) => p.steps.length),
      [2, 2, 1],
    );
    assert.deepEqual(
      split.map((p) => p.add),
      [4, 4, 2],
    );
  });
});

describe('realert', () => {
  test('spacing measured from every window that fired', () => {
    assert.equal(realertDecision(600_000, [0], 300_000), 'fire');
    assert.equal(realertDecision(300_000, [0], 300_000), 'fire', 'exactly realert later may fire');
    assert.equal(realertDecision(120_000, [0], 300_000), 'suppressed');
    assert.equal(realertDecision(0, [600_000], 300_000), 'fire', 'a late window far enough back');
    assert.equal(
      realertDecision(500_000, [600_000], 300_000),
      'suppressed',
      'a late window close to a later alert',
    );
    assert.equal(realertDecision(0, [0], 300_000), 'already');
    assert.equal(realertDecision(10_000, [0], 0), 'fire', '0s lets every window alert');
  });

  test('remembers the latest 50, ascending', () => {
    let fired: number[] = [];
    for (let i = 60; i > 0; i -= 1) fired = rememberFired(fired, i);
    assert.equal(fired.length, 50);
    assert.equal(fired[0], 11);
    assert.equal(fired[49], 60);
  });
});
