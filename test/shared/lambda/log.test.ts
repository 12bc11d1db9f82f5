import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localContext } from '../../../cli/invoke/lambda-context';
import { functionLogger } from '../../../shared/lambda/logger';
import { isSecretKey, REDACTED, redact, redactText } from '../../../shared/redact';

const hook = 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX';

function capture() {
  const lines: string[] = [];
  return { lines, docs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('functionLogger (Powertools Logger, redacted)', () => {
  test('one JSON object per line: level, message, timestamp, service, function, then the fields', () => {
    const out = capture();
    const log = functionLogger('index', (line) => out.lines.push(line));
    log.info('batch done', { topic: 'logs', firstOffset: 41, indexed: 3 });
    assert.equal(out.lines.length, 1);
    assert.ok(!out.lines[0]?.includes('\n'));
    const [doc] = out.docs();
    assert.equal(doc?.level, 'INFO');
    assert.equal(doc?.message, 'batch done');
    assert.equal(doc?.service, 'sluice');
    assert.equal(doc?.function, 'index');
    assert.match(String(doc?.timestamp), /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual([doc?.topic, doc?.firstOffset, doc?.indexed], ['logs', 41, 3]);
  });

  test('carries the Lambda context once the handler has seen it', () => {
    const out = capture();
    const log = functionLogger('detect', (line) => out.lines.push(line));
    const context = localContext('detect', 60_000);
    log.addContext(context);
    log.warn('slow batch');
    const [doc] = out.docs();
    assert.equal(doc?.function_name, 'sluice-local-detect');
    assert.equal(doc?.function_request_id, context.awsRequestId);
    assert.equal(typeof doc?.cold_start, 'boolean');
  });

  test('errors keep their whole cause chain, name and stack', () => {
    const out = capture();
    const log = functionLogger('archive', (line) => out.lines.push(line));
    const root = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const error = new TypeError('S3 PutObject failed', { cause: root });
    log.error('batch failed, it will be retried', { error });
    const [doc] = out.docs();
    const logged = doc?.error as Record<string, Record<string, unknown>>;
    assert.equal(logged.name, 'TypeError');
    assert.match(String(logged.stack), /TypeError: S3 PutObject failed/);
    assert.equal(logged.cause?.message, 'connect ECONNREFUSED 127.0.0.1:1');
  });

  test('never prints a Slack webhook, wherever it is', () => {
    const out = capture();
    const log = functionLogger('detect', (line) => out.lines.push(line));
    log.error(`post to ${hook} failed`, {
      webhookUrl: hook,
      slack: { url: hook, WEBHOOK_URL: 'anything' },
      attempts: [{ target: `${hook}?x=1` }],
      error: new Error(`connect ECONNREFUSED ${hook}`, { cause: new Error(hook) }),
    });
    log.error('direct error argument', new Error(`boom ${hook}`, { cause: new Error(hook) }));
    for (const line of out.lines) {
      assert.ok(!line.includes('XXXXXXXX'), line);
      assert.ok(!line.includes('hooks.slack.com/services/T0000'), line);
    }
    const [doc] = out.docs();
    assert.equal(doc?.webhookUrl, REDACTED);
    assert.equal((doc?.slack as Record<string, unknown> | undefined)?.WEBHOOK_URL, REDACTED);
    assert.equal(doc?.message, `post to ${REDACTED} failed`);
    const error = doc?.error as Record<string, Record<string, unknown>>;
    assert.match(String(error.message), /ECONNREFUSED \[redacted\]/);
    assert.equal(error.cause?.message, REDACTED);
  });

  test('child loggers keep the sink and add their fields', () => {
    const out = capture();
    const log = functionLogger('sweep', (line) => out.lines.push(line));
    log.createChild({ persistentKeys: { topic: 'logs' } }).info('child');
    const [doc] = out.docs();
    assert.equal(doc?.topic, 'logs');
    assert.equal(doc?.function, 'sweep');
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
