import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { plainTextLevel, stripLineEnd } from '../../../shared/logs/plain-text';

describe('plainTextLevel', () => {
  const table: ReadonlyArray<readonly [string, string]> = [
    ['[2016-12-19 20:51:20,700] WARN [ReplicaFetcherThread-0-0], Error in fetch', 'warn'],
    ['2014-10-08 16:56:38,344:WARN:foo bar baz', 'warn'],
    ['2025-01-24T07:00:30,139 INFO [main] FarmApplication : Starting', 'info'],
    ['E0517 15:04:22.619632 1952452992 logging_unittest.cc:253] Log every 3', 'unknown'],
    ['level=error msg="lower case is not a level word"', 'unknown'],
    ['ERROR_CODE=5 is not a standalone word', 'unknown'],
    ['<ALERT> disk full', 'fatal'],
    ['first word wins: DEBUG then ERROR', 'debug'],
    ['Nov  3 09:23:38 veridian automount[7998]: lookup(file): lookup for foobar failed', 'unknown'],
    // Java and Python stack traces are errors
    ['java.io.IOException: Connection to 0 was disconnected before the response was read', 'error'],
    ['\tat scala.Option.foreach(Option.scala:257)', 'error'],
    ['    at java.base/java.lang.Thread.run(Thread.java:829)', 'error'],
    ['\tat com.sun.proxy.$Proxy9.getFileInfo(Unknown Source)', 'error'],
    [
      '2020-08-19T21:06:24.337544598Z stderr F \tat org.apache.hadoop.ipc.Client.call(Client.java:1475)',
      'error',
    ],
    ['Caused by: java.lang.NullPointerException', 'error'],
    ['Exception in thread "main" java.lang.IllegalStateException: boom', 'error'],
    ['INFO request failed\njava.lang.RuntimeException: boom\n\tat a.B.c(B.java:1)', 'error'],
    ['FATAL out of memory\n\tat a.B.c(B.java:1)', 'fatal'],
    ['Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nValueError: x', 'error'],
    ['  File "/var/task/app.py", line 14, in lambda_handler', 'error'],
    // look-alikes that are not traces
    ['we looked at foo.bar(baz) today', 'unknown'],
    ['the Error: was on our side', 'unknown'],
  ];
  for (const [line, expected] of table) {
    test(`${JSON.stringify(line).slice(0, 70)} -> ${expected}`, () =>
      assert.equal(plainTextLevel(line), expected));
  }

  test('stays linear on long adversarial lines', () => {
    const lines = [
      `${'a.'.repeat(200_000)}x`,
      `${' '.repeat(200_000)}at`,
      `at ${'a.'.repeat(100_000)}(`,
      '\n'.repeat(200_000),
      `${'\tat a.b('.repeat(30_000)}`,
    ];
    for (const line of lines) assert.equal(plainTextLevel(line), 'unknown');
  });
});

describe('stripLineEnd', () => {
  test('drops trailing \\n and \\r\\n only', () => {
    assert.equal(stripLineEnd('Simple text\n'), 'Simple text');
    assert.equal(stripLineEnd('crlf\r\n'), 'crlf');
    assert.equal(stripLineEnd('  spaced \t'), '  spaced \t');
    assert.equal(stripLineEnd('a\nb\n\n'), 'a\nb');
    assert.equal(stripLineEnd('\n'), '');
  });
});
