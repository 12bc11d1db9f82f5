import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AttrLimits,
  depthMarker,
  FieldLimits,
  truncatedFlag,
  truncationMarker,
} from '../../../shared/logs/limits';
import { measureAttrs, normalizeAt } from './helpers';

const nest = (levels: number, leaf: unknown = 'leaf'): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i += 1) value = { next: value };
  return value;
};

describe('attrs bounds', () => {
  test('within bounds: kept as logged, not flagged, input objects reused unchanged', () => {
    const event = normalizeAt(
      JSON.stringify({ msg: 'x', deep: nest(7), list: [1, 'two', { three: 3 }], empty: {} }),
    );
    assert.equal(Object.hasOwn(event.attrs, truncatedFlag), false);
    assert.deepEqual(event.attrs, { deep: nest(7), list: [1, 'two', { three: 3 }], empty: {} });
  });

  test(`objects nested deeper than ${AttrLimits.maxDepth} levels become a marker`, () => {
    const event = normalizeAt(JSON.stringify({ msg: 'x', deep: nest(20) }));
    let value = event.attrs.deep as Record<string, unknown>;
    for (let level = 1; level < AttrLimits.maxDepth; level += 1)
      value = value.next as Record<string, unknown>;
    assert.equal(value.next, depthMarker);
    assert.equal(measureAttrs(event.attrs).depth, AttrLimits.maxDepth);
    assert.equal(event.attrs[truncatedFlag], true);
  });

  test('10,000 levels of nesting: no stack overflow, bounded', () => {
    const text = `{"msg":"deep","a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const event = normalizeAt(text);
    assert.equal(event.message, 'deep');
    assert.ok(measureAttrs(event.attrs).depth <= AttrLimits.maxDepth);
  });

  test(`at most ${AttrLimits.maxEntries} entries, counting array items and nested members`, () => {
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    const event = normalizeAt(JSON.stringify({ msg: 'wide', ...wide }));
    const shape = measureAttrs(event.attrs);
    assert.equal(shape.entries, AttrLimits.maxEntries + 1); // + the _truncated flag
    assert.equal(event.attrs.k0, 0);
    assert.equal(event.attrs[`k${AttrLimits.maxEntries - 1}`], AttrLimits.maxEntries - 1);
    assert.equal(event.attrs[`k${AttrLimits.maxEntries}`], undefined);

    const list = normalizeAt(
      JSON.stringify({ msg: 'x', a: 1, items: Array.from({ length: 2000 }, (_, i) => i) }),
    );
    assert.equal((list.attrs.items as unknown[]).length, AttrLimits.maxEntries - 2);
    assert.equal(list.attrs[truncatedFlag], true);
  });

  test(`strings over ${AttrLimits.maxStringLength} code units are cut, marker included, pairs kept whole`, () => {
    const long = 'x'.repeat(AttrLimits.maxStringLength - truncationMarker.length - 1) + '😀'.repeat(10);
    const event = normalizeAt(JSON.stringify({ msg: 'x', long, nested: { also: 'y'.repeat(100_000) } }));
    const cut = event.attrs.long as string;
    assert.ok(cut.length <= AttrLimits.maxStringLength);
    assert.ok(cut.endsWith(truncationMarker));
    assert.equal(
      cut.slice(0, -truncationMarker.length),
      'x'.repeat(AttrLimits.maxStringLength - truncationMarker.length - 1),
    );
    assert.equal((event.attrs.nested as { also: string }).also.length, AttrLimits.maxStringLength);
    assert.equal(event.attrs[truncatedFlag], true);
  });

  test(`keys over ${AttrLimits.maxKeyLength} are cut`, () => {
    const key = 'k'.repeat(5000);
    const event = normalizeAt(JSON.stringify({ msg: 'x', [key]: 1, nested: { [key]: 2 } }));
    assert.equal(measureAttrs(event.attrs).longestKey, AttrLimits.maxKeyLength);
    assert.equal(event.attrs[truncatedFlag], true);
  });

  test('the message is never cut; pathname, service and Kubernetes fields are', () => {
    const long = 'p'.repeat(10_000);
    const event = normalizeAt(
      JSON.stringify({ msg: long, pathname: long, service: long, kubernetes: { pod_name: long } }),
    );
    assert.equal(event.message, long);
    assert.equal(event.pathname?.length, FieldLimits.maxLength);
    assert.equal(event.service?.length, FieldLimits.maxLength);
    assert.equal(event.kubernetes?.pod?.length, FieldLimits.maxLength);
  });

  test('a `__proto__` key is kept as data and pollutes nothing', () => {
    const event = normalizeAt(
      '{"msg":"x","__proto__":{"polluted":true},"nested":{"__proto__":{"polluted":true},"long":"' +
        'z'.repeat(9000) +
        '"}}',
    );
    assert.deepEqual(Object.getOwnPropertyDescriptor(event.attrs, '__proto__')?.value, { polluted: true });
    assert.equal(Object.getPrototypeOf(event.attrs), Object.prototype);
    assert.ok(Object.hasOwn(event.attrs.nested as object, '__proto__'));
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
    assert.match(JSON.stringify(event.attrs), /"__proto__":\{"polluted":true\}/);
  });

  test('known fields that were not used stay in attrs', () => {
    const event = normalizeAt('{"msg":"x","message":{"k":1},"levelname":"NOPE","line":"x","service":""}');
    assert.deepEqual(event.attrs, { message: { k: 1 }, levelname: 'NOPE', line: 'x', service: '' });
  });
});
