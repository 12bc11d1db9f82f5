import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compareEvents,
  compileQuery,
  globRegex,
  parseLevels,
  type SearchQuery,
} from '../../../cli/search/query';
import { makeEvent } from '../../shared/rules/make-event';

describe('parseLevels', () => {
  const cases: Array<[string, string[] | undefined]> = [
    ['error', ['error']],
    ['ERROR', ['error']],
    ['error,fatal', ['error', 'fatal']],
    [' warn , unknown ', ['warn', 'unknown']],
    ['warn+', ['warn', 'error', 'fatal']],
    ['trace+', ['trace', 'debug', 'info', 'warn', 'error', 'fatal']],
    ['unknown+', ['unknown']],
    ['error,error+', ['error', 'fatal']],
    ['err', undefined],
    ['', undefined],
    ['error,', undefined],
  ];
  for (const [text, expected] of cases)
    test(JSON.stringify(text), () => assert.deepEqual(parseLevels(text), expected));
});

describe('globRegex', () => {
  test('* is any run of characters; everything else is literal', () => {
    assert.ok(globRegex('*checkout.py').test('/app/orders/checkout.py'));
    assert.ok(!globRegex('*checkout.py').test('/app/orders/checkoutXpy'));
    assert.ok(globRegex('/app/*/gateway.py').test('/app/payments/gateway.py'));
    assert.ok(!globRegex('/app/*').test('/srv/app/x'));
    assert.ok(globRegex('a(b)[c]+?').test('a(b)[c]+?'));
  });
});

describe('compileQuery', () => {
  const base = makeEvent({
    '@timestamp': '2026-11-22T10:00:00.000Z',
    level: 'error',
    pathname: '/app/orders/checkout.py',
    service: 'orders',
    message: 'Payment provider TIMED OUT after 3000 ms',
  });
  const matches = (query: Omit<SearchQuery, 'limit'>, event = base) =>
    compileQuery({ ...query, limit: 10 })(event);

  test('no filter matches everything', () => assert.ok(matches({})));
  test('levels', () => {
    assert.ok(matches({ levels: ['error', 'fatal'] }));
    assert.ok(!matches({ levels: ['info'] }));
  });
  test('pathname and service: exact or glob', () => {
    assert.ok(matches({ pathname: '/app/orders/checkout.py', service: 'orders' }));
    assert.ok(!matches({ pathname: 'checkout.py' }));
    assert.ok(matches({ pathname: '*checkout.py', service: 'ord*' }));
    assert.ok(!matches({ service: 'payments' }));
    assert.ok(!matches({ pathname: '*' }, makeEvent({ pathname: undefined })));
  });
  test('time range: since inclusive, until exclusive, on @timestamp', () => {
    const at = Date.parse('2026-11-22T10:00:00.000Z');
    assert.ok(matches({ sinceMs: at, untilMs: at + 1 }));
    assert.ok(!matches({ sinceMs: at + 1 }));
    assert.ok(!matches({ untilMs: at }));
  });
  test('text: case-insensitive substring of the message', () => {
    assert.ok(matches({ text: 'timed out' }));
    assert.ok(matches({ text: 'PAYMENT' }));
    assert.ok(!matches({ text: 'timed-out' }));
  });
  test('every filter must match', () => {
    assert.ok(!matches({ levels: ['error'], text: 'refused' }));
  });
});

describe('compareEvents', () => {
  test('by event time, then topic, partition, offset', () => {
    const e = (time: string, partition: number, offset: number) =>
      makeEvent({ '@timestamp': time, partition, offset });
    const events = [
      e('2026-11-22T10:00:01.000Z', 0, 1),
      e('2026-11-22T10:00:00.000Z', 1, 5),
      e('2026-11-22T10:00:00.000Z', 0, 9),
      e('2026-11-22T10:00:00.000Z', 0, 2),
    ];
    assert.deepEqual(
      [...events].sort(compareEvents).map((x) => [x.kafka.partition, x.kafka.offset]),
      [
        [0, 2],
        [0, 9],
        [1, 5],
        [0, 1],
      ],
    );
  });
});
