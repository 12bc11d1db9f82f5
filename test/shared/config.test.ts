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

describe('loadConfig: routed Slack destinations (SLACK_WEBHOOK_URL_<NAME>)', () => {
  test('each destination resolves like the default webhook: a URL, or an SSM parameter name', () => {
    const { slack } = loadConfig({
      SLACK_WEBHOOK_URL: '/sluice/prod/slack-webhook',
      SLACK_WEBHOOK_URL_PAYMENTS: 'https://hooks.slack.com/services/T1/B2/c3',
      SLACK_WEBHOOK_URL_TEAM_SEARCH: 'ssm:/sluice/prod/slack-search',
      SLACK_WEBHOOK_URL_EMPTY: '',
    });
    assert.equal(slack.webhookParameter, '/sluice/prod/slack-webhook');
    assert.deepEqual(slack.destinations, {
      PAYMENTS: {
        webhookUrl: 'https://hooks.slack.com/services/T1/B2/c3',
        webhookParameter: undefined,
        variable: 'SLACK_WEBHOOK_URL_PAYMENTS',
      },
      TEAM_SEARCH: {
        webhookUrl: undefined,
        webhookParameter: '/sluice/prod/slack-search',
        variable: 'SLACK_WEBHOOK_URL_TEAM_SEARCH',
      },
    });
  });

  test('a value that is neither names the variable, not the value', () => {
    assert.throws(() => loadConfig({ SLACK_WEBHOOK_URL_PAYMENTS: 'hooks.slack.com/services/secret' }), {
      name: 'ConfigError',
      message:
        'SLACK_WEBHOOK_URL_PAYMENTS must be an https:// webhook URL or an SSM parameter name starting with /',
    });
  });

  test('two variables for one destination are refused', () => {
    assert.throws(
      () =>
        loadConfig({
          SLACK_WEBHOOK_URL_PAYMENTS: '/a',
          SLACK_WEBHOOK_URL_payments: '/b',
        }),
      { message: 'SLACK_WEBHOOK_URL_payments and SLACK_WEBHOOK_URL_PAYMENTS name the same destination' },
    );
  });

  test('none set: no destinations', () => {
    assert.deepEqual(loadConfig({}).slack.destinations, {});
  });
});
