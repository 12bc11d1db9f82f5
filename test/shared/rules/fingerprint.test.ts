import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeLog } from '../../../shared/logs/normalize';
import type { LogEvent } from '../../../shared/logs/types';
import { fingerprintOf } from '../../../shared/rules/fingerprint';
import { exceptionOf, exceptionOfTrace } from '../../../shared/rules/logged-exception';
import { fixtureLines, kafkaRecord, options } from '../logs/helpers';
import { makeEvent } from './make-event';

/** A fixture line (test/fixtures/logs, sources in each folder's SOURCES.txt) as sluice normalizes it. */
const normalized = (text: string): LogEvent => normalizeLog(text, kafkaRecord(''), options);
const powertools = fixtureLines('json-app/derived__powertools_logger_records.ndjson');
const powertoolsLine = (marker: string): LogEvent =>
  normalized(powertools.find((line) => line.includes(marker)) as string);
const kafkaServer = fixtureLines('plain-text/elastic-examples__kafka1_server.log.2016-12-19-20');
const kafkaController = fixtureLines('plain-text/elastic-examples__kafka0_controller.log.2016-12-19-18');

describe('exceptionOf: the exception a log carries', () => {
  test('Powertools with a structured stack_trace: its type and value', () => {
    assert.deepEqual(exceptionOf(powertoolsLine('"location":"lambda_handler:16"')), {
      type: 'HTTPError',
      message: '500 Server Error: INTERNAL SERVER ERROR for url: http://httpbin.org/status/500',
    });
  });

  test("Powertools with a Python traceback: the traceback's last line", () => {
    assert.deepEqual(exceptionOf(powertoolsLine('log_uncaught_exception_hook')), {
      type: 'requests.exceptions.HTTPError',
      message: '500 Server Error: INTERNAL SERVER ERROR for url: http://httpbin.org/status/500',
    });
  });

  test('Powertools whose traceback names nothing readable: exception_name alone', () => {
    assert.deepEqual(exceptionOf(powertoolsLine('collect.handler:15')), {
      type: 'RuntimeError',
      message: '',
    });
  });

  test('a Java stack (a Kafka broker IOException and its frames): the first line', () => {
    const start = kafkaServer.findIndex((line) => line.startsWith('java.io.IOException: Connection to 0'));
    const trace = kafkaServer.slice(start, start + 15).join('\n');
    assert.deepEqual(exceptionOfTrace(trace), {
      type: 'java.io.IOException',
      message: 'Connection to 0 was disconnected before the response was read',
    });
  });

  test('field names of other loggers: ECS error.*, pino and bunyan err, Node stacks, python-json-logger exc_info', () => {
    const cases: ReadonlyArray<readonly [Record<string, unknown>, string, string]> = [
      [
        { error: { type: 'java.lang.NullPointerException', message: 'x is null' } },
        'java.lang.NullPointerException',
        'x is null',
      ],
      [{ 'error.type': 'ValueError', 'error.message': 'bad id 7' }, 'ValueError', 'bad id 7'],
      [
        { err: { type: 'Error', message: 'failed [400]', stack: 'Error: failed [400]\n    at x' } },
        'Error',
        'failed [400]',
      ],
      [{ err: { name: 'TypeError', message: 'y is not a function' } }, 'TypeError', 'y is not a function'],
      [
        { stack: 'RangeError: Invalid time value\n    at Date.toISOString (<anonymous>)' },
        'RangeError',
        'Invalid time value',
      ],
      [
        {
          exc_info:
            'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    1/0\nZeroDivisionError: division by zero',
        },
        'ZeroDivisionError',
        'division by zero',
      ],
      [
        {
          stack_trace:
            'Exception in thread "main" java.lang.IllegalStateException: closed\n\tat A.b(A.java:1)',
        },
        'java.lang.IllegalStateException',
        'closed',
      ],
    ];
    for (const [attrs, type, message] of cases) {
      assert.deepEqual(exceptionOf(makeEvent({ attrs })), { type, message }, JSON.stringify(attrs));
    }
  });

  test('none: no such field, a cut traceback, a first line that is no exception', () => {
    assert.equal(exceptionOf(makeEvent()), undefined);
    const cut = 'Traceback (most recent call last):\n  File "app.py", line 3\n    1/0…[truncated]';
    assert.equal(exceptionOf(makeEvent({ attrs: { exc_info: cut } })), undefined);
    assert.equal(exceptionOf(makeEvent({ attrs: { stack: 'something went wrong here' } })), undefined);
  });
});

describe('fingerprintOf', () => {
  const fields = ['service', 'pathname', 'message'] as const;
  const event = (message: string, overrides: Partial<LogEvent> = {}) => makeEvent({ message, ...overrides });

  test("the issue's examples: one fingerprint for two orders, another for a refund", () => {
    const a = fingerprintOf(event("order 12345 failed for 'bob@x.io'"), fields);
    assert.deepEqual(fingerprintOf(event("order 99 failed for 'amy@y.io'"), fields), a);
    assert.equal(a.template, 'order <num> failed for <str>');
    assert.notEqual(fingerprintOf(event('order 12 refunded'), fields).id, a.id);
  });

  test('is 16 hex digits of SHA-256 over the named parts, stable across releases (a change would make every error "new")', () => {
    // sha256('service\0api\x01pathname\0/app/db.py\x01message\0order <num> failed for <str>\x01'), first 16 hex digits
    assert.equal(fingerprintOf(event("order 12345 failed for 'bob@x.io'"), fields).id, '617dd3e6959a4b53');
  });

  test('every named field counts, in order; fields not named (lineno) do not', () => {
    const base = fingerprintOf(event('boom 1'), fields).id;
    assert.notEqual(fingerprintOf(event('boom 1', { service: 'other' }), fields).id, base);
    assert.notEqual(fingerprintOf(event('boom 1', { pathname: '/app/other.py' }), fields).id, base);
    assert.equal(fingerprintOf(event('boom 2', { lineno: 99 }), fields).id, base);
    assert.notEqual(fingerprintOf(event('boom 1'), ['pathname', 'service', 'message']).id, base);
    const { service: _absent, ...withoutService } = event('boom 1');
    assert.notEqual(fingerprintOf(withoutService, fields).id, base);
  });

  test('the same controller warning at other times, from other threads, is one fingerprint', () => {
    const warnings = kafkaController.filter((line) => line.includes('was unsuccessful')).map(normalized);
    assert.ok(warnings.length > 10);
    assert.equal(new Set(warnings.map((warning) => fingerprintOf(warning, ['message']).id)).size, 1);
  });

  test("an exception's type and message template are part of it, and of the readable template", () => {
    const uncaught = powertoolsLine('log_uncaught_exception_hook');
    const print = fingerprintOf(uncaught, fields);
    assert.equal(
      print.template,
      '<num> Server Error: INTERNAL SERVER ERROR for url: http://httpbin.org/status/<num> · requests.exceptions.HTTPError',
    );
    const otherType = {
      ...uncaught,
      attrs: {
        ...uncaught.attrs,
        exception:
          'Traceback (most recent call last):\nrequests.exceptions.ConnectionError: 500 Server Error',
      },
    };
    assert.notEqual(fingerprintOf(otherType, fields).id, print.id);
    const runtime = fingerprintOf(powertoolsLine('collect.handler:15'), ['message']);
    assert.equal(runtime.template, 'Received a HTTP <num>xx error · RuntimeError');
  });

  test('without message among the fields, the template is the values', () => {
    assert.equal(fingerprintOf(event('x'), ['service', 'pathname']).template, 'api · /app/db.py');
  });
});
