import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createLogger,
  formatLogLine,
  isSecretKey,
  kafkaFields,
  REDACTED,
  redact,
  redactText,
} from '../../shared/log';

const hook = 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX';

describe('formatLogLine', () => {
  test('writes time, level, message and the fields as one JSON object', () => {
    const line = formatLogLine(
      'info',
      'batch indexed',
      { ...kafkaFields({ topic: 'logs', partition: 2, offset: 41, timestamp: 5 }), indexed: 3 },
      0,
    );
    assert.ok(!line.includes('\n'));
    assert.deepEqual(JSON.parse(line), {
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      message: 'batch indexed',
      topic: 'logs',
      partition: 2,
      offset: 41,
      indexed: 3,
    });
  });

  test('fields cannot override time, level or message', () => {
    const doc = JSON.parse(formatLogLine('warn', 'real', { level: 'debug', message: 'fake', time: 'x' }, 0));
    assert.equal(doc.level, 'warn');
    assert.equal(doc.message, 'real');
    assert.equal(doc.time, '1970-01-01T00:00:00.000Z');
  });

  test('never prints a Slack webhook, wherever it is', () => {
    const line = formatLogLine(
      'error',
      `post to ${hook} failed`,
      {
        webhookUrl: hook,
        slack: { url: hook, WEBHOOK_URL: 'anything' },
        attempts: [{ target: `${hook}?x=1` }],
        error: new Error(`connect ECONNREFUSED ${hook}`, { cause: new Error(hook) }),
      },
      0,
    );
    assert.ok(!line.includes('XXXXXXXX'), line);
    assert.ok(!line.includes('hooks.slack.com/services/T0000'), line);
    const doc = JSON.parse(line);
    assert.equal(doc.webhookUrl, REDACTED);
    assert.equal(doc.slack.WEBHOOK_URL, REDACTED);
    assert.equal(doc.message, `post to ${REDACTED} failed`);
    assert.equal(doc.error.name, 'Error');
    assert.match(doc.error.message, /ECONNREFUSED \[redacted\]/);
    assert.equal(doc.error.cause.message, REDACTED);
  });
});

describe('redact', () => {
  test('hides values of secret keys, whatever their case or separators', () => {
    assert.deepEqual(
      redact({
        password: 'p',
        Authorization: 'Bearer t',
        'x-api-key': 'k',
        client_secret: 's',
        SLACK_WEBHOOK_URL: 'w',
        dbPassword: 'd',
        headers: { cookie: 'c' },
        topic: 'logs',
        webhookParameter: '/sluice/prod/slack-webhook',
      }),
      {
        password: REDACTED,
        Authorization: REDACTED,
        'x-api-key': REDACTED,
        client_secret: REDACTED,
        SLACK_WEBHOOK_URL: REDACTED,
        dbPassword: REDACTED,
        headers: { cookie: REDACTED },
        topic: 'logs',
        webhookParameter: '/sluice/prod/slack-webhook',
      },
    );
  });

  test('redacts webhook URLs of every Slack hook kind and keeps other text', () => {
    assert.equal(redactText(`a ${hook} b`), `a ${REDACTED} b`);
    assert.equal(redactText('hooks.slack.com/workflows/T1/A2/3/abc'), REDACTED);
    assert.equal(redactText('https://hooks.slack.com/triggers/T1/2/abc'), REDACTED);
    assert.equal(redactText('https://example.com/services/x'), 'https://example.com/services/x');
  });

  test('survives cycles, deep nesting and values JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { leaf: hook };
    for (let i = 0; i < 20; i++) deep = { deep };
    const out = redact({ cyclic, deep, big: 10n, fn: () => 1, when: new Date(0) }) as Record<string, unknown>;
    assert.deepEqual(out.cyclic, { name: 'a', self: '[circular]' });
    assert.ok(!JSON.stringify(out).includes('XXXX'));
    assert.equal(out.big, '10');
    assert.equal(out.fn, undefined);
    assert.equal(out.when, '1970-01-01T00:00:00.000Z');
  });

  test('a value seen twice (not a cycle) is printed twice', () => {
    const shared = { n: 1 };
    assert.deepEqual(redact({ a: shared, b: shared }), { a: { n: 1 }, b: { n: 1 } });
  });

  test('isSecretKey', () => {
    for (const key of ['token', 'sessionToken', 'AWS_SECRET_ACCESS_KEY', 'Proxy-Authorization', 'webhook']) {
      assert.ok(isSecretKey(key), key);
    }
    for (const key of ['topic', 'offset', 'partition', 'webhookParameter', 'message']) {
      assert.ok(!isSecretKey(key), key);
    }
  });
});

describe('createLogger', () => {
  test('filters by level, binds fields and redacts', () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      fields: { function: 'detect' },
      write: (l) => lines.push(l),
      now: () => 0,
    });
    log.debug('hidden');
    log.child({ topic: 'logs', partition: 0 }).warn('slow batch', { offset: 7, secret: 'x' });
    log.error('failed', { error: new TypeError(hook) });
    assert.equal(lines.length, 2);
    const [first, second] = lines.map((l) => JSON.parse(l));
    assert.deepEqual(first, {
      time: '1970-01-01T00:00:00.000Z',
      level: 'warn',
      message: 'slow batch',
      function: 'detect',
      topic: 'logs',
      partition: 0,
      offset: 7,
      secret: REDACTED,
    });
    assert.equal(second.level, 'error');
    assert.equal(second.error.name, 'TypeError');
    assert.equal(second.error.message, REDACTED);
  });
});
