import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeLog } from '../../../shared/logs/normalize';
import { fixtureLines, kafkaRecord, mainFields, normalizeAt, options } from './helpers';

const powertools = fixtureLines('json-app/derived__powertools_logger_records.ndjson');
const line = (lines: string[], containing: string): string => {
  const found = lines.find((candidate) => candidate.includes(containing));
  if (found === undefined) throw new Error(`no fixture line contains ${containing}`);
  return found;
};

describe('JSON application logs from the corpus', () => {
  test('Powertools Python: python timestamp with offset, location as pathname:lineno, service', () => {
    const event = normalizeAt(line(powertools, '"Logging with US Eastern timezone"'), '2023-10-09T21:34:00Z');
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2023-10-09T21:33:55.734Z',
      timestampSource: 'log',
      level: 'info',
      message: 'Logging with US Eastern timezone',
      pathname: '<module>',
      lineno: 13,
      service: 'order',
    });
    assert.deepEqual(event.attrs, {});
  });

  test('Powertools Python exception: error, traceback and structured frames kept in attrs', () => {
    const event = normalizeAt(line(powertools, '"location":"lambda_handler:16"'), '2023-10-09T17:48:00Z');
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2023-10-09T17:47:50.191Z',
      timestampSource: 'log',
      level: 'error',
      message: '500 Server Error: INTERNAL SERVER ERROR for url: http://httpbin.org/status/500',
      pathname: 'lambda_handler',
      lineno: 16,
      service: 'service_undefined',
    });
    assert.equal(event.attrs.exception_name, 'HTTPError');
    assert.match(String(event.attrs.exception), /^Traceback \(most recent call last\):/);
    assert.deepEqual((event.attrs.stack_trace as { frames: unknown[] }).frames[0], {
      file: '/var/task/app.py',
      line: 14,
      function: 'lambda_handler',
      statement: 'ret.raise_for_status()',
    });
  });

  test('structlog-style `event` is the message; no level field is unknown', () => {
    const event = normalizeAt(line(powertools, '"my_default_key"'), '2021-05-03T11:47:12Z');
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2021-05-03T11:47:12.494Z',
      timestampSource: 'log',
      level: 'unknown',
      message: 'Collecting payment',
    });
    assert.equal(event.attrs.my_default_key, 'test');
    assert.equal(event.attrs.event, undefined);
  });

  test('a dict logged as the message stays in attrs, and the message is empty', () => {
    const event = normalizeAt(line(powertools, '"operation":"collect_payment"'), '2021-05-03T11:47:12Z');
    assert.equal(event.message, '');
    assert.deepEqual(event.attrs.message, { operation: 'collect_payment', charge_id: 'ch_AZFlk2345C0' });
  });

  test('Powertools TypeScript: ISO time, and an `event` object beside the message stays in attrs', () => {
    const event = normalizeAt(line(powertools, '"Lambda invocation event"'), '2024-08-14T10:08:30Z');
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2024-08-14T10:08:06.199Z',
      timestampSource: 'log',
      level: 'info',
      message: 'Lambda invocation event',
      service: 'service_undefined',
    });
    assert.deepEqual(event.attrs.event, { foo: 'bar' });
    assert.equal(event.attrs.cold_start, true);
  });

  test('an unreadable timestamp falls back to Kafka and stays in attrs', () => {
    const event = normalizeAt(line(powertools, '"10/28/2022 02:35:03 PM"'), '2022-10-28T14:35:10Z');
    assert.equal(event['@timestamp'], '2022-10-28T14:35:10.000Z');
    assert.equal(event.timestampSource, 'kafka');
    assert.equal(event.attrs.timestamp, '10/28/2022 02:35:03 PM');
  });

  test('bunyan: numeric level 20, msg, time, and src {file, line} (left in attrs too)', () => {
    const event = normalizeAt(
      line(fixtureLines('json-app/lnav__logfile_bunyan.0'), '"src"'),
      '2023-03-24T14:26:20Z',
    );
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2023-03-24T14:26:16.243Z',
      timestampSource: 'log',
      level: 'debug',
      message: 'Found 3 package file(s)',
      pathname: '/Users/trentm/tm/node-bunyan/examples/src.js',
      lineno: 20,
    });
    assert.equal(event.attrs.name, 'renovate');
    assert.equal(event.attrs.v, 0);
    assert.deepEqual(event.attrs.src, {
      file: '/Users/trentm/tm/node-bunyan/examples/src.js',
      line: 20,
      func: 'Wuzzle.woos',
    });
  });

  test('bunyan level 30 with a nested stats object', () => {
    const event = normalizeAt(
      line(fixtureLines('json-app/lnav__logfile_bunyan.0'), '"stats"'),
      '2023-03-24T14:26:20Z',
    );
    assert.equal(event.level, 'info');
    assert.deepEqual((event.attrs.stats as { total: unknown }).total, { fileCount: 3, depCount: 17 });
  });

  test('pino: epoch-ms time, dotted service.name, nested request kept', () => {
    const event = normalizeAt(
      fixtureLines('json-app/lnav__logfile_pino.0')[0] as string,
      1745532517537 + 5000,
    );
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2025-04-24T22:08:37.537Z',
      timestampSource: 'log',
      level: 'info',
      message: 'Charge request received.',
      service: 'payment',
    });
    assert.equal(event.attrs.hostname, '7d82d3f28bad');
    assert.equal(event.attrs['service.name'], undefined);
    assert.equal(
      (event.attrs.request as { creditCard: { creditCardCvv: number } }).creditCard.creditCardCvv,
      159,
    );
  });

  test('ECS (python ecs-logging): @timestamp, dotted log.level, log.origin.file as pathname:lineno', () => {
    const lines = fixtureLines('json-app/lnav__logfile_ecs_log.json');
    const levels = lines.map((text) => normalizeAt(text, '2025-01-13T09:58:14Z').level);
    assert.deepEqual(levels, ['debug', 'info', 'warn', 'error', 'fatal']);
    const event = normalizeAt(lines[3] as string, '2025-01-13T09:58:14Z');
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2025-01-13T09:58:13.634Z',
      timestampSource: 'log',
      level: 'error',
      message: 'this is a error message num=15',
      pathname: 'es_logger.py',
      lineno: 45,
    });
    assert.equal(event.attrs['ecs.version'], '1.6.0');
    assert.equal(event.attrs['log.level'], undefined);
    assert.equal((event.attrs.log as { logger: string }).logger, 'app');
  });

  test('a JSON log with levels under a key sluice does not know (`lvl`) keeps them in attrs', () => {
    const event = normalizeAt(
      fixtureLines('json-app/lnav__logfile_json.json')[0] as string,
      '2013-09-06T20:00:50Z',
    );
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2013-09-06T20:00:48.124Z',
      timestampSource: 'log',
      level: 'unknown',
      message: 'trace test',
    });
    assert.deepEqual(event.attrs, { logger: 'com.example.foo.bar.bazzer', lvl: 'TRACE' });
  });

  test('invalid JSON lines are plain text; the valid lines around them are JSON', () => {
    const lines = fixtureLines('json-app/lnav__logfile_invalid_json.json');
    const events = lines.map((text) => normalizeAt(text, '2013-09-06T22:00:50Z'));
    assert.equal(events[2]?.message, lines[2]);
    assert.equal(events[2]?.level, 'info'); // the plain-text rule finds the upper-case INFO inside
    assert.equal(events[2]?.timestampSource, 'kafka');
    assert.deepEqual(events[2]?.attrs, {});
    const valid = normalizeAt(lines[1] as string, '2013-09-06T20:00:50Z');
    assert.equal(valid['@timestamp'], '2013-09-06T20:00:49.124Z');
    assert.deepEqual(valid.attrs['@fields'], { lvl: 'INFO', msg: 'Starting up service' });
  });

  test('mixed JSON and text lines: logfmt and a panic line are plain text', () => {
    const lines = fixtureLines('json-app/lnav__logfile_mixed_json2.json');
    const logfmt = normalizeAt(line(lines, 'timestamp="2013'));
    assert.equal(logfmt.message, 'timestamp="2013-09-06T22:00:50.123000Z" level="INFO" msg="Hello, World"');
    assert.equal(logfmt.level, 'info');
    assert.equal(normalizeAt(line(lines, 'panic: foo')).level, 'unknown');
    assert.equal(normalizeAt(line(lines, '"FATAL"')).attrs.lvl, 'FATAL');
  });
});

