import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  forgetWebhookUrl,
  resolveWebhookUrl,
  slackWebhookMiddleware,
  webhookUrlFrom,
} from '../../../shared/adapters/slack';
import { slackSenderCache } from '../../../shared/adapters/slack/sender-cache';
import { loadConfig } from '../../../shared/config';
import { ConfigError, TransientSinkError } from '../../../shared/errors';
import { SsmDouble } from './ssm-double';

const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/secretvalue';
const slackConfig = (env: Record<string, string>) => loadConfig(env).slack;

describe('resolveWebhookUrl', () => {
  let ssm: SsmDouble;
  let client: SSMClient;
  before(async () => {
    ssm = await SsmDouble.start();
    client = new SSMClient(ssm.clientOptions());
  });
  after(async () => {
    client.destroy();
    await ssm.close();
  });
  afterEach(() => {
    forgetWebhookUrl();
    ssm.requests.length = 0;
    ssm.parameters.clear();
    ssm.failWith = undefined;
  });

  test('a direct URL is used as is, without SSM', async () => {
    assert.equal(
      await resolveWebhookUrl(slackConfig({ SLACK_WEBHOOK_URL: WEBHOOK }), { ssm: client }),
      WEBHOOK,
    );
    assert.equal(ssm.requests.length, 0);
  });

  test('nothing configured: undefined (the terminal printer is used)', async () => {
    assert.equal(await resolveWebhookUrl(slackConfig({}), { ssm: client }), undefined);
  });

  test('an SSM parameter is read with decryption, once per container', async () => {
    ssm.parameters.set('/sluice/prod/slack-webhook', WEBHOOK);
    const config = slackConfig({ SLACK_WEBHOOK_URL: '/sluice/prod/slack-webhook' });
    assert.equal(await resolveWebhookUrl(config, { ssm: client }), WEBHOOK);
    assert.equal(await resolveWebhookUrl(config, { ssm: client }), WEBHOOK);
    assert.deepEqual(ssm.requests, [
      {
        target: 'AmazonSSM.GetParameter',
        body: { Name: '/sluice/prod/slack-webhook', WithDecryption: true },
      },
    ]);
  });

  test('a rotated value is read again once the cache ages out', async () => {
    ssm.parameters.set('/p', WEBHOOK);
    let now = 0;
    const options = { ssm: client, maxAgeMs: 1000, now: () => now };
    const config = slackConfig({ SLACK_WEBHOOK_PARAMETER: '/p' });
    assert.equal(await resolveWebhookUrl(config, options), WEBHOOK);
    ssm.parameters.set('/p', `${WEBHOOK}-rotated`);
    now = 999;
    assert.equal(await resolveWebhookUrl(config, options), WEBHOOK);
    now = 1000;
    assert.equal(await resolveWebhookUrl(config, options), `${WEBHOOK}-rotated`);
  });

  test('a webhook Slack says was revoked is forgotten: the next use reads the rotated one from SSM', async () => {
    ssm.parameters.set('/p', WEBHOOK);
    const config = slackConfig({ SLACK_WEBHOOK_PARAMETER: '/p' });
    const url = await resolveWebhookUrl(config, { ssm: client });
    ssm.parameters.set('/p', `${WEBHOOK}-rotated`);
    const senders = slackSenderCache({ fetch: async () => new Response('invalid_token', { status: 403 }) });
    const result = await senders.forUrl(url).post({ text: 'alert', blocks: [] });
    assert.deepEqual(result.ok ? undefined : [result.permanent, result.error], [true, 'invalid_token']);
    assert.equal(await resolveWebhookUrl(config, { ssm: client }), `${WEBHOOK}-rotated`);
  });

  test('missing parameter: ConfigError naming it; not cached', async () => {
    const config = slackConfig({ SLACK_WEBHOOK_URL: 'ssm:/missing' });
    await assert.rejects(resolveWebhookUrl(config, { ssm: client }), (error: unknown) => {
      return error instanceof ConfigError && /SSM parameter \/missing: ParameterNotFound/.test(error.message);
    });
    ssm.parameters.set('/missing', WEBHOOK);
    assert.equal(await resolveWebhookUrl(config, { ssm: client }), WEBHOOK);
  });

  test('SSM throttling: TransientSinkError', async () => {
    ssm.failWith = 'ThrottlingException';
    await assert.rejects(
      resolveWebhookUrl(slackConfig({ SLACK_WEBHOOK_PARAMETER: '/p' }), { ssm: client }),
      TransientSinkError,
    );
  });

  test('a value that is not a URL: ConfigError that does not echo it', async () => {
    ssm.parameters.set('/p', 'xoxb-not-a-webhook-secret');
    await assert.rejects(
      resolveWebhookUrl(slackConfig({ SLACK_WEBHOOK_PARAMETER: '/p' }), { ssm: client }),
      (error: unknown) => error instanceof ConfigError && !error.message.includes('xoxb'),
    );
  });
});

describe('slackWebhookMiddleware', () => {
  let ssm: SsmDouble;
  before(async () => {
    ssm = await SsmDouble.start();
  });
  after(async () => {
    forgetWebhookUrl();
    await ssm.close();
  });

  const context = () => ({ functionName: 'notify' }) as Context;
  const seen = (url: string | undefined) => url;

  function handlerWith(slack: ReturnType<typeof slackConfig>) {
    return middy(async (_event: unknown, ctx: Context) => seen(webhookUrlFrom(ctx))).use(
      slackWebhookMiddleware(slack, { awsClientOptions: ssm.clientOptions(), prefetch: false }),
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
});
