import { createHash } from 'node:crypto';
import type { LeafSplit, LeafState } from './types';

/** The root leaf's low: it covers the window's lowest hashes and holds the directory. */
export const ROOT_LOW = '0000000000000000';
/** Groups per leaf when a window is laid out or a leaf is split: a fresh window costs ceil(G / 50) writes. */
export const LEAF_FILL = 50;
/** Groups a leaf holds at most (and so a write carries at most): keeps items and expressions small. */
export const LEAF_CAPACITY = 100;
/** New leaves holding moved groups per split transaction (a bigger split takes a second one). */
export const MAX_SPLIT_PUTS = 24;

/** The sizes of the layout; tests use small ones to split often. */
export interface LeafLimits {
  readonly fill: number;
  readonly capacity: number;
  readonly splitPuts: number;
}
export const DEFAULT_LEAF_LIMITS: LeafLimits = {
  fill: LEAF_FILL,
  capacity: LEAF_CAPACITY,
  splitPuts: MAX_SPLIT_PUTS,
};

/**
 * The hash that routes a group to a leaf: the first 64 bits of its SHA-256, as 16 hex digits (fixed
 * width, so string order is numeric order). Two groups of one window sharing it would share a count;
 * at 64 bits that takes about 4 billion groups in one window to be likely.
 *
 * @example
 * groupHash('/app/db.py'); // 'c4f5…' (16 hex digits)
 */
export function groupHash(group: string): string {
  return createHash('sha256').update(group).digest('hex').slice(0, 16);
}

/**
 * The low of the leaf covering `hash`: the greatest low at or below it (`lows` ascending, starting
 * with {@link ROOT_LOW}).
 *
 * @example
 * leafLow(['0000000000000000', '8000000000000000'], 'a1b2c3d4e5f60718'); // '8000000000000000'
 */
export function leafLow(lows: readonly string[], hash: string): string {
  let lo = 0;
  let hi = lows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lows[mid] as string) <= hash) lo = mid;
    else hi = mid - 1;
  }
  return lows[lo] ?? ROOT_LOW;
}

/** The low after `low` in the directory: the leaf's upper bound; undefined for the last leaf. */
export function nextLow(lows: readonly string[], low: string): string | undefined {
  const index = lows.indexOf(low);
  return index < 0 ? undefined : lows[index + 1];
}

/**
 * Where to cut sorted distinct hashes into leaves of at most {@link LEAF_FILL}: the first hash of
 * every piece but the first, with pieces as even as possible (so none is tiny).
 *
 * @example
 * cuts(hashes120); // two cuts: pieces of 40, 40 and 40
 */
export function cuts(sorted: readonly string[], fill = LEAF_FILL): string[] {
  const pieces = Math.ceil(sorted.length / fill);
  const result: string[] = [];
  for (let i = 1; i < pieces; i += 1) result.push(sorted[Math.floor((i * sorted.length) / pieces)] as string);
  return result;
}

/**
 * The directory of a fresh window laid out from the hashes of its first batch: the root, then a leaf
 * every {@link LEAF_FILL} groups.
 *
 * @example
 * freshLows(['00ff…', '7a00…']); // ['0000000000000000']
 */
export function freshLows(hashes: Iterable<string>, fill = LEAF_FILL): string[] {
  return [ROOT_LOW, ...cuts([...new Set(hashes)].sort(), fill)];
}

/**
 * The split of a leaf that cannot take the groups routed to it: the groups it holds and the new ones,
 * cut into pieces of {@link LEAF_FILL}; the leaf keeps the first piece, new leaves take the others
 * with copies of its marks and redriven sets (docs/detect.md "Splits"). Pieces without a stored group
 * get no item yet: their first write creates them. Undefined when everything fits.
 *
 * @example
 * planSplit(leaf, low, gen, hi, newHashes, expiresAt); // { hi, moved, puts, lows, ... } or undefined
 */
export function planSplit(
  leaf: LeafState | undefined,
  low: string,
  gen: string,
  hi: string | undefined,
  incoming: Iterable<string>,
  expiresAt: number,
  limits: LeafLimits = DEFAULT_LEAF_LIMITS,
): LeafSplit | undefined {
  const stored = leaf?.groups ?? new Map();
  const all = [...new Set([...stored.keys(), ...incoming])].sort();
  if (all.length <= limits.capacity) return undefined;
  const lows: string[] = [];
  let puts = 0;
  const candidates = cuts(all, limits.fill).filter((cut) => cut > low);
  for (const [i, cut] of candidates.entries()) {
    const end = candidates[i + 1] ?? hi;
    const holds = [...stored.keys()].some((hash) => hash >= cut && (end === undefined || hash < end));
    if (holds && puts === limits.splitPuts) break;
    if (holds) puts += 1;
    lows.push(cut);
  }
  const first = lows[0];
  if (first === undefined) return undefined;
  const base: Omit<LeafState, 'low' | 'hi' | 'groups'> = {
    gen,
    version: 1,
    marks: leaf?.marks ?? new Map(),
    redriven: leaf?.redriven ?? new Map(),
    redriveVersion: leaf?.redriveVersion,
    expiresAt: Math.max(leaf?.expiresAt ?? 0, expiresAt),
    lows: undefined,
  };
  const newLeaves = lows.map((from, i) => {
    const to = lows[i + 1] ?? hi;
    const groups = new Map([...stored].filter(([hash]) => hash >= from && (to === undefined || hash < to)));
    return { ...base, low: from, hi: to, groups };
  });
  const moved = [...stored.keys()].filter((hash) => hash >= first);
  const counters = new Set<string>();
  for (const hash of moved)
    for (const name of Object.keys(stored.get(hash)?.counters ?? {})) counters.add(name);
  return {
    low,
    gen,
    version: leaf?.version,
    expiresAt,
    hi: first,
    moved,
    counters: [...counters].sort(),
    puts: newLeaves.filter((put) => put.groups.size > 0),
    lows,
  };
}
