import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyResponse, parseRetryAfter } from '../../../../shared/adapters/slack/classify';
import { SlackWebhook } from '../../../../shared/adapters/slack/webhook';
import { SlackDouble } from '../../../helpers/slack-double';

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00.000Z');
  const cases: Array<[string | null, number | undefined]> = [
    ['1', 1000],
    ['30', 30_000],
    ['0.5', 500],
    [' 2 ', 2000],
    ['Wed, 01 May 2024 12:00:05 GMT', 5000],
    ['Wed, 01 May 2024 11:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ];
  for (const [value, expected] of cases) {
    test(JSON.stringify(value), () => assert.equal(parseRetryAfter(value, now), expected));
  }
});

describe('classifyResponse', () => {
  const cases: Array<[number, string, string | null, ReturnType<typeof classifyResponse>]> = [
    [200, 'ok', null, { ok: true }],
    [429, '', '3', { ok: false, permanent: false, status: 429, error: 'rate_limited', retryAfterMs: 3000 }],
    [429, '', null, { ok: false, permanent: false, status: 429, error: 'rate_limited', retryAfterMs: 1000 }],
    [408, '', null, { ok: false, permanent: false, status: 408, error: 'http_408' }],
    [502, '<html>bad gateway</html>', null, { ok: false, permanent: false, status: 502, error: 'http_502' }],
    [503, 'rollup_error', null, { ok: false, permanent: false, status: 503, error: 'rollup_error' }],
    [400, 'invalid_payload', null, { ok: false, permanent: true, status: 400, error: 'invalid_payload' }],
    [400, 'no_text\n', null, { ok: false, permanent: true, status: 400, error: 'no_text' }],
    [403, 'action_prohibited', null, { ok: false, permanent: true, status: 403, error: 'action_prohibited' }],
    [404, 'no_service', null, { ok: false, permanent: true, status: 404, error: 'no_service' }],
    [410, 'team_disabled', null, { ok: false, permanent: true, status: 410, error: 'team_disabled' }],
    [302, '', null, { ok: false, permanent: true, status: 302, error: 'http_302' }],
  ];
  for (const [status, body, retryAfter, expected] of cases) {
    test(`${status} ${JSON.stringify(body)}`, () =>
      assert.deepEqual(classifyResponse(status, body, retryAfter), expected));
  }
});

test('connection refused: transient network error, status 0', async () => {
  const slack = await SlackDouble.start();
  const url = slack.url;
  await slack.close();
  const result = await new SlackWebhook({ webhookUrl: url }).post({ text: 'x', blocks: [] });
  assert.deepEqual(result, { ok: false, permanent: false, status: 0, error: 'network_error: ECONNREFUSED' });
});
