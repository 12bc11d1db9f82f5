import type { WindowKey } from '../../rules/aggregate';
import { groupCountsOf } from '../../rules/closing/groups';
import type {
  ClearedWindow,
  ClosingStore,
  GroupCounts,
  PartitionProgress,
  PartitionWatermark,
} from '../../rules/closing/store';
import type { LeafRequests, WindowId } from '../../rules/leaves/types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The in-memory twin of `DynamoClosing`: the same conditions (watermarks only rise, the cursor moves
 * from the value read, the earliest clearing after an alert is kept), one counted call per request.
 *
 * @example
 * const closing = new MemoryClosing(leafRequests, () => { calls += 1; });
 */
export class MemoryClosing implements ClosingStore {
  readonly #leaves: LeafRequests;
  readonly #count: () => void;
  readonly #marks = new Map<string, Mutable<PartitionWatermark>>();
  readonly #cursors = new Map<string, number>();
  readonly #cleared = new Map<string, ClearedWindow>();

  constructor(leaves: LeafRequests, count: () => void) {
    this.#leaves = leaves;
    this.#count = count;
  }

  async advance(progress: readonly PartitionProgress[], now: number, _expiresAt: number): Promise<number> {
    let writes = 0;
    for (const { topic, partition, watermark, first } of progress) {
      this.#count();
      writes += 1;
      const id = `${topic}\u0000${partition}`;
      const mark = this.#marks.get(id);
      if (!mark)
        this.#marks.set(id, { topic, partition, watermark, firstAt: first, seenAt: now, startedAt: now });
      else if (mark.watermark <= watermark) Object.assign(mark, { watermark, seenAt: now });
      else {
        this.#count();
        writes += 1;
        mark.seenAt = now;
      }
    }
    return writes;
  }

  async watermarks(): Promise<PartitionWatermark[]> {
    this.#count();
    return [...this.#marks.values()].map((mark) => ({ ...mark }));
  }

  async groupsOf(window: WindowId): Promise<GroupCounts[]> {
    return groupCountsOf(await this.#leaves.readWindow(window));
  }

  async cursor(rule: string, windowMs: number): Promise<number | undefined> {
    this.#count();
    return this.#cursors.get(`${rule}\u0000${windowMs}`);
  }

  async moveCursor(
    rule: string,
    windowMs: number,
    from: number | undefined,
    to: number,
    _expiresAt: number,
  ): Promise<boolean> {
    this.#count();
    const id = `${rule}\u0000${windowMs}`;
    if (this.#cursors.get(id) !== from) return false;
    this.#cursors.set(id, to);
    return true;
  }

  async markCleared(
    key: WindowKey,
    counts: { count: number; of: number },
    since: number,
    _expiresAt: number,
  ): Promise<void> {
    this.#count();
    const id = `${key.rule}\u0000${key.group}\u0000${key.windowMs}`;
    const stored = this.#cleared.get(id);
    if (stored && stored.windowStart > since && stored.windowStart <= key.windowStart) return;
    this.#cleared.set(id, { windowStart: key.windowStart, count: counts.count, of: counts.of });
  }

  async cleared(rule: string, group: string, windowMs: number): Promise<ClearedWindow | undefined> {
    this.#count();
    return this.#cleared.get(`${rule}\u0000${group}\u0000${windowMs}`);
  }
}
