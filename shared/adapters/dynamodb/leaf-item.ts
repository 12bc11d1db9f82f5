import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { LeafGroup, LeafState, WindowId } from '../../rules/leaves/types';
import { WindowAlert } from '../../rules/store';
import { get, type Item, put } from './attributes';
import { ItemKind, keys } from './keys';

/**
 * A window leaf as a DynamoDB item (docs/detect.md "Table layout"). Per group, attributes named after
 * its hash: `g:<hash>` its name, `c:<hash>` its count, `a:<hash>` its alert decision (any other
 * one-letter prefix is a further counter, moved with the group on a split); `gs` the set of its
 * hashes (for `size(gs)` in conditions); marks `hw:<topic>:<partition>`; redriven sets
 * `rd:<topic>:<partition>` and their version `rdv`; `hi`, `v`, `gen`, `expiresAt`; the root's `lows`.
 */

/** Attribute names of the leaf item. */
export const LeafAttr = {
  kind: 'kind',
  rule: 'rule',
  windowStart: 'windowStart',
  windowMs: 'windowMs',
  gen: 'gen',
  low: 'low',
  hi: 'hi',
  version: 'v',
  groups: 'gs',
  lows: 'lows',
  redriveVersion: 'rdv',
  expiresAt: 'expiresAt',
} as const;

const GROUP_ATTRIBUTE = /^([a-z]):([0-9a-f]{16})$/;

/** Name of a per-group attribute: `g` (name), `a` (alert decision) or a counter (`c`, ...). */
export const groupAttribute = (prefix: string, hash: string): string => `${prefix}:${hash}`;

/** The leaf stored in `item`. */
export function leafOf(item: Item): LeafState {
  const names = new Map<string, string>();
  const alerts = new Map<string, WindowAlert>();
  const counters = new Map<string, Record<string, number>>();
  const marks = new Map<string, number>();
  const redriven = new Map<string, Set<number>>();
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith('hw:')) marks.set(name, Number(value.N));
    else if (name.startsWith('rd:')) redriven.set(name, new Set((value.NS ?? []).map(Number)));
    else {
      const match = GROUP_ATTRIBUTE.exec(name);
      if (!match) continue;
      const [, prefix, hash] = match as unknown as [string, string, string];
      if (prefix === 'g') names.set(hash, value.S ?? '');
      else if (prefix === 'a') {
        if (value.S === WindowAlert.claimed || value.S === WindowAlert.suppressed) alerts.set(hash, value.S);
      } else counters.set(hash, { ...counters.get(hash), [prefix]: Number(value.N) });
    }
  }
  const groups = new Map<string, LeafGroup>();
  for (const hash of item[LeafAttr.groups]?.SS ?? []) {
    groups.set(hash, {
      group: names.get(hash) ?? '',
      counters: counters.get(hash) ?? {},
      alert: alerts.get(hash),
    });
  }
  const lows = item[LeafAttr.lows]?.SS;
  return {
    low: get.s(item, LeafAttr.low) ?? '',
    hi: get.s(item, LeafAttr.hi),
    gen: get.s(item, LeafAttr.gen) ?? '',
    version: get.n(item, LeafAttr.version) ?? 0,
    groups,
    marks,
    redriven,
    redriveVersion: get.n(item, LeafAttr.redriveVersion),
    expiresAt: get.n(item, LeafAttr.expiresAt) ?? 0,
    lows: lows === undefined ? undefined : [...lows].sort(),
  };
}

/** The window a leaf item belongs to. */
export function windowOfLeaf(item: Item): WindowId {
  return {
    rule: get.s(item, LeafAttr.rule) ?? '',
    windowStart: get.n(item, LeafAttr.windowStart) ?? 0,
    windowMs: get.n(item, LeafAttr.windowMs) ?? 0,
  };
}

/** The identity attributes every leaf item carries. */
export function leafIdentity(window: WindowId, gen: string, low: string): Item {
  const { pk, sk } = keys.leaf(window, gen, low);
  return {
    pk: put.s(pk),
    sk: put.s(sk),
    [LeafAttr.kind]: put.s(ItemKind.leaf),
    [LeafAttr.rule]: put.s(window.rule),
    [LeafAttr.windowStart]: put.n(window.windowStart),
    [LeafAttr.windowMs]: put.n(window.windowMs),
    [LeafAttr.gen]: put.s(gen),
    [LeafAttr.low]: put.s(low),
  };
}

/** A whole leaf as an item (the new leaves of a split). */
export function leafItem(window: WindowId, leaf: LeafState): Item {
  const item: Item = {
    ...leafIdentity(window, leaf.gen, leaf.low),
    [LeafAttr.version]: put.n(leaf.version),
    [LeafAttr.expiresAt]: put.n(leaf.expiresAt),
  };
  if (leaf.hi !== undefined) item[LeafAttr.hi] = put.s(leaf.hi);
  if (leaf.lows !== undefined) item[LeafAttr.lows] = { SS: [...leaf.lows] };
  if (leaf.groups.size > 0) item[LeafAttr.groups] = { SS: [...leaf.groups.keys()] };
  for (const [hash, { group, counters, alert }] of leaf.groups) {
    item[groupAttribute('g', hash)] = put.s(group);
    for (const [prefix, value] of Object.entries(counters)) item[groupAttribute(prefix, hash)] = put.n(value);
    if (alert !== undefined && alert !== WindowAlert.none) item[groupAttribute('a', hash)] = put.s(alert);
  }
  for (const [name, mark] of leaf.marks) item[name] = put.n(mark);
  for (const [name, offsets] of leaf.redriven) if (offsets.size > 0) item[name] = numberSet(offsets);
  if (leaf.redriveVersion !== undefined) item[LeafAttr.redriveVersion] = put.n(leaf.redriveVersion);
  return item;
}

/** A DynamoDB number set (never empty: DynamoDB refuses empty sets). */
export function numberSet(values: Iterable<number>): AttributeValue {
  return { NS: [...values].map(String) };
}
