import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WindowDelta } from '../../../../shared/rules/aggregate';
import {
  cuts,
  freshLows,
  leafLow,
  nextLow,
  planSplit,
  ROOT_LOW,
} from '../../../../shared/rules/leaves/layout';
import { type LeafItem, type LeafTarget, planLeafWrite } from '../../../../shared/rules/leaves/plan';
import type { LeafState } from '../../../../shared/rules/leaves/types';

const hex = (n: number) => n.toString(16).padStart(16, '0');

function item(hash: string, partitions: Record<number, number[]>): LeafItem {
  const delta: WindowDelta = {
    rule: 'burst',
    group: `g-${hash}`,
    windowStart: 0,
    windowMs: 10_000,
    partitions: Object.entries(partitions).map(([p, offsets]) => ({
      topic: 'logs',
      partition: Number(p),
      offsets,
    })),
    records: 0,
    samples: [],
    services: [],
    kubernetes: undefined,
  };
  return { hash, delta };
}

function leaf(overrides: Partial<LeafState> = {}): LeafState {
  return {
    low: ROOT_LOW,
    hi: undefined,
    gen: 'g1',
    version: 3,
    groups: new Map(),
    marks: new Map(),
    redriven: new Map(),
    redriveVersion: undefined,
    expiresAt: 100,
    lows: [ROOT_LOW],
    ...overrides,
  };
}

const live: LeafTarget = { low: ROOT_LOW, gen: 'g1', hi: undefined, mode: 'live', expiresAt: 100 };

describe('planLeafWrite', () => {
  test('nothing known: every offset counts, one mark per partition, the leaf may be new', () => {
    const step = planLeafWrite(
      [item(hex(5), { 0: [3, 4], 1: [9] }), item(hex(9), { 0: [7] })],
      undefined,
      live,
    );
    assert.equal(step.kind, 'write');
    if (step.kind !== 'write') return;
    assert.deepEqual(
      step.write.marks.map((m) => [m.name, m.below, m.mark, m.add]),
      [
        ['hw:logs:0', 3, 7, 3],
        ['hw:logs:1', 9, 9, 1],
      ],
    );
    assert.deepEqual(
      step.write.groups.map((g) => [g.hash, g.add, g.name]),
      [
        [hex(5), 3, true],
        [hex(9), 1, true],
      ],
    );
    assert.deepEqual(step.write.expect, { maxHash: hex(9), room: 98, redriveVersion: undefined, gen: 'g1' });
  });

  test('live: offsets at or below the mark, or redriven, are not counted again', () => {
    const known = leaf({
      groups: new Map([[hex(5), { group: 'g', counters: { c: 2 }, alert: undefined }]]),
      marks: new Map([['hw:logs:0', 4]]),
      redriven: new Map([['rd:logs:0', new Set([6])]]),
      redriveVersion: 1,
    });
    const step = planLeafWrite([item(hex(5), { 0: [3, 4, 5, 6, 7] })], known, live);
    assert.ok(step.kind === 'write');
    assert.deepEqual(step.write.marks, [{ name: 'hw:logs:0', below: 5, mark: 7, add: 2 }]);
    assert.deepEqual(step.write.groups, [{ hash: hex(5), group: `g-${hex(5)}`, add: 2, name: false }]);
    assert.equal(step.write.expect.redriveVersion, 1);
    assert.equal(planLeafWrite([item(hex(5), { 0: [3, 4, 6] })], known, live).kind, 'done');
  });

  test('redrive: marks do not matter, the redriven set does; the marks are left alone', () => {
    const known = leaf({
      marks: new Map([['hw:logs:0', 50]]),
      redriven: new Map([['rd:logs:0', new Set([6])]]),
    });
    const step = planLeafWrite([item(hex(5), { 0: [6, 7] })], known, { ...live, mode: 'redrive' });
    assert.ok(step.kind === 'write');
    assert.deepEqual(step.write.marks, []);
    assert.deepEqual(step.write.redriven, [{ name: 'rd:logs:0', offsets: [7] }]);
  });

  test('more than 40 partitions: the first 40 now, the rest in the next write', () => {
    const partitions = Object.fromEntries(Array.from({ length: 45 }, (_, p) => [p, [p]]));
    const step = planLeafWrite([item(hex(5), partitions)], undefined, live);
    assert.ok(step.kind === 'write');
    assert.equal(step.write.marks.length, 40);
    assert.equal(step.write.groups[0]?.add, 40);
  });

  test('a leaf that cannot take the new groups asks for a split', () => {
    const groups = new Map(
      Array.from({ length: 99 }, (_, i) => [hex(i), { group: `${i}`, counters: { c: 1 }, alert: undefined }]),
    );
    const known = leaf({ groups });
    assert.equal(planLeafWrite([item(hex(500), { 0: [1] })], known, live).kind, 'write');
    assert.equal(
      planLeafWrite([item(hex(500), { 0: [1] }), item(hex(501), { 0: [2] })], known, live).kind,
      'split',
    );
  });
});

describe('layout', () => {
  test('routing: the greatest low at or below the hash; the next low is the upper bound', () => {
    const lows = [ROOT_LOW, hex(100), hex(200)];
    assert.deepEqual(
      [hex(0), hex(99), hex(100), hex(150), hex(200), 'ffffffffffffffff'].map((h) => leafLow(lows, h)),
      [ROOT_LOW, ROOT_LOW, hex(100), hex(100), hex(200), hex(200)],
    );
    assert.equal(nextLow(lows, hex(100)), hex(200));
    assert.equal(nextLow(lows, hex(200)), undefined);
  });

  test('a fresh window: pieces of at most 50, as even as possible', () => {
    const hashes = Array.from({ length: 120 }, (_, i) => hex(i * 7));
    assert.deepEqual(cuts(hashes), [hex(40 * 7), hex(80 * 7)]);
    assert.deepEqual(freshLows(hashes.slice(0, 50)), [ROOT_LOW]);
    assert.equal(freshLows(hashes).length, 3);
  });

  test('a split keeps the first piece, moves the stored groups of the others with copies of the marks', () => {
    const groups = new Map(
      Array.from({ length: 80 }, (_, i) => [
        hex(i * 2),
        { group: `${i}`, counters: { c: 1 }, alert: undefined },
      ]),
    );
    const known = leaf({ groups, marks: new Map([['hw:logs:0', 9]]), version: 7 });
    const incoming = Array.from({ length: 40 }, (_, i) => hex(i * 2 + 1));
    const split = planSplit(known, ROOT_LOW, 'g1', undefined, incoming, 200);
    assert.ok(split);
    assert.equal(split.version, 7);
    assert.deepEqual(split.lows, cuts([...groups.keys(), ...incoming].sort()));
    assert.equal(split.hi, split.lows[0]);
    const moved = new Set(split.moved);
    assert.equal(
      split.puts.reduce((sum, put) => sum + put.groups.size, 0),
      moved.size,
    );
    for (const put of split.puts) assert.deepEqual([...put.marks], [['hw:logs:0', 9]]);
    assert.equal(planSplit(known, ROOT_LOW, 'g1', undefined, incoming.slice(0, 20), 200), undefined);
  });
});
