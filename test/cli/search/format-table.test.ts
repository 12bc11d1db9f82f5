import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatTable, oneLine, truncate } from '../../../cli/search/format-table';
import { makeEvent } from '../../shared/rules/make-event';

const events = [
  makeEvent({
    '@timestamp': '2026-11-22T03:22:06.150Z',
    level: 'error',
    pathname: '/app/orders/checkout.py',
    lineno: 42,
    service: 'orders',
    message: 'payment provider timed out after 3000 ms',
  }),
  makeEvent({
    '@timestamp': '2026-11-22T03:22:07.000Z',
    level: 'info',
    pathname: undefined,
    lineno: undefined,
    service: undefined,
    kubernetes: { container: 'api' },
    message: 'started\nTraceback: \u001b[31mred\u001b[0m \u202egnp.exe',
  }),
];

describe('formatTable', () => {
  test('time, level, pathname:lineno, service, message; aligned; whole messages without a width', () => {
    assert.equal(
      formatTable(events),
      [
        'time (UTC)               level  where                       service  message',
        '2026-11-22 03:22:06.150  ERROR  /app/orders/checkout.py:42  orders   payment provider timed out after 3000 ms',
        '2026-11-22 03:22:07.000  INFO                               api      started ↵ Traceback:  [31mred [0m  gnp.exe',
      ].join('\n'),
    );
  });

  test('with a width, every line fits and cut messages end with …', () => {
    const lines = formatTable(events, 80).split('\n');
    for (const line of lines) assert.ok(line.length < 80, `${line.length}: ${line}`);
    assert.match(lines[1] ?? '', /orders {3}payment p…$/);
    assert.equal(lines[1]?.length, 79);
  });

  test('log text cannot drive the terminal: no control characters, no bidi overrides, one line each', () => {
    const table = formatTable(events);
    assert.doesNotMatch(table.replaceAll('\n', ''), /[\p{Cc}\u202e]/u);
    assert.equal(table.split('\n').length, 3);
  });

  test('long pathnames keep their end', () => {
    const long = makeEvent({ pathname: `/very${'/deep'.repeat(20)}/file.py`, lineno: 7 });
    assert.match(formatTable([long]).split('\n')[1] ?? '', /…[a-z/]*\/deep\/file\.py:7 /);
  });
});

describe('truncate and oneLine', () => {
  test('truncate', () => {
    assert.equal(truncate('abcdef', 6), 'abcdef');
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('abcdef', 0), '');
  });
  test('oneLine', () => {
    assert.equal(oneLine('a\r\nb\tc'), 'a ↵ b c');
  });
});
