import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { groupOf, MAX_GROUP_LENGTH, UNKNOWN_GROUP } from '../../../shared/rules/group';
import { eventTimeMs, windowStart, windowStarts } from '../../../shared/rules/windows';
import { makeEvent } from './make-event';

const at = (iso: string) => Date.parse(iso);

describe('windows', () => {
  test('tumbling windows are aligned to the epoch, in UTC', () => {
    assert.equal(windowStart(at('2024-05-01T12:00:07.500Z'), 10_000), at('2024-05-01T12:00:00.000Z'));
    assert.equal(
      windowStart(at('2024-05-01T12:00:10.000Z'), 10_000),
      at('2024-05-01T12:00:10.000Z'),
      'start is inclusive',
    );
    assert.equal(
      windowStart(at('2024-05-01T12:00:09.999Z'), 10_000),
      at('2024-05-01T12:00:00.000Z'),
      'end is exclusive',
    );
    assert.equal(windowStart(at('2024-05-01T12:59:59.999Z'), 3_600_000), at('2024-05-01T12:00:00.000Z'));
    assert.equal(windowStart(-1, 1000), -1000, 'floor, not truncation');
  });

  test('a tumbling rule puts an event in one window', () => {
    assert.deepEqual(windowStarts(25_000, { windowMs: 10_000, slideMs: 10_000 }), [20_000]);
  });

  test('hopping windows: every slide boundary within the last window', () => {
    assert.deepEqual(windowStarts(25_000, { windowMs: 30_000, slideMs: 10_000 }), [0, 10_000, 20_000]);
    assert.deepEqual(windowStarts(30_000, { windowMs: 30_000, slideMs: 10_000 }), [10_000, 20_000, 30_000]);
  });

  test('event time is @timestamp (already skew-checked by normalization)', () => {
    const event = makeEvent({ '@timestamp': '2024-05-01T12:00:03.000Z' });
    assert.equal(eventTimeMs(event), at('2024-05-01T12:00:03.000Z'));
    assert.equal(eventTimeMs({ ...event, '@timestamp': 'garbage' }), event.kafka.timestamp);
  });

  test('an event time that is no date falls back to the Kafka time read by magnitude, else the epoch', () => {
    const event = makeEvent({ '@timestamp': 'garbage' });
    const kafka = (timestamp: number) => ({ ...event, kafka: { ...event.kafka, timestamp } });
    assert.equal(eventTimeMs(kafka(1.74e18)), 1_740_000_000_000);
    assert.equal(eventTimeMs(kafka(-1)), 0);
  });
});

describe('groups', () => {
  test('any normalized field, dotted paths too', () => {
    const event = makeEvent({ kubernetes: { container: 'db', namespace: 'prod' }, lineno: 7 });
    assert.equal(groupOf(event, { groupBy: 'pathname' }), '/app/db.py');
    assert.equal(groupOf(event, { groupBy: 'kubernetes.container' }), 'db');
    assert.equal(groupOf(event, { groupBy: 'lineno' }), '7');
    assert.equal(groupOf(makeEvent({ attrs: { user: { id: 12 } } }), { groupBy: 'attrs.user.id' }), '12');
  });

  test('a missing or empty field groups as unknown', () => {
    assert.equal(groupOf(makeEvent({ pathname: undefined }), { groupBy: 'pathname' }), UNKNOWN_GROUP);
    assert.equal(groupOf(makeEvent({ pathname: '' }), { groupBy: 'pathname' }), UNKNOWN_GROUP);
    assert.equal(groupOf(makeEvent(), { groupBy: 'kubernetes.container' }), UNKNOWN_GROUP);
  });

  test('a lone surrogate in a value becomes U+FFFD, so a group is always well-formed text', () => {
    assert.equal(
      groupOf(makeEvent({ pathname: '/app/\ud800x.py' }), { groupBy: 'pathname' }),
      '/app/\ufffdx.py',
    );
  });

  test('long values are cut with a hash that keeps them distinct', () => {
    const a = groupOf(makeEvent({ pathname: `${'x'.repeat(300)}a` }), { groupBy: 'pathname' });
    const b = groupOf(makeEvent({ pathname: `${'x'.repeat(300)}b` }), { groupBy: 'pathname' });
    assert.equal(a.length, MAX_GROUP_LENGTH - 1);
    assert.notEqual(a, b);
  });
});
