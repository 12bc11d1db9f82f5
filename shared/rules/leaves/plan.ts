import { CapacityError } from '../../errors';
import type { WindowDelta } from '../aggregate';
import { markName, type PartitionStep } from '../plan-write';
import { LEAF_CAPACITY, ROOT_LOW } from './layout';
import type { GroupAdd, LeafState, LeafWrite } from './types';

/** Partitions per write: keeps the condition expression far below DynamoDB's 4 KB limit. */
export const MAX_PARTITIONS_PER_WRITE = 40;
/** Redriven offsets a leaf remembers at most (about 20 KB): keeps the item far below 400 KB. */
export const MAX_REDRIVEN_PER_LEAF = 2_000;

/** How a batch is counted: live (marks) or redriven (sets of redriven offsets, marks untouched). */
export const CountMode = { live: 'live', redrive: 'redrive' } as const;
export type CountMode = (typeof CountMode)[keyof typeof CountMode];

/** Name of the attribute holding a partition's redriven offsets in a leaf. */
export function redrivenName(topic: string, partition: number): string {
  return `rd:${topic}:${partition}`;
}

/** One group's delta routed to a leaf. */
export interface LeafItem {
  readonly hash: string;
  readonly delta: WindowDelta;
}

/** Where a leaf write goes and what it may store. */
export interface LeafTarget {
  readonly low: string;
  readonly gen: string;
  /** The leaf's upper bound as the writer's directory says. */
  readonly hi: string | undefined;
  readonly mode: CountMode;
  readonly expiresAt: number;
  /** Groups the leaf may hold (default {@link LEAF_CAPACITY}). */
  readonly capacity?: number;
}

/** The next step for a leaf: nothing left to count, a split first, or one conditional write. */
export type LeafStep =
  | { readonly kind: 'done' }
  | { readonly kind: 'split' }
  | {
      readonly kind: 'write';
      readonly write: LeafWrite;
      /** The write counts everything left: no further write is needed once it is accepted. */
      readonly complete: boolean;
    };

/**
 * Plans the next write of a batch's groups to one leaf from what is known of the leaf (nothing: the
 * optimistic first try). Live, an offset counts when it is above the leaf's mark for its partition and
 * not in the partition's redriven set; redriven, when it is not in that set (docs/detect.md). A write
 * carries every group of the batch in the leaf (a second write of the same batch would be refused by
 * the marks the first raised) and at most {@link MAX_PARTITIONS_PER_WRITE} partitions: the caller
 * plans again after each write until `done`.
 *
 * @example
 * planLeafWrite(items, undefined, { low: ROOT_LOW, gen, hi: undefined, mode: 'live', expiresAt });
 * // { kind: 'write', write: { groups: [...], marks: [...], expect: {...}, ... } }
 */
export function planLeafWrite(
  items: readonly LeafItem[],
  known: LeafState | undefined,
  target: LeafTarget,
): LeafStep {
  const live = target.mode === CountMode.live;
  const counted = new Map<
    string,
    {
      topic: string;
      partition: number;
      offsets: Map<string, readonly number[]>;
      hits: Map<string, ReadonlySet<number>>;
    }
  >();
  const anyRedriven = (known?.redriven.size ?? 0) > 0;
  for (const { hash, delta } of items) {
    for (const { topic, partition, offsets, hits } of delta.partitions) {
      const name = markName(topic, partition);
      const mark = live ? known?.marks.get(name) : undefined;
      const redriven = anyRedriven ? known?.redriven.get(redrivenName(topic, partition)) : undefined;
      const fresh =
        mark === undefined && redriven === undefined
          ? offsets
          : offsets.filter(
              (offset) => (mark === undefined || offset > mark) && redriven?.has(offset) !== true,
            );
      if (fresh.length === 0) continue;
      let slot = counted.get(name);
      if (!slot) {
        slot = { topic, partition, offsets: new Map(), hits: new Map() };
        counted.set(name, slot);
      }
      slot.offsets.set(hash, fresh);
      if (hits) slot.hits.set(hash, hits);
    }
  }
  if (counted.size === 0) return { kind: 'done' };
  const chosen = [...counted.keys()].sort().slice(0, MAX_PARTITIONS_PER_WRITE);
  const complete = chosen.length === counted.size;

  // Per group: records added to `o` (every fresh offset) and to `c` (a ratio rule's hits; else all).
  const records = new Map<string, number>();
  const adds = new Map<string, number>();
  const marks: PartitionStep[] = [];
  const redriven: Array<{ name: string; offsets: number[] }> = [];
  for (const name of chosen) {
    const slot = counted.get(name);
    if (!slot) continue;
    const all: number[] = [];
    for (const [hash, offsets] of slot.offsets) {
      const hits = slot.hits.get(hash);
      const hit = hits
        ? offsets.reduce((sum, offset) => sum + (hits.has(offset) ? 1 : 0), 0)
        : offsets.length;
      records.set(hash, (records.get(hash) ?? 0) + offsets.length);
      adds.set(hash, (adds.get(hash) ?? 0) + hit);
      all.push(...offsets);
    }
    all.sort((a, b) => a - b);
    if (live) {
      marks.push({ name, below: all[0] as number, mark: all[all.length - 1] as number, add: all.length });
    } else {
      redriven.push({ name: redrivenName(slot.topic, slot.partition), offsets: all });
    }
  }
  if (!live) checkRedrivenRoom(items, known, redriven);

  const groups: GroupAdd[] = [];
  for (const { hash, delta } of items) {
    const added = records.get(hash) ?? 0;
    if (added === 0) continue;
    const stored = known?.groups.get(hash);
    const group: { -readonly [K in keyof GroupAdd]: GroupAdd[K] } = {
      hash,
      group: delta.group,
      add: adds.get(hash) as number,
      name: stored === undefined,
    };
    if (delta.ratio) group.of = added;
    if (delta.lastSeen !== undefined && delta.lastSeen > (stored?.counters.l ?? Number.NEGATIVE_INFINITY))
      group.last = delta.lastSeen;
    groups.push(group);
  }
  const newGroups = groups.filter((group) => group.name).length;
  const capacity = target.capacity ?? LEAF_CAPACITY;
  if ((known?.groups.size ?? 0) + newGroups > capacity) return { kind: 'split' };
  const maxHash = items.reduce((max, { hash }) => (hash > max ? hash : max), target.low);
  return {
    kind: 'write',
    complete,
    write: {
      low: target.low,
      gen: target.gen,
      hi: target.hi,
      create: undefined,
      groups,
      marks,
      redriven,
      expect: {
        maxHash,
        room: capacity - newGroups,
        redriveVersion: known?.redriveVersion,
        gen: target.low === ROOT_LOW ? target.gen : undefined,
      },
      expiresAt: target.expiresAt,
    },
  };
}

function checkRedrivenRoom(
  items: readonly LeafItem[],
  known: LeafState | undefined,
  adding: ReadonlyArray<{ offsets: readonly number[] }>,
): void {
  let size = adding.reduce((sum, { offsets }) => sum + offsets.length, 0);
  for (const set of known?.redriven.values() ?? []) size += set.size;
  if (size > MAX_REDRIVEN_PER_LEAF) {
    const delta = items[0]?.delta;
    const window = delta ? `${delta.rule} ${new Date(delta.windowStart).toISOString()}` : 'a window';
    throw new CapacityError(
      `${window}: more than ${MAX_REDRIVEN_PER_LEAF} redriven records would share one window item, past what keeps it under DynamoDB's 400 KB; these records stay in the dead-letter area (redrive the others with --since, or count them by replaying the topic)`,
    );
  }
}
