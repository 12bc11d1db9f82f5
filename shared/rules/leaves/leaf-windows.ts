import { randomBytes } from 'node:crypto';
import { BoundedMap } from '../../bounded-map';
import { TransientSinkError } from '../../errors';
import { mapLimit } from '../../map-limit';
import type { WindowDelta, WindowKey } from '../aggregate';
import {
  type ApplyOptions,
  type BatchWrite,
  WindowAlert,
  type WindowDecision,
  type WindowRecord,
  type WindowStore,
  type WindowWrite,
} from '../store';
import { afterSplit, applyDecisions } from './apply';
import {
  DEFAULT_LEAF_LIMITS,
  freshLows,
  groupHash,
  type LeafLimits,
  leafLow,
  nextLow,
  planSplit,
  ROOT_LOW,
} from './layout';
import { type LeafItem, type LeafTarget, planLeafWrite } from './plan';
import type { Directory, LeafRequests, LeafState, LeafWrite, ListedLeaf, WindowId } from './types';

/** Refused writes of one leaf before the batch gives up (and is retried whole). */
const MAX_REFUSALS = 16;
/** Per-container caches: bounded, so a long-lived container does not grow with the data. */
const CACHE_LIMITS = { directories: 4_096, leaves: 8_192, hashes: 200_000, over: 20_000 };

interface Pending extends LeafItem {
  readonly index: number;
}

/** The state of one `applyBatch` call. */
interface Run {
  readonly options: ApplyOptions;
  readonly results: Array<{ count: number; alert: WindowAlert } | undefined>;
  readonly added: number[];
  /** Root TTL extensions under way, one per window however many leaves ask. */
  readonly extending: Map<string, Promise<boolean>>;
  writes: number;
  conflicts: number;
  splits: number;
}

const windowIdOf = (w: WindowId): string => `${w.rule}\u0000${w.windowStart}\u0000${w.windowMs}`;
const leafId = (window: string, gen: string, low: string): string => `${window}\u0000${gen}\u0000${low}`;
const describe = (w: WindowId): string => `${w.rule} ${new Date(w.windowStart).toISOString()}`;

function byLeaf<T extends { hash: string }>(lows: readonly string[], items: readonly T[]): Map<string, T[]> {
  const routed = new Map<string, T[]>();
  for (const item of items) {
    const low = leafLow(lows, item.hash);
    const list = routed.get(low);
    if (list) list.push(item);
    else routed.set(low, [item]);
  }
  return routed;
}

const maxHashOf = (items: readonly { hash: string }[], low: string): string =>
  items.reduce((max, { hash }) => (hash > max ? hash : max), low);

function directoryOf(root: LeafState): Directory | undefined {
  return root.lows === undefined
    ? undefined
    : { gen: root.gen, lows: root.lows, rootExpiresAt: root.expiresAt };
}

/**
 * Window counts in leaves (docs/detect.md): the groups of a window live in a few items, each covering
 * a range of group hashes, found through the directory on the window's root. A batch makes one
 * conditional write per leaf it touches, carrying all its groups there and the per-partition marks;
 * a fresh window is laid out from its first batch (ceil(G / 50) writes); a leaf that would pass 100
 * groups is split in one transaction. Works on any {@link LeafRequests}: DynamoDB, or the in-memory twin.
 *
 * @example
 * const windows = new LeafWindows(new DynamoLeafRequests(target));
 * const { windows: counted, writes } = await windows.applyBatch(deltas, { expiresAt, mode: 'live', concurrency: 16 });
 */
export class LeafWindows implements WindowStore {
  readonly #requests: LeafRequests;
  readonly #limits: LeafLimits;
  readonly #newGen: () => string;
  readonly #directories = new BoundedMap<string, Directory>(CACHE_LIMITS.directories);
  readonly #leaves = new BoundedMap<string, LeafState>(CACHE_LIMITS.leaves);
  readonly #hashes = new BoundedMap<string, string>(CACHE_LIMITS.hashes);
  readonly #over = new BoundedMap<string, number>(CACHE_LIMITS.over);

  constructor(
    requests: LeafRequests,
    limits: LeafLimits = DEFAULT_LEAF_LIMITS,
    newGen: () => string = () => randomBytes(4).toString('hex'),
  ) {
    this.#requests = requests;
    this.#limits = limits;
    this.#newGen = newGen;
  }