describe('JSON field rules', () => {
  test('python-json-logger: asctime as UTC, levelname, pathname and lineno; unused levelno stays in attrs', () => {
    const event = normalizeAt(
      JSON.stringify({
        asctime: '2018-08-19 16:41:41,123',
        name: 'orders',
        levelname: 'ERROR',
        levelno: 40,
        pathname: '/app/orders/handler.py',
        filename: 'handler.py',
        lineno: 42,
        message: 'payment failed',
      }),
      '2018-08-19T16:42:00Z',
    );
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2018-08-19T16:41:41.123Z',
      timestampSource: 'log',
      level: 'error',
      message: 'payment failed',
      pathname: '/app/orders/handler.py',
      lineno: 42,
    });
    assert.deepEqual(event.attrs, { name: 'orders', levelno: 40, filename: 'handler.py' });
  });

  test('zap production JSON: ts in float seconds, caller gives pathname and lineno', () => {
    const event = normalizeAt(
      '{"level":"error","ts":1534696901.123,"caller":"server/handler.go:42","msg":"request failed","stacktrace":"main.handle\\n\\t/app/server/handler.go:42"}',
      '2018-08-19T16:41:50Z',
    );
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2018-08-19T16:41:41.123Z',
      timestampSource: 'log',
      level: 'error',
      message: 'request failed',
      pathname: 'server/handler.go',
      lineno: 42,
    });
    assert.deepEqual(Object.keys(event.attrs), ['stacktrace']);
  });

  test('path / file and line / string line numbers; app / application as service', () => {
    const a = normalizeAt('{"msg":"x","path":"a/b.js","line":"17","app":"web"}');
    assert.deepEqual([a.pathname, a.lineno, a.service], ['a/b.js', 17, 'web']);
    const b = normalizeAt('{"msg":"x","file":"c.rb","line":-3,"application":"shop"}');
    assert.deepEqual([b.pathname, b.lineno, b.service, b.attrs.line], ['c.rb', undefined, 'shop', -3]);
    const c = normalizeAt('{"msg":"x","service":{"name":"billing","version":"2"}}');
    assert.equal(c.service, 'billing');
    assert.deepEqual(c.attrs.service, { name: 'billing', version: '2' });
  });

  test('numeric levels: pino, python levelno, syslog severity', () => {
    assert.equal(normalizeAt('{"level":60,"msg":"x"}').level, 'fatal');
    assert.equal(normalizeAt('{"levelno":30,"message":"x"}').level, 'warn');
    assert.equal(normalizeAt('{"severity":2,"message":"x"}').level, 'fatal');
    assert.equal(normalizeAt('{"severity":"ERROR","message":"x"}').level, 'error');
    assert.equal(normalizeAt('{"log":{"level":"warning"},"message":"x"}').level, 'warn');
  });

  test('a number or boolean message is written as text', () => {
    assert.equal(normalizeAt('{"msg":404}').message, '404');
    assert.equal(normalizeAt('{"message":{"a":1},"msg":"the string wins"}').message, 'the string wins');
  });

  test('clock skew: more than 15 min from the Kafka timestamp uses Kafka; 15 min exactly is fine', () => {
    const kafka = '2024-01-01T12:00:00.000Z';
    const far = normalizeAt('{"time":"2024-01-01T12:15:00.001Z","msg":"x"}', kafka);
    assert.deepEqual(
      [far['@timestamp'], far.timestampSource, far.attrs.time],
      [kafka, 'kafka', '2024-01-01T12:15:00.001Z'],
    );
    const near = normalizeAt('{"time":"2024-01-01T11:45:00.000Z","msg":"x"}', kafka);
    assert.deepEqual(
      [near['@timestamp'], near.timestampSource, near.attrs.time],
      ['2024-01-01T11:45:00.000Z', 'log', undefined],
    );
  });

  test('epoch s, ms, µs and ns are told apart by magnitude', () => {
    const kafka = Date.UTC(2018, 7, 19, 16, 41, 41);
    for (const ts of ['1534696901', '1534696901000', '1534696901000000', '1534696901000000000']) {
      assert.equal(normalizeAt(`{"ts":${ts},"msg":"x"}`, kafka)['@timestamp'], '2018-08-19T16:41:41.000Z');
    }
  });

  test('a missing or unusable Kafka timestamp still gives a valid @timestamp', () => {
    assert.equal(normalizeAt('plain', -1)['@timestamp'], '1970-01-01T00:00:00.000Z');
    assert.equal(normalizeAt('plain', 1e20)['@timestamp'], '1970-01-01T00:00:00.000Z');
    assert.equal(normalizeAt('{"ts":1534696901,"msg":"x"}', -1)['@timestamp'], '2018-08-19T16:41:41.000Z');
  });

  test('JSON that is not an object is plain text', () => {
    for (const text of ['"just a string"', '[1,2,3]', '42', 'null', 'true', '{"unterminated":']) {
      const event = normalizeAt(text);
      assert.equal(event.message, text);
      assert.deepEqual(event.attrs, {});
    }
  });

  test('only topic, partition, offset and timestamp of the Kafka record are copied', () => {
    const record = {
      ...kafkaRecord('eyJhIjoxfQ==', 1700000000000, 42),
      key: 'a2V5',
      headers: [{ h: [1, 2] }],
    };
    const event = normalizeLog('{"msg":"x"}', record, options);
    assert.deepEqual(event.kafka, { topic: 'logs', partition: 3, offset: 42, timestamp: 1700000000000 });
    assert.notEqual(event.kafka, record);
  });

  test('a leading byte order mark does not hide the JSON', () => {
    assert.equal(normalizeAt('\ufeff{"msg":"bom"}').message, 'bom');
  });

  test('events and attrs are plain objects', () => {
    const event = normalizeAt('{"msg":"x","user":"ann"}');
    assert.equal(Object.getPrototypeOf(event), Object.prototype);
    assert.equal(Object.getPrototypeOf(event.attrs), Object.prototype);
    assert.deepEqual(event.attrs, { user: 'ann' });
  });
});
