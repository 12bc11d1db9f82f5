import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  forgetWebhookUrl,
  slackWebhookMiddleware,
  webhookUrlFrom,
} from '../../../../shared/adapters/slack/middleware';
import { slackSenders } from '../../../../shared/adapters/slack/senders';
import { loadConfig } from '../../../../shared/config';
import { ConfigError, TransientSinkError } from '../../../../shared/errors';
import { SsmDouble } from './ssm-double';

const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/secretvalue';
const slackConfig = (env: Record<string, string>) => loadConfig(env).slack;

describe('slackWebhookMiddleware', () => {
  let ssm: SsmDouble;
  before(async () => {
    ssm = await SsmDouble.start();
  });
  after(async () => {
    forgetWebhookUrl();
    await ssm.close();
  });
  afterEach(() => {
    forgetWebhookUrl();
    ssm.requests.length = 0;
    ssm.parameters.clear();
    ssm.failWith = undefined;
  });

  const context = () => ({ functionName: 'notify' }) as Context;
  const seen = (url: string | undefined) => url;

  function handlerWith(slack: ReturnType<typeof slackConfig>, cacheExpiryMs?: number) {
    return middy(async (_event: unknown, ctx: Context) => seen(webhookUrlFrom(ctx))).use(
      slackWebhookMiddleware(slack, {
        awsClientOptions: ssm.clientOptions(),
        prefetch: false,
        ...(cacheExpiryMs === undefined ? {} : { cacheExpiryMs }),
      }),
    );
  }

  test('puts the SSM value on the context, fetched once per container', async () => {
    ssm.parameters.set('/sluice/slack', WEBHOOK);
    const handler = handlerWith(slackConfig({ SLACK_WEBHOOK_PARAMETER: '/sluice/slack' }));
    assert.equal(await handler({}, context()), WEBHOOK);
    assert.equal(await handler({}, context()), WEBHOOK);
    const gets = ssm.requests.filter((request) => request.target === 'AmazonSSM.GetParameters');
    assert.deepEqual(gets, [
      { target: 'AmazonSSM.GetParameters', body: { Names: ['/sluice/slack'], WithDecryption: true } },
    ]);
  });

  test('a direct URL goes on the context; nothing configured leaves it undefined', async () => {
    assert.equal(await handlerWith(slackConfig({ SLACK_WEBHOOK_URL: WEBHOOK }))({}, context()), WEBHOOK);
    assert.equal(await handlerWith(slackConfig({}))({}, context()), undefined);
  });

  test('a rotated value is read again once the cache ages out', async () => {
    ssm.parameters.set('/p', WEBHOOK);
    const handler = handlerWith(slackConfig({ SLACK_WEBHOOK_PARAMETER: '/p' }), 200);
    assert.equal(await handler({}, context()), WEBHOOK);
    ssm.parameters.set('/p', `${WEBHOOK}-rotated`);
    assert.equal(await handler({}, context()), WEBHOOK, 'cached');
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(await handler({}, context()), `${WEBHOOK}-rotated`);
  });

  test('a webhook Slack says was revoked is forgotten: the next invocation reads the rotated one', async () => {
    ssm.parameters.set('/p', WEBHOOK);
    const handler = handlerWith(slackConfig({ SLACK_WEBHOOK_PARAMETER: '/p' }));
    const url = await handler({}, context());
    ssm.parameters.set('/p', `${WEBHOOK}-rotated`);
    const senders = slackSenders({ fetch: async () => new Response('invalid_token', { status: 403 }) });
    const result = await senders.forUrl(url).post({ text: 'alert', blocks: [] });
    assert.deepEqual(result.ok ? undefined : [result.permanent, result.error], [true, 'invalid_token']);
    assert.equal(await handler({}, context()), `${WEBHOOK}-rotated`);
  });

  test('a missing parameter: a ConfigError naming it and saying how to create it; nothing cached', async () => {
    const handler = handlerWith(slackConfig({ SLACK_WEBHOOK_URL: 'ssm:/missing' }));
    await assert.rejects(handler({}, context()), (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, /parameter \/missing \(SLACK_WEBHOOK_PARAMETER\) does not exist/);
      assert.match(error.message, /aws ssm put-parameter --name \/missing --type SecureString/);
      return true;
    });
    ssm.parameters.set('/missing', WEBHOOK);
    assert.equal(await handler({}, context()), WEBHOOK);
  });

  test('SSM throttling: a TransientSinkError (the invocation is retried)', async () => {
    ssm.failWith = 'ThrottlingException';
    const handler = handlerWith(slackConfig({ SLACK_WEBHOOK_PARAMETER: '/p' }));
    await assert.rejects(handler({}, context()), TransientSinkError);
  });

  test('a value that is not a URL: a ConfigError that does not echo it', async () => {
    ssm.parameters.set('/p', 'xoxb-not-a-webhook-secret');
    const url = await handlerWith(slackConfig({ SLACK_WEBHOOK_PARAMETER: '/p' }))({}, context());
    assert.throws(
      () => slackSenders().forUrl(url),
      (error: unknown) => error instanceof ConfigError && !error.message.includes('xoxb'),
    );
  });
});
