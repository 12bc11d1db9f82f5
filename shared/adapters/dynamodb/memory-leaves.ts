import type { WindowKey } from '../../rules/aggregate';
import {
  afterSplit,
  applyDecisions,
  applyWrite,
  decideAllowed,
  splitAllowed,
  writeAllowed,
} from '../../rules/leaves/apply';
import { ROOT_LOW } from '../../rules/leaves/layout';
import type {
  LeafDecision,
  LeafRequests,
  LeafSplit,
  LeafState,
  LeafWrite,
  LeafWriteResult,
  ListedLeaf,
  WindowId,
} from '../../rules/leaves/types';

const windowKey = (w: WindowId): string => `${w.rule}\u0000${w.windowStart}\u0000${w.windowMs}`;
/** Like the table's sort keys: the root has one key, other leaves are keyed by generation and low. */
const leafKey = (w: WindowId, gen: string, low: string): string =>
  `${windowKey(w)}\u0000${low === ROOT_LOW ? '' : gen}\u0000${low}`;

/**
 * The in-memory twin of `DynamoLeafRequests`: the same conditions and updates (as the values in
 * `shared/rules/leaves/apply.ts`), one counted request per method, as the real table would see them.
 *
 * @example
 * const requests = new MemoryLeafRequests(counter);
 * const windows = new LeafWindows(requests);
 */
export class MemoryLeafRequests implements LeafRequests {
  readonly #items = new Map<string, { window: WindowId; leaf: LeafState }>();
  readonly #over = new Map<string, number>();
  readonly #count: () => void;

  /** `count` is called once per DynamoDB request the real store would send. */
  constructor(count: () => void) {
    this.#count = count;
  }

  /** Distinct (rule, group, window) keys counted so far. */
  get groups(): number {
    let groups = 0;
    for (const { leaf } of this.#items.values()) groups += leaf.groups.size;
    return groups;
  }

  async readRoot(window: WindowId): Promise<LeafState | undefined> {
    this.#count();
    return this.#items.get(leafKey(window, '', ROOT_LOW))?.leaf;
  }

  async readLeaf(window: WindowId, gen: string, low: string): Promise<LeafState | undefined> {
    this.#count();
    return this.#items.get(leafKey(window, gen, low))?.leaf;
  }

  async write(window: WindowId, write: LeafWrite): Promise<LeafWriteResult> {
    this.#count();
    const key = leafKey(window, write.gen, write.low);
    const before = this.#items.get(key)?.leaf;
    if (!writeAllowed(before, write)) return { ok: false, leaf: before };
    const leaf = applyWrite(before, write);
    this.#items.set(key, { window, leaf });
    return { ok: true, leaf };
  }

  async split(window: WindowId, split: LeafSplit): Promise<boolean> {
    this.#count();
    const key = leafKey(window, split.gen, split.low);
    const leaf = this.#items.get(key)?.leaf;
    const root = this.#items.get(leafKey(window, split.gen, ROOT_LOW))?.leaf;
    const putsFree = split.puts.every((put) => !this.#items.has(leafKey(window, split.gen, put.low)));
    if (!splitAllowed(leaf, split) || root?.gen !== split.gen || !putsFree) return false;
    this.#items.set(key, { window, leaf: afterSplit(leaf, split) });
    for (const put of split.puts) this.#items.set(leafKey(window, split.gen, put.low), { window, leaf: put });
    if (split.low !== ROOT_LOW) {
      const lows = [...new Set([...(root.lows ?? []), ...split.lows])].sort();
      this.#items.set(leafKey(window, split.gen, ROOT_LOW), { window, leaf: { ...root, lows } });
    }
    return true;
  }

  async extendRoot(window: WindowId, gen: string, expiresAt: number): Promise<LeafWriteResult> {
    this.#count();
    const key = leafKey(window, gen, ROOT_LOW);
    const root = this.#items.get(key)?.leaf;
    if (root?.gen !== gen || root.expiresAt >= expiresAt) return { ok: false, leaf: root };
    const leaf = { ...root, expiresAt };
    this.#items.set(key, { window, leaf });
    return { ok: true, leaf };
  }

  async decide(
    window: WindowId,
    gen: string,
    low: string,
    decisions: readonly LeafDecision[],
  ): Promise<boolean> {
    this.#count();
    const key = leafKey(window, gen, low);
    const leaf = this.#items.get(key)?.leaf;
    if (!leaf || leaf.gen !== gen || !decideAllowed(leaf, decisions)) return false;
    this.#items.set(key, { window, leaf: applyDecisions(leaf, decisions) });
    return true;
  }

  /** Every leaf of every window (what a Scan of the table would list); not a request of the port. */
  list(): ListedLeaf[] {
    return [...this.#items.values()].map(({ window, leaf }) => ({
      window,
      root: leaf.low === ROOT_LOW,
      leaf,
    }));
  }

  async readWindow(window: WindowId): Promise<ListedLeaf[]> {
    this.#count();
    return this.list().filter((listed) => windowKey(listed.window) === windowKey(window));
  }

  async markOver(key: WindowKey, _expiresAt: number): Promise<void> {
    this.#count();
    const id = `${key.rule}\u0000${key.group}\u0000${key.windowMs}`;
    this.#over.set(id, Math.max(this.#over.get(id) ?? Number.NEGATIVE_INFINITY, key.windowStart));
  }

  async readOver(rule: string, group: string, windowMs: number): Promise<number | undefined> {
    this.#count();
    return this.#over.get(`${rule}\u0000${group}\u0000${windowMs}`);
  }
}
