import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { type FetchLike, SlackWebhook } from '../../../../shared/adapters/slack/webhook';
import { formatAlert } from '../../../../shared/alerts/format-alert';
import { ConfigError } from '../../../../shared/errors';
import { SlackDouble, SlackReplies } from '../../../helpers/slack-double';
import { alert } from '../../alerts/fixtures';

const message = formatAlert(alert({ samples: [] }));

describe('SlackWebhook against the Slack double', () => {
  let slack: SlackDouble;
  before(async () => {
    slack = await SlackDouble.start();
  });
  after(async () => {
    await slack.close();
  });
  beforeEach(() => slack.reset());

  test('200 ok: posts the message as JSON, with unfurling off', async () => {
    const result = await new SlackWebhook({ webhookUrl: slack.url }).post(message);
    assert.deepEqual(result, { ok: true });
    assert.equal(slack.posts.length, 1);
    assert.match(String(slack.posts[0]?.headers['content-type']), /^application\/json/);
    assert.deepEqual(slack.delivered(), [{ ...message, unfurl_links: false, unfurl_media: false }]);
  });

  test('429: transient, with Retry-After in ms (empty body, as Slack mock sends)', async () => {
    slack.enqueue(SlackReplies.rateLimited(7));
    const result = await new SlackWebhook({ webhookUrl: slack.url }).post(message);
    assert.deepEqual(result, {
      ok: false,
      permanent: false,
      status: 429,
      error: 'rate_limited',
      retryAfterMs: 7000,
    });
  });

  test('429 with a JSON body and no Retry-After: transient, waits the default second', async () => {
    slack.enqueue({ kind: 'answer', status: 429, body: '{"retry_after":1}' });
    const result = await new SlackWebhook({ webhookUrl: slack.url }).post(message);
    assert.deepEqual(result, {
      ok: false,
      permanent: false,
      status: 429,
      error: 'rate_limited',
      retryAfterMs: 1000,
    });
  });

  test("500 with Slack's HTML error page: transient", async () => {
    slack.enqueue(SlackReplies.serverError());
    const result = await new SlackWebhook({ webhookUrl: slack.url }).post(message);
    assert.deepEqual(result, { ok: false, permanent: false, status: 500, error: 'http_500' });
  });

  test('500 rollup_error: transient, with the code', async () => {
    slack.enqueue(SlackReplies.error(500, 'rollup_error'));
    const result = await new SlackWebhook({ webhookUrl: slack.url }).post(message);
    assert.deepEqual(result, { ok: false, permanent: false, status: 500, error: 'rollup_error' });
  });

  const permanent: Array<[number, string]> = [
    [400, 'invalid_payload'],
    [400, 'invalid_blocks'],
    [403, 'action_prohibited'],
    [403, 'invalid_token'],
    [404, 'channel_not_found'],
    [404, 'no_service'],
    [410, 'channel_is_archived'],
  ];
  for (const [status, code] of permanent) {
    test(`${status} ${code}: permanent`, async () => {
      slack.enqueue(SlackReplies.error(status, code));
      const result = await new SlackWebhook({ webhookUrl: slack.url }).post(message);
      assert.deepEqual(result, { ok: false, permanent: true, status, error: code });
    });
  }

  test('a 4xx body that is not a code is reported by status', async () => {
    slack.enqueue(SlackReplies.error(400, 'invalid user agent'));
    const result = await new SlackWebhook({ webhookUrl: slack.url }).post(message);
    assert.deepEqual(result, { ok: false, permanent: true, status: 400, error: 'http_400' });
  });

  test('the double rejects what Slack would (51 blocks): invalid_blocks, permanent', async () => {
    const tooMany = { text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' as const })) };
    const result = await new SlackWebhook({ webhookUrl: slack.url }).post(tooMany);
    assert.deepEqual(result, { ok: false, permanent: true, status: 400, error: 'invalid_blocks' });
  });

  test('no answer within the timeout: transient, status 0, and Slack may have posted it', async () => {
    slack.enqueue(SlackReplies.hang());
    const result = await new SlackWebhook({ webhookUrl: slack.url, timeoutMs: 200 }).post(message);
    assert.deepEqual(result, {
      ok: false,
      permanent: false,
      status: 0,
      error: 'timeout',
      unknownOutcome: true,
    });
  });

  test('a slow answer within the timeout is an answer', async () => {
    slack.enqueue(SlackReplies.slowOk(300));
    const result = await new SlackWebhook({ webhookUrl: slack.url, timeoutMs: 2_000 }).post(message);
    assert.deepEqual(result, { ok: true });
  });

  test('connection dropped without an answer: transient, status 0, outcome unknown', async () => {
    slack.enqueue(SlackReplies.disconnect());
    const result = await new SlackWebhook({ webhookUrl: slack.url }).post(message);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && !result.permanent && result.status === 0 && result.unknownOutcome);
    assert.match(!result.ok ? result.error : '', /^network_error/);
  });

  test('a refused connection never reached Slack: not an unknown outcome', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const result = await new SlackWebhook({ webhookUrl: `http://127.0.0.1:${port}/services/T/B/x` }).post(
      message,
    );
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.unknownOutcome, undefined);
    assert.match(!result.ok ? result.error : '', /ECONNREFUSED/);
  });

  test("the invocation's signal cancels a post in flight", async () => {
    slack.enqueue(SlackReplies.hang());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const result = await new SlackWebhook({ webhookUrl: slack.url, timeoutMs: 10_000 }).post(
      message,
      controller.signal,
    );
    assert.ok(Date.now() - started < 2_000);
    assert.deepEqual(result, {
      ok: false,
      permanent: false,
      status: 0,
      error: 'timeout',
      unknownOutcome: true,
    });
  });
});

describe('SlackWebhook keeps the URL secret', () => {
  const secret = 'https://hooks.slack.com/services/T0SECRET/B0SECRET/s3cr3tt0k3n';

  test('not in inspect, JSON or results, whatever the answer', async () => {
    const answers: Array<Parameters<typeof respond>[0]> = [
      { status: 404, body: secret },
      { status: 500, body: `error at ${secret}` },
      { status: 429, body: secret },
    ];
    function respond(answer: { status: number; body: string }): FetchLike {
      return async () => ({ status: answer.status, headers: new Headers(), text: async () => answer.body });
    }
    for (const answer of answers) {
      const webhook = new SlackWebhook({ webhookUrl: secret, fetch: respond(answer) });
      const result = await webhook.post(message);
      assert.ok(!JSON.stringify(result).includes('s3cr3t'), JSON.stringify(result));
      assert.ok(!inspect(webhook, { showHidden: true, depth: 5 }).includes('s3cr3t'));
      assert.ok(!JSON.stringify(webhook).includes('s3cr3t'));
    }
    const failing: FetchLike = async () => {
      throw new TypeError(`fetch failed for ${secret}`, { cause: { code: 'ECONNRESET' } });
    };
    const result = await new SlackWebhook({ webhookUrl: secret, fetch: failing }).post(message);
    assert.deepEqual(result, {
      ok: false,
      permanent: false,
      status: 0,
      error: 'network_error: ECONNRESET',
      unknownOutcome: true,
    });
  });

  test('an invalid URL is a ConfigError that does not echo it', () => {
    assert.throws(
      () => new SlackWebhook({ webhookUrl: 'not a url s3cr3t' }),
      (error: unknown) => error instanceof ConfigError && !error.message.includes('s3cr3t'),
    );
  });
});
