import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSince } from '../../../functions/archive/since';

const now = Date.parse('2026-11-22T12:00:00Z');

describe('parseSince', () => {
  const cases: [string, string | undefined][] = [
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T10:30', '2026-11-20T10:30:00.000Z'],
    ['2026-11-20T10:30:15Z', '2026-11-20T10:30:15.000Z'],
    ['2026-11-20T10:30:15.250+02:00', '2026-11-20T08:30:15.250Z'],
    ['2026-11-20 10:30', '2026-11-20T10:30:00.000Z'],
    ['24h', '2026-11-21T12:00:00.000Z'],
    ['7d', '2026-11-15T12:00:00.000Z'],
    ['90m', '2026-11-22T10:30:00.000Z'],
    ['yesterday', undefined],
    ['2026-13-01', undefined],
    ['24', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of cases) {
    test(`"${text}"`, () => {
      const since = parseSince(text, now);
      assert.equal(since === undefined ? undefined : new Date(since).toISOString(), expected);
    });
  }
});
