import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { localContext } from '../../../cli/invoke/lambda-context';
import { createNotifyHandler } from '../../../functions/notify/create-handler';
import { notify } from '../../../functions/notify/notify';
import { forgetWebhookUrl } from '../../../shared/adapters/slack/middleware';
import { SlackWebhook } from '../../../shared/adapters/slack/webhook';
import { loadConfig } from '../../../shared/config';
import { TransientSinkError } from '../../../shared/errors';
import { SlackDouble, SlackReplies } from '../../helpers/slack-double';
import { SsmDouble } from '../../shared/adapters/slack/ssm-double';
import { assertSlackSafe } from '../../shared/alerts/slack-invariants';
import { notifyEvent } from './events';

const context = () => localContext('test-notify', 30_000);

describe('notify core against the Slack double', () => {
  let slack: SlackDouble;
  let logs: Array<Record<string, unknown>>;
  let waits: number[];
  before(async () => {
    slack = await SlackDouble.start();
  });
  after(async () => {
    await slack.close();
  });
  beforeEach(() => {
    slack.reset();
    logs = [];
    waits = [];
  });
  const webhook = () => new SlackWebhook({ webhookUrl: slack.url, timeoutMs: 500 });
  const line = (level: string) => (message: string, fields: Readonly<Record<string, unknown>>) =>
    logs.push({ level, message, ...fields });
  const deps = () => ({
    region: 'us-east-1',
    log: { info: line('info'), warn: line('warn'), error: line('error') },
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  });

  test('each recorded event posts one message Slack accepts', async () => {
    const names = [
      'eventbridge-alarm',
      'eventbridge-ok',
      'eventbridge-metric-math',
      'eventbridge-composite',
      'sns-alarm',
      'sns-ok-metric-math',
      'lambda-alarm-action',
    ];
    for (const name of names) {
      const result = await notify(notifyEvent(name), webhook(), deps());
      assert.deepEqual(result, { alarms: 1, posted: 1, skipped: [], failed: [] }, name);
    }
    const delivered = slack.delivered() as Array<{ text: string; blocks: unknown[] }>;
    assert.equal(delivered.length, names.length);
    for (const message of delivered) assertSlackSafe(message);
    assert.match(delivered[1]?.text ?? '', /^:white_check_mark: Resolved: sluice-prod-detect-errors/);
  });

  test('429 with a short Retry-After is waited out once, then delivered', async () => {
    slack.enqueue(SlackReplies.rateLimited(1));
    const result = await notify(notifyEvent('sns-alarm'), webhook(), deps());
    assert.equal(result.posted, 1);
    assert.deepEqual(waits, [1000]);
    assert.equal(slack.posts.length, 2);
  });

  test('Slack down (500) or timing out: TransientSinkError so Lambda retries the event', async () => {
    slack.setDefault(SlackReplies.serverError());
    await assert.rejects(notify(notifyEvent('eventbridge-alarm'), webhook(), deps()), TransientSinkError);
    slack.setDefault(SlackReplies.hang());
    await assert.rejects(
      notify(notifyEvent('eventbridge-alarm'), webhook(), deps()),
      /sluice-prod-detect-errors: timeout/,
    );
  });

  test('a long Retry-After is not waited: the event is retried later', async () => {
    slack.enqueue(SlackReplies.rateLimited(60));
    await assert.rejects(notify(notifyEvent('eventbridge-alarm'), webhook(), deps()), TransientSinkError);
    assert.deepEqual(waits, []);
  });

  test('a permanent failure is logged and counted, not retried', async () => {
    slack.enqueue(SlackReplies.error(404, 'channel_not_found'));
    const result = await notify(notifyEvent('eventbridge-alarm'), webhook(), deps());
    assert.deepEqual(result.failed, [
      { alarmName: 'sluice-prod-detect-errors', status: 404, error: 'channel_not_found' },
    ]);
    assert.equal(slack.posts.length, 1);
    assert.ok(logs.some((entry) => entry.level === 'error' && entry.error === 'channel_not_found'));
    assert.ok(!JSON.stringify(logs).includes(slack.url));
  });

  test('an event that is not an alarm change posts nothing and says why', async () => {
    const result = await notify(
      { 'detail-type': 'Scheduled Event', source: 'aws.events' },
      webhook(),
      deps(),
    );
    assert.equal(result.alarms, 0);
    assert.equal(slack.posts.length, 0);
    assert.match(result.skipped[0]?.reason ?? '', /not a CloudWatch alarm state change \(Scheduled Event\)/);
  });
});

describe('notify handler (middy)', () => {
  after(() => forgetWebhookUrl());

  test('with SLACK_WEBHOOK_URL: posts to the webhook', async () => {
    const slack = await SlackDouble.start();
    try {
      const handler = createNotifyHandler(
        loadConfig({ SLACK_WEBHOOK_URL: slack.url, AWS_REGION: 'eu-west-1' }),
        { logSink: () => {} },
      );
      const result = await handler(notifyEvent('eventbridge-alarm'), context());
      assert.equal(result.posted, 1);
      assert.equal(slack.delivered().length, 1);
    } finally {
      await slack.close();
    }
  });

  test('with the webhook in SSM: reads it through the middleware, then posts', async () => {
    const slack = await SlackDouble.start();
    const ssm = await SsmDouble.start();
    try {
      ssm.parameters.set('/sluice/test/slack-webhook', slack.url);
      const config = loadConfig({ SLACK_WEBHOOK_URL: '/sluice/test/slack-webhook', AWS_REGION: 'eu-west-1' });
      const handler = createNotifyHandler(config, { slack: { ssm: ssm.clientOptions() }, logSink: () => {} });
      await handler(notifyEvent('sns-alarm'), context());
      await handler(notifyEvent('eventbridge-ok'), context());
      assert.equal(slack.delivered().length, 2);
      assert.equal(ssm.requests.length, 1);
    } finally {
      forgetWebhookUrl();
      await ssm.close();
      await slack.close();
    }
  });

  test('with no webhook: prints to the terminal', async () => {
    const chunks: string[] = [];
    const handler = createNotifyHandler(loadConfig({}), {
      slack: { out: { write: (chunk: string) => chunks.push(chunk) } },
      logSink: () => {},
    });
    const result = await handler(notifyEvent('eventbridge-ok'), context());
    assert.equal(result.posted, 1);
    assert.match(chunks.join(''), /│ ✅ Resolved: sluice-prod-detect-errors\n/);
  });
});