  async applyBatch(deltas: readonly WindowDelta[], options: ApplyOptions): Promise<BatchWrite> {
    const run: Run = {
      options,
      results: new Array(deltas.length),
      added: new Array(deltas.length).fill(0),
      extending: new Map(),
      writes: 0,
      conflicts: 0,
      splits: 0,
    };
    const windows = new Map<string, { window: WindowId; items: Pending[] }>();
    deltas.forEach((delta, index) => {
      const id = windowIdOf(delta);
      let entry = windows.get(id);
      if (!entry) {
        entry = {
          window: { rule: delta.rule, windowStart: delta.windowStart, windowMs: delta.windowMs },
          items: [],
        };
        windows.set(id, entry);
      }
      entry.items.push({ index, hash: this.#hash(delta.group), delta });
    });
    const all = [...windows.values()];
    const limit = options.concurrency;
    await mapLimit(
      all.filter(({ window }) => !this.#directories.get(windowIdOf(window))),
      limit,
      ({ window }) => this.#loadDirectory(window),
    );
    // A window without a root is laid out by this batch: its root first, then the other leaves. A
    // batch that loses the race to create it routes all its groups with the winner's directory.
    const fresh = all.filter(({ window }) => !this.#directories.get(windowIdOf(window)));
    const laidOut = new Set<Pending>();
    await mapLimit(fresh, limit, async ({ window, items }) => {
      const root = await this.#create(window, items, run);
      for (const item of root) laidOut.add(item);
    });
    const tasks = all.flatMap(({ window, items }) => {
      const directory = this.#directories.get(windowIdOf(window));
      const left = items.filter((item) => !laidOut.has(item));
      if (!directory) return left.length > 0 ? [{ window, low: ROOT_LOW, items: left }] : [];
      return [...byLeaf(directory.lows, left)].map(([low, part]) => ({ window, low, items: part }));
    });
    await mapLimit(tasks, limit, ({ window, low, items }) => this.#writeLeaf(window, low, items, run));
    const counted: WindowWrite[] = deltas.map((delta, index) => ({
      rule: delta.rule,
      group: delta.group,
      windowStart: delta.windowStart,
      windowMs: delta.windowMs,
      count: run.results[index]?.count ?? 0,
      alert: run.results[index]?.alert ?? WindowAlert.none,
      added: run.added[index] ?? 0,
    }));
    return { windows: counted, writes: run.writes, conflicts: run.conflicts, splits: run.splits };
  }

  /**
   * Lays out a fresh window from this batch's groups: creates its root (which must not exist) with
   * the directory and the root's groups. Resolves to the items it counted (none when another writer
   * created the root first: the caller then routes them all with that writer's directory).
   */
  async #create(window: WindowId, items: readonly Pending[], run: Run): Promise<readonly Pending[]> {
    const directory: Directory = {
      gen: this.#newGen(),
      lows: freshLows(
        items.map((item) => item.hash),
        this.#limits.fill,
      ),
      rootExpiresAt: run.options.expiresAt(window),
    };
    const root = items.filter((item) => leafLow(directory.lows, item.hash) === ROOT_LOW);
    const step = planLeafWrite(root, undefined, this.#target(window, directory, ROOT_LOW, run));
    if (step.kind !== 'write') return [];
    const write = { ...step.write, create: { lows: directory.lows } };
    const result = await this.#requests.write(window, write);
    this.#remember(windowIdOf(window), ROOT_LOW, result.leaf, directory.gen);
    if (!result.ok) {
      run.conflicts += 1;
      return [];
    }
    this.#counted(write, root, run);
    // More than 40 partitions: the rest goes in further writes, as for any leaf.
    if (step.complete) this.#results(root, result.leaf, run);
    else await this.#writeLeaf(window, ROOT_LOW, root, run, result.leaf);
    return root;
  }

  #target(window: WindowId, directory: Directory, low: string, run: Run): LeafTarget {
    return {
      low,
      gen: directory.gen,
      hi: nextLow(directory.lows, low),
      mode: run.options.mode,
      expiresAt: run.options.expiresAt(window),
      capacity: this.#limits.capacity,
    };
  }

  /** The counts and decisions of the items' groups, as the leaf holds them. */
  #results(items: readonly Pending[], leaf: LeafState | undefined, run: Run): void {
    for (const item of items) {
      const group = leaf?.groups.get(item.hash);
      run.results[item.index] = { count: group?.counters.c ?? 0, alert: group?.alert ?? WindowAlert.none };
    }
  }

  /** Adds an accepted write's counts to the batch's figures. */
  #counted(write: LeafWrite, items: readonly Pending[], run: Run): void {
    run.writes += 1;
    // A ratio rule's records are its "of" events (`o`); the others' are their count (`c`).
    const adds = new Map(write.groups.map((group) => [group.hash, group.of ?? group.add]));
    for (const item of items)
      run.added[item.index] = (run.added[item.index] ?? 0) + (adds.get(item.hash) ?? 0);
  }

  /**
   * Writes a batch's groups of one leaf until every offset is counted: re-plans after a refused
   * condition, re-routes when a split moved groups away, splits when the leaf is full. Every group of
   * the batch in the leaf goes in the same write: a second write of the batch to the leaf would be
   * refused by the marks the first raised (docs/detect.md).
   */
  async #writeLeaf(
    window: WindowId,
    low: string,
    items: readonly Pending[],
    run: Run,
    written?: LeafState,
  ): Promise<void> {
    const wid = windowIdOf(window);
    let latest = written;
    // Accepted writes are bounded too (one per 40 partitions, one per split); this only guards a bug.
    for (let refusals = 0, steps = 0; refusals <= MAX_REFUSALS && steps < 50 * MAX_REFUSALS; steps += 1) {
      const directory = this.#directories.get(wid) ?? (await this.#loadDirectory(window));
      if (!directory) {
        throw new TransientSinkError(
          `window ${describe(window)} lost its root while being written (expired?); retry the batch`,
        );
      }
      const routed = byLeaf(directory.lows, items);
      if (routed.size > 1 || !routed.has(low)) {
        for (const [to, part] of routed) await this.#writeLeaf(window, to, part, run);
        return;
      }
      const expiresAt = run.options.expiresAt(window);
      if (expiresAt > directory.rootExpiresAt) {
        let extension = run.extending.get(wid);
        if (!extension) {
          extension = this.#extendRoot(window, directory, expiresAt, run);
          run.extending.set(wid, extension);
        }
        if (!(await extension)) refusals += 1;
        run.extending.delete(wid);
        continue;
      }
      const key = leafId(wid, directory.gen, low);
      const known = latest?.gen === directory.gen ? latest : this.#leaves.get(key);
      if (known?.hi !== undefined && known.hi <= maxHashOf(items, low)) {
        // The leaf no longer covers some of the groups: its marks say nothing of them. Route again.
        latest = undefined;
        this.#directories.delete(wid);
        refusals += 1;
        continue;
      }
      const step = planLeafWrite(items, known, this.#target(window, directory, low, run));
      if (step.kind === 'done') {
        this.#results(items, known, run);
        return;
      }
      if (step.kind === 'split') {
        latest = undefined;
        if (!(await this.#split(window, directory, low, items, known, run))) refusals += 1;
        continue;
      }
      const result = await this.#requests.write(window, step.write);
      latest = result.leaf;
      this.#remember(wid, low, result.leaf, directory.gen);
      if (result.ok) {
        this.#counted(step.write, items, run);
        if (step.complete) {
          this.#results(items, result.leaf, run);
          return;
        }
        continue;
      }
      run.conflicts += 1;
      refusals += 1;
      const stale =
        (low === ROOT_LOW && result.leaf?.gen !== directory.gen) ||
        (result.leaf?.hi !== undefined && result.leaf.hi <= step.write.expect.maxHash);
      // A stale directory: the root's answer already refreshed it; another leaf's does not say the new lows.
      if (stale && low !== ROOT_LOW) this.#directories.delete(wid);
      if (low === ROOT_LOW && result.leaf === undefined) this.#directories.delete(wid);
    }
    throw new TransientSinkError(
      `window ${describe(window)} kept changing under ${MAX_REFUSALS} writes; retry the batch`,
    );
  }

  /** Splits a full leaf in one transaction; false when it was refused (the caller reads and plans again). */
  async #split(
    window: WindowId,
    directory: Directory,
    low: string,
    items: readonly Pending[],
    known: LeafState | undefined,
    run: Run,
  ): Promise<boolean> {
    const wid = windowIdOf(window);
    const leaf = known ?? (await this.#requests.readLeaf(window, directory.gen, low));
    if (leaf && leaf.gen !== directory.gen) {
      this.#directories.delete(wid);
      return false;
    }
    if (leaf?.hi !== undefined && leaf.hi <= maxHashOf(items, low)) {
      this.#directories.delete(wid);
      this.#remember(wid, low, leaf, directory.gen);
      return false;
    }
    const hi = leaf ? leaf.hi : nextLow(directory.lows, low);
    const split = planSplit(
      leaf,
      low,
      directory.gen,
      hi,
      items.map((item) => item.hash),
      run.options.expiresAt(window),
      this.#limits,
    );
    if (!split) {
      // It fits after all (what was known of the leaf was stale): plan from the leaf as read.
      this.#remember(wid, low, leaf, directory.gen);
      return true;
    }
    const done = await this.#requests.split(window, split);
    run.writes += 1;
    if (!done) {
      run.conflicts += 1;
      this.#leaves.delete(leafId(wid, directory.gen, low));
      this.#directories.delete(wid);
      // A transaction also fails while another write to one of its items is in flight: let it pass.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
      return false;
    }
    run.splits += 1;
    this.#remember(wid, low, afterSplit(leaf, split), directory.gen);
    for (const put of split.puts) this.#remember(wid, put.low, put, directory.gen);
    if (low !== ROOT_LOW) this.#learn(wid, { ...directory, lows: [...directory.lows, ...split.lows].sort() });
    return true;
  }

  /** Raises the root's TTL to the batch's so that no leaf outlives the root (docs/detect.md "Expiry"). */
  async #extendRoot(window: WindowId, directory: Directory, expiresAt: number, run: Run): Promise<boolean> {
    const wid = windowIdOf(window);
    const result = await this.#requests.extendRoot(window, directory.gen, expiresAt);
    if (result.ok) run.writes += 1;
    else run.conflicts += 1;
    if (result.leaf?.gen === directory.gen) this.#remember(wid, ROOT_LOW, result.leaf, directory.gen);
    else this.#directories.delete(wid);
    return result.ok;
  }

  async #loadDirectory(window: WindowId): Promise<Directory | undefined> {
    const root = await this.#requests.readRoot(window);
    if (!root) return undefined;
    this.#remember(windowIdOf(window), ROOT_LOW, root, root.gen);
    return directoryOf(root);
  }

  /**
   * Keeps what a request said of a leaf (and of the directory, for the root). Answers may arrive out
   * of order: a leaf is kept only if no older than the one known, and a directory only grows (lows
   * are never removed within a generation), so a late answer never routes groups back into a leaf
   * this batch already wrote (docs/detect.md "Why counts are exact").
   */
  #remember(wid: string, low: string, leaf: LeafState | undefined, gen: string): void {
    if (!leaf) {
      this.#leaves.delete(leafId(wid, gen, low));
      return;
    }
    const key = leafId(wid, leaf.gen, low);
    const known = this.#leaves.get(key);
    if (!known || known.version <= leaf.version) this.#leaves.set(key, leaf);
    const directory = low === ROOT_LOW ? directoryOf(leaf) : undefined;
    if (directory) this.#learn(wid, directory);
  }

  /** Merges what is learnt of a window's directory into what is known (a new generation replaces it). */
  #learn(wid: string, directory: Directory): void {
    const known = this.#directories.get(wid);
    if (known?.gen !== directory.gen) {
      this.#directories.set(wid, directory);
      return;
    }
    const lows = directory.lows.every((low) => known.lows.includes(low))
      ? known.lows
      : [...new Set([...known.lows, ...directory.lows])].sort();
    this.#directories.set(wid, {
      gen: known.gen,
      lows,
      rootExpiresAt: Math.max(known.rootExpiresAt, directory.rootExpiresAt),
    });
  }

  #hash(group: string): string {
    let hash = this.#hashes.get(group);
    if (hash === undefined) {
      hash = groupHash(group);
      this.#hashes.set(group, hash);
    }
    return hash;
  }

  async setAlerts(decisions: readonly WindowDecision[]): Promise<void> {
    const windows = new Map<string, { window: WindowId; items: Array<WindowDecision & { hash: string }> }>();
    for (const decision of decisions) {
      const id = windowIdOf(decision.key);
      const entry = windows.get(id) ?? {
        window: {
          rule: decision.key.rule,
          windowStart: decision.key.windowStart,
          windowMs: decision.key.windowMs,
        },
        items: [],
      };
      entry.items.push({ ...decision, hash: this.#hash(decision.key.group) });
      windows.set(id, entry);
    }
    await mapLimit([...windows.values()], 16, ({ window, items }) => this.#decide(window, items));
  }

  async #decide(
    window: WindowId,
    decisions: ReadonlyArray<WindowDecision & { hash: string }>,
  ): Promise<void> {
    const wid = windowIdOf(window);
    let pending = decisions;
    for (let attempt = 0; attempt <= MAX_REFUSALS && pending.length > 0; attempt += 1) {
      const directory = this.#directories.get(wid) ?? (await this.#loadDirectory(window));
      if (!directory) return;
      const refused: Array<WindowDecision & { hash: string }> = [];
      for (const [low, part] of byLeaf(directory.lows, pending)) {
        const leafDecisions = part.map(({ hash, alert }) => ({ hash, alert }));
        if (await this.#requests.decide(window, directory.gen, low, leafDecisions)) {
          const key = leafId(wid, directory.gen, low);
          const cached = this.#leaves.get(key);
          const stillThere = cached && leafDecisions.every(({ hash }) => cached.groups.has(hash));
          if (cached && stillThere) this.#leaves.set(key, applyDecisions(cached, leafDecisions));
        } else {
          refused.push(...part);
          this.#leaves.delete(leafId(wid, directory.gen, low));
        }
      }
      if (refused.length > 0) this.#directories.delete(wid);
      pending = refused;
    }
    if (pending.length > 0) {
      throw new TransientSinkError(
        `alert decisions of ${describe(window)} kept missing their leaf; retry the batch`,
      );
    }
  }

  async countOf(key: WindowKey): Promise<number> {
    const hash = this.#hash(key.group);
    for (let attempt = 0; attempt <= MAX_REFUSALS; attempt += 1) {
      const root = await this.#requests.readRoot(key);
      if (!root?.lows) return 0;
      const low = leafLow(root.lows, hash);
      const leaf = low === ROOT_LOW ? root : await this.#requests.readLeaf(key, root.gen, low);
      // Split between the two reads: the group moved on; read the directory again.
      if (leaf?.hi !== undefined && leaf.hi <= hash) continue;
      return leaf?.groups.get(hash)?.counters.c ?? 0;
    }
    throw new TransientSinkError(`window ${describe(key)} kept splitting while read; try again`);
  }

  async recordOver(key: WindowKey, expiresAt: number): Promise<void> {
    const id = `${key.rule}\u0000${key.group}\u0000${key.windowMs}`;
    if ((this.#over.get(id) ?? Number.NEGATIVE_INFINITY) >= key.windowStart) return;
    await this.#requests.markOver(key, expiresAt);
    this.#over.set(id, key.windowStart);
  }

  lastOver(rule: string, group: string, windowMs: number): Promise<number | undefined> {
    return this.#requests.readOver(rule, group, windowMs);
  }
}

/**
 * The windows of a listing of leaves (`sluice state`): one record per (rule, group, window) with a
 * count above zero. Leaves of an older layout of a window (its root expired and it was laid out again)
 * are left out.
 *
 * @example
 * windowRecords(await listLeaves(target)); // [{ rule, group, windowStart, windowMs, count, alert }, ...]
 */
export function windowRecords(listed: readonly ListedLeaf[]): WindowRecord[] {
  const gens = new Map<string, string>();
  for (const { window, root, leaf } of listed) if (root) gens.set(windowIdOf(window), leaf.gen);
  const records: WindowRecord[] = [];
  for (const { window, leaf } of listed) {
    if (gens.get(windowIdOf(window)) !== leaf.gen) continue;
    for (const { group, counters, alert } of leaf.groups.values()) {
      const count = counters.c ?? 0;
      if (count > 0) records.push({ ...window, group, count, alert: alert ?? WindowAlert.none });
    }
  }
  return records;
}
