import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError } from '../../../cli/command';
import { parseSearchFlags } from '../../../cli/search/parse-query';

const now = Date.parse('2026-11-22T12:00:00.000Z');

describe('parseSearchFlags', () => {
  test('defaults: every log, the newest 100, source auto', () => {
    assert.deepEqual(parseSearchFlags({}, now), { query: { limit: 100 }, source: 'auto' });
  });

  test('every flag', () => {
    assert.deepEqual(
      parseSearchFlags(
        {
          level: 'warn+',
          pathname: '*checkout.py',
          service: 'orders',
          since: '90m',
          until: '2026-11-22T11:59Z',
          text: 'timed out',
          limit: '20',
          source: 'archive',
        },
        now,
      ),
      {
        query: {
          levels: ['warn', 'error', 'fatal'],
          pathname: '*checkout.py',
          service: 'orders',
          sinceMs: now - 90 * 60_000,
          untilMs: Date.parse('2026-11-22T11:59:00Z'),
          text: 'timed out',
          limit: 20,
        },
        source: 'archive',
      },
    );
  });

  const refused: Array<[string, Record<string, string>, RegExp]> = [
    ['an unknown level', { level: 'err' }, /--level takes trace, debug/],
    ['an unreadable time', { since: 'yesterday' }, /--since must be a date.*got "yesterday"/],
    ['since after until', { since: '1h', until: '2h' }, /--since .* must be before --until/],
    ['a zero limit', { limit: '0' }, /--limit must be a whole number from 1 to 10000/],
    ['a huge limit', { limit: '10001' }, /--limit/],
    ['a fractional limit', { limit: '2.5' }, /--limit/],
    ['an empty pathname', { pathname: '' }, /--pathname must not be empty/],
    ['an unknown source', { source: 'athena' }, /--source must be auto, opensearch or archive/],
  ];
  for (const [what, flags, message] of refused) {
    test(`refuses ${what} with one line naming the flag`, () => {
      assert.throws(
        () => parseSearchFlags(flags, now),
        (error: unknown) =>
          error instanceof UsageError &&
          message.test(error.message) &&
          error.message.startsWith('sluice search: ') &&
          !error.message.includes('\n'),
      );
    });
  }
});
