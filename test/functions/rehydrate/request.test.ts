import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { continuationEvent, parseRehydrateEvent, runIdOf } from '../../../functions/rehydrate/request';
import { InvalidInputError } from '../../../shared/errors';

const range = { since: '2026-11-22T10:00Z', until: '2026-11-22 12:00' };

describe('parseRehydrateEvent', () => {
  test('times become ISO 8601 UTC; levels are read like --level; the daily prefix is kept', () => {
    const request = parseRehydrateEvent({ ...range, level: 'warn+', service: 'orders' }, 'logs-');
    assert.deepEqual(request, {
      args: {
        since: '2026-11-22T10:00:00.000Z',
        until: '2026-11-22T12:00:00.000Z',
        levels: ['error', 'fatal', 'warn'],
        service: 'orders',
        indexPrefix: 'logs-',
        dryRun: false,
      },
      restart: false,
    });
  });

  const refused: [string, unknown][] = [
    ['not an object', 'since=yesterday'],
    ['a typo in a field name', { ...range, servce: 'orders' }],
    ['no since', { until: range.until }],
    ['a relative time', { since: '24h', until: range.until }],
    ['a date that is not one', { since: '2026-13-01', until: range.until }],
    ['since after until', { since: range.until, until: range.since }],
    ['an unknown level', { ...range, level: 'loud' }],
    ['an index name OpenSearch refuses', { ...range, index: 'Rebuild' }],
    ['an empty service', { ...range, service: '' }],
    ['dryRun as text', { ...range, dryRun: 'yes' }],
    ['a continuation that is not a version', { ...range, continuation: 0 }],
  ];
  for (const [what, event] of refused) {
    test(`refuses ${what}, saying what to send`, () => {
      assert.throws(
        () => parseRehydrateEvent(event, 'logs-'),
        (error: unknown) =>
          error instanceof InvalidInputError && /^rehydrate event: .*expected \{"since"/.test(error.message),
      );
    });
  }
});

describe('runIdOf and continuationEvent', () => {
  test('a continuation reads back as the same run; other arguments are another run', () => {
    const request = parseRehydrateEvent(
      { ...range, level: 'error,fatal', pathname: '*checkout.py', index: 'rebuild', dryRun: true },
      'logs-',
    );
    const next = parseRehydrateEvent(continuationEvent(request.args, 7), 'logs-');
    assert.equal(next.continuation, 7);
    assert.deepEqual(next.args, request.args);
    assert.equal(runIdOf(next.args), runIdOf(request.args));
    const same = parseRehydrateEvent(
      { ...range, level: 'fatal,error', pathname: '*checkout.py', index: 'rebuild', dryRun: true },
      'logs-',
    );
    assert.equal(runIdOf(same.args), runIdOf(request.args), 'level order does not matter');
    for (const other of [
      { ...range },
      { ...range, level: 'error' },
      { since: '2026-11-22T10:00Z', until: '2026-11-22T12:01Z' },
    ]) {
      assert.notEqual(runIdOf(parseRehydrateEvent(other, 'logs-').args), runIdOf(request.args));
    }
    assert.notEqual(
      runIdOf(parseRehydrateEvent(range, 'logs-').args),
      runIdOf(parseRehydrateEvent(range, 'audit-').args),
      'another daily prefix is another target',
    );
  });
});
