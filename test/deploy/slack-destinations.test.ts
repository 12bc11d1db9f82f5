import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeSlackDestinations, slackDestinationsOf } from '../../infra/serverless/slack-destinations';

test('slackDestinations lists name=/ssm/parameter pairs; none by default', () => {
  assert.deepEqual(slackDestinationsOf(''), []);
  assert.deepEqual(
    slackDestinationsOf(' payments=/sluice/prod/slack-payments , team-search=/sluice/prod/s '),
    [
      {
        name: 'payments',
        key: 'PAYMENTS',
        variable: 'SLACK_WEBHOOK_URL_PAYMENTS',
        parameter: '/sluice/prod/slack-payments',
        sid: 'Payments',
      },
      {
        name: 'team-search',
        key: 'TEAM_SEARCH',
        variable: 'SLACK_WEBHOOK_URL_TEAM_SEARCH',
        parameter: '/sluice/prod/s',
        sid: 'TeamSearch',
      },
    ],
  );
});

test('slackDestinations refuses a webhook URL (without echoing it), a bad name and a name twice', () => {
  const url = 'https://hooks.slack.com/services/T0/B0/secret';
  assert.throws(
    () => slackDestinationsOf(`payments=${url}`),
    (error: Error) =>
      /needs the name of the SSM SecureString parameter/.test(error.message) &&
      !error.message.includes('secret'),
  );
  assert.throws(() => slackDestinationsOf('pay ments=/p'), /"pay ments" is not a destination name/);
  assert.throws(() => slackDestinationsOf('a-b=/p,A_B=/q'), /destination A_B is listed twice/);
});

test('a template without detect is refused rather than left without grants', () => {
  assert.throws(
    () => routeSlackDestinations({ Resources: {} }, slackDestinationsOf('payments=/p')),
    /the template has no DetectLambdaFunction/,
  );
});
