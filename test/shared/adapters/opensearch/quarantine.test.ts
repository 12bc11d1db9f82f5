import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextQuarantine, QuarantineLevel } from '../../../../shared/adapters/opensearch/escalate';
import { offendingFields, quarantineSource } from '../../../../shared/adapters/opensearch/quarantine';

describe('offendingFields', () => {
  const cases: [string, string[]][] = [
    [
      "failed to parse field [attrs.user] of type [long] in document with id 'logs-0-7'. Preview of field's value: 'bob'",
      ['attrs.user'],
    ],
    [
      'object mapping for [attrs.user] tried to parse field [user] as object, but found a concrete value',
      ['attrs.user'],
    ],
    ["Can't merge a non object mapping [attrs.user] with an object mapping", ['attrs.user']],
    ['mapper [attrs.count] cannot be changed from type [long] to [float]', ['attrs.count']],
    [
      'Could not dynamically add mapping for field [attrs.a.b]. Existing mapping for [attrs.a] must be of type object but found [keyword].',
      ['attrs.a.b'],
    ],
    ['mapping set to strict, dynamic introduction of [extra] within [_doc] is not allowed', ['extra']],
    [
      'mapping set to strict, dynamic introduction of [x] within [attrs.inner] is not allowed',
      ['attrs.inner.x'],
    ],
    [
      'Document contains at least one immense term in field="message.keyword" (whose UTF8 encoding is longer than the max length 32766)',
      ['message'],
    ],
    ["failed to parse field [attrs._valueAndPath] of type [flat_object] in document with id 'x'", ['attrs']],
    ['failed to parse', []],
    ['Limit of total fields [1000] has been exceeded', []],
  ];
  for (const [reason, fields] of cases) {
    test(reason.slice(0, 70), () => assert.deepEqual(offendingFields(reason), fields));
  }
});

describe('quarantineSource', () => {
  const source = {
    '@timestamp': '2026-11-22T12:00:00.000Z',
    level: 'error',
    message: 'boom',
    lineno: 3_000_000_000,
    kafka: { topic: 'logs', partition: 0, offset: 7, timestamp: 1 },
    attrs: { user: { id: 42 }, 'a.b': 1, tags: [{ x: 1 }], keep: 'me' },
  };

  test('moves a named field into quarantine as a string and keeps the rest', () => {
    const result = quarantineSource(source, ['lineno'], 'failed to parse field [lineno] of type [integer]');
    assert.ok(result);
    assert.equal('lineno' in result, false);
    assert.deepEqual(result.quarantine, {
      reason: 'failed to parse field [lineno] of type [integer]',
      fields: [{ path: 'lineno', value: '3000000000' }],
    });
    assert.deepEqual(result.attrs, source.attrs);
    assert.equal(source.lineno, 3_000_000_000, 'the input is not changed');
  });

  test('finds dotted keys, nested objects and arrays (moved whole), and drops emptied objects', () => {
    const result = quarantineSource(source, ['attrs.a.b', 'attrs.user.id', 'attrs.tags.x'], 'r');
    assert.deepEqual(result?.attrs, { keep: 'me' });
    assert.deepEqual((result?.quarantine as { fields?: unknown } | undefined)?.fields, [
      { path: 'attrs.a.b', value: '1' },
      { path: 'attrs.user.id', value: '42' },
      { path: 'attrs.tags', value: '[{"x":1}]' },
    ]);
  });

  test('never moves core fields; nothing movable means undefined', () => {
    assert.equal(quarantineSource(source, ['kafka.offset', '@timestamp', 'message'], 'r'), undefined);
    assert.equal(quarantineSource(source, ['attrs.absent'], 'r'), undefined);
  });

  test("'all' moves every non-core field, and keeps what an earlier quarantine moved", () => {
    const first = quarantineSource(source, ['lineno'], 'first');
    assert.ok(first);
    const all = quarantineSource(first, 'all', 'second');
    assert.deepEqual(Object.keys(all ?? {}).sort(), [
      '@timestamp',
      'kafka',
      'level',
      'message',
      'quarantine',
    ]);
    assert.deepEqual(all?.quarantine, {
      reason: 'first | second',
      fields: [
        { path: 'lineno', value: '3000000000' },
        { path: 'attrs', value: JSON.stringify(source.attrs) },
      ],
    });
  });
});

describe('nextQuarantine', () => {
  const start = {
    source: { message: 'm', attrs: { n: 'x', m: 'y' } },
    level: QuarantineLevel.none,
    fieldRounds: 0,
  };

  test('first the named fields, then everything non-core, then nothing (a mapping_conflict)', () => {
    const fields = nextQuarantine(start, 'failed to parse field [attrs.n] of type [long]');
    assert.equal(fields?.level, QuarantineLevel.fields);
    assert.deepEqual(fields?.source.attrs, { m: 'y' });
    const all = fields && nextQuarantine(fields, 'failed to parse');
    assert.equal(all?.level, QuarantineLevel.all);
    assert.equal(all?.source.attrs, undefined);
    assert.equal(all && nextQuarantine(all, 'failed to parse field [message] of type [long]'), undefined);
  });

  test('an error that names no field goes straight to moving everything non-core', () => {
    assert.equal(nextQuarantine(start, 'failed to parse')?.level, QuarantineLevel.all);
  });
});
