import type { WindowKey } from '../aggregate';
import type { PartitionStep } from '../plan-write';
import type { WindowAlert } from '../store';

/**
 * The window layout (docs/detect.md "Table layout"): the groups of one window live in a few items,
 * "leaves", each covering a range of group hashes; the root leaf (low `0000000000000000`) also holds
 * the directory (every leaf's low). These are the values the layout logic works with; the DynamoDB
 * adapter and its in-memory twin store them.
 */

/** One window of one rule: every group of it lives in the window's leaves. */
export interface WindowId {
  readonly rule: string;
  /** Epoch ms. */
  readonly windowStart: number;
  readonly windowMs: number;
}

/** One group in a leaf: its name, its counters (`c`: the count) and the alert decision once made. */
export interface LeafGroup {
  readonly group: string;
  /** Counter name -> value: `c` the window count, `o` a ratio rule's "of" count, `l` a flatline rule's last event time. */
  readonly counters: Readonly<Record<string, number>>;
  readonly alert: WindowAlert | undefined;
}

/** A leaf as stored. */
export interface LeafState {
  /** Lowest group hash it covers (16 hex digits). */
  readonly low: string;
  /** First hash it no longer covers; undefined for the last leaf. */
  readonly hi: string | undefined;
  /** The window's generation: leaves of a window laid out again after its root expired never mix with old ones. */
  readonly gen: string;
  /** Bumped by every write; a split is conditioned on it. */
  readonly version: number;
  /** Group hash -> group. */
  readonly groups: ReadonlyMap<string, LeafGroup>;
  /** Mark name (`hw:<topic>:<partition>`) -> highest offset counted. */
  readonly marks: ReadonlyMap<string, number>;
  /** Redriven-set name (`rd:<topic>:<partition>`) -> offsets counted by redrive. */
  readonly redriven: ReadonlyMap<string, ReadonlySet<number>>;
  /** Bumped by every redrive write; undefined while nothing was redriven into the leaf. */
  readonly redriveVersion: number | undefined;
  readonly expiresAt: number;
  /** Root only: the lows of every leaf of the window, ascending. */
  readonly lows: readonly string[] | undefined;
}

/** What a writer knows of a window's leaves. */
export interface Directory {
  readonly gen: string;
  /** Ascending; the first is the root's. */
  readonly lows: readonly string[];
  /** The root's TTL (epoch s): leaves never outlive it (docs/detect.md "Expiry"). */
  readonly rootExpiresAt: number;
}

/** One group's share of a leaf write. */
export interface GroupAdd {
  readonly hash: string;
  readonly group: string;
  /** Records added to the count (`c`). */
  readonly add: number;
  /** Ratio rules: records added to the "of" count (`o`). */
  readonly of?: number;
  /** Flatline rules: the group's latest event time (`l`, epoch ms), set when later than the known one. */
  readonly last?: number;
  /** The group is new to the leaf as far as the writer knows: the write stores its name. */
  readonly name: boolean;
}

/** The conditions a leaf write is made on, as values (the adapter turns them into an expression). */
export interface LeafExpectation {
  /** The leaf still covers this hash (its `hi`, if any, is above it). */
  readonly maxHash: string;
  /** The leaf holds at most this many groups before the write (room for the write's new groups). */
  readonly room: number;
  /** The redrive version the write was planned with; undefined: nothing redriven yet. */
  readonly redriveVersion: number | undefined;
  /** Root only: the window's generation (a root write never creates a root, except `create`). */
  readonly gen: string | undefined;
}

/** One conditional write to one leaf: counts added, marks raised or redriven offsets remembered. */
export interface LeafWrite {
  readonly low: string;
  readonly gen: string;
  /** Stored when the write creates the leaf; undefined for the last leaf. */
  readonly hi: string | undefined;
  /** Set on the write that lays out a fresh window: creates the root, which must not exist. */
  readonly create: { readonly lows: readonly string[] } | undefined;
  readonly groups: readonly GroupAdd[];
  /** Live writes: per partition, the mark condition and the new mark. */
  readonly marks: readonly PartitionStep[];
  /** Redrive writes: offsets added to each partition's redriven set. */
  readonly redriven: ReadonlyArray<{ readonly name: string; readonly offsets: readonly number[] }>;
  readonly expect: LeafExpectation;
  readonly expiresAt: number;
}

/** Outcome of a leaf write: the leaf after it (ALL_NEW), or as it was when the condition refused it (ALL_OLD). */
export type LeafWriteResult =
  | { readonly ok: true; readonly leaf: LeafState }
  | { readonly ok: false; readonly leaf: LeafState | undefined };

/** One atomic split: the leaf keeps its lower part, new leaves take the rest (with copies of its marks). */
export interface LeafSplit {
  readonly low: string;
  readonly gen: string;
  /** The version the split was planned with; undefined: the leaf does not exist yet (it is created, empty). */
  readonly version: number | undefined;
  /** TTL of the leaf when the split creates it. */
  readonly expiresAt: number;
  /** The split leaf's new upper bound: the first new low. */
  readonly hi: string;
  /** Hashes of the groups that leave the split leaf. */
  readonly moved: readonly string[];
  /** Counter names present on the moved groups, so that every attribute of theirs is removed. */
  readonly counters: readonly string[];
  /** New leaves holding moved groups (created, must not exist); new leaves without groups are created by their first write. */
  readonly puts: readonly LeafState[];
  /** Every new low, added to the root's directory. */
  readonly lows: readonly string[];
}

/** One alert decision on one leaf. */
export interface LeafDecision {
  readonly hash: string;
  readonly alert: WindowAlert;
}

/** A leaf with the window it belongs to, as a scan lists it. */
export interface ListedLeaf {
  readonly window: WindowId;
  readonly root: boolean;
  readonly leaf: LeafState;
}

/**
 * The requests the layout logic makes, one method per DynamoDB request (so the in-memory twin can
 * count them). Implemented by `shared/adapters/dynamodb/leaf-requests.ts` and its memory twin.
 */
export interface LeafRequests {
  /** GetItem (consistent) of the window's root. */
  readRoot(window: WindowId): Promise<LeafState | undefined>;
  /** GetItem (consistent) of one leaf. */
  readLeaf(window: WindowId, gen: string, low: string): Promise<LeafState | undefined>;
  /** One conditional UpdateItem. */
  write(window: WindowId, write: LeafWrite): Promise<LeafWriteResult>;
  /** One TransactWriteItems; false when a condition refused it (or it conflicted). */
  split(window: WindowId, split: LeafSplit): Promise<boolean>;
  /** One conditional UpdateItem raising the root's TTL; the root after (or as it was when refused). */
  extendRoot(window: WindowId, gen: string, expiresAt: number): Promise<LeafWriteResult>;
  /** One conditional UpdateItem: every decided group must still be in the leaf. */
  decide(window: WindowId, gen: string, low: string, decisions: readonly LeafDecision[]): Promise<boolean>;
  /** One conditional UpdateItem: the latest window start over the threshold of a (rule, group, window size). */
  markOver(key: WindowKey, expiresAt: number): Promise<void>;
  /** GetItem of that marker. */
  readOver(rule: string, group: string, windowMs: number): Promise<number | undefined>;
  /** Query (consistent) of every leaf of a window: how the sweeper reads a closed window whole. */
  readWindow(window: WindowId): Promise<ListedLeaf[]>;
}
