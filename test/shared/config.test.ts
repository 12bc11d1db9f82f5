import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../shared/config';
import { ConfigError } from '../../shared/errors';
import { readDuration } from '../../shared/rules/durations';

/** Every variable shared/config.ts reads as a duration, with a value and what it must become. */
const durationVariables = [
  { name: 'SLUICE_MAX_CLOCK_SKEW', read: (c: ReturnType<typeof loadConfig>) => c.maxClockSkewMs },
  {
    name: 'OPENSEARCH_REQUEST_TIMEOUT',
    read: (c: ReturnType<typeof loadConfig>) => c.opensearch.requestTimeoutMs,
  },
  { name: 'OPENSEARCH_RETENTION', read: (c: ReturnType<typeof loadConfig>) => c.opensearch.retentionMs },
];

describe('loadConfig: durations', () => {
  for (const { name, read } of durationVariables) {
    test(`${name}: a value with a unit is read; a bare number is refused as a rules file refuses it`, () => {
      assert.equal(read(loadConfig({ [name]: '15m' })), 900_000);
      assert.equal(read(loadConfig({ [name]: '500ms' })), 500);
      const rulesSay = readDuration(15);
      assert.equal(rulesSay.ok, false);
      assert.throws(
        () => loadConfig({ [name]: '15' }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message === `${name}: ${(rulesSay as { problem: string }).problem}`,
      );
      assert.throws(() => loadConfig({ [name]: 'soon' }), {
        name: 'ConfigError',
        message: `${name}: "soon" is not a duration; use a number and a unit: 500ms, 10s, 5m, 1h or 1d`,
      });
    });
  }

  test('SLUICE_MAX_CLOCK_SKEW=15 names the variable, says it has no unit and how to write one', () => {
    assert.throws(() => loadConfig({ SLUICE_MAX_CLOCK_SKEW: '15' }), {
      message: 'SLUICE_MAX_CLOCK_SKEW: 15 has no unit; use a number and a unit: 500ms, 10s, 5m, 1h or 1d',
    });
  });
});
