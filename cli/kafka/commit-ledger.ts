import type { RecordToSend } from '../sim/msk-event';
import { aheadOf, type CommitOffsets, mergeOffsets, notCommitted, offsetsAfter } from './commit-offsets';

/** Kafka's answers that mean the group is rebalancing: kafkajs rejoins after any of them. */
const rebalanceErrors = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR_FOR_GROUP',
]);

/**
 * True when `error` (or an error it wraps) is one of Kafka's rebalance answers.
 *
 * @example
 * isRebalance(Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS' })); // true
 */
export function isRebalance(error: unknown): boolean {
  for (let inner = error, depth = 0; inner instanceof Error && depth < 5; depth += 1) {
    if (rebalanceErrors.has(String((inner as { type?: unknown }).type))) return true;
    const wrapped = inner as { cause?: unknown; originalError?: unknown };
    inner = wrapped.cause ?? wrapped.originalError;
  }
  return false;
}

/** How a commit went: made, refused (owed for later), refused because the group rebalances. */
export const CommitOutcome = {
  committed: 'committed',
  refused: 'refused',
  rebalancing: 'rebalancing',
} as const;
export type CommitOutcome = (typeof CommitOutcome)[keyof typeof CommitOutcome];

export interface CommitLedgerOptions {
  /** The group's committed offsets of these topics (kafkajs' admin `fetchOffsets`). */
  readonly readCommitted?: (topics: readonly string[]) => Promise<CommitOffsets>;
  /** Hears about a commit Kafka refused: those records will be read again (at least once). */
  readonly onCommitError?: (error: unknown, offsets: CommitOffsets) => void;
}

/**
 * One consumer group's commits for the mapping batcher: what was committed, what Kafka refused and is
 * owed, which partitions this member has committed since it last (re)joined, and how far behind
 * the high watermarks it is.
 *
 * - Only records delivered and then committed here move a partition: a commit Kafka refuses stays
 *   owed, merged into the next commit or made again after the rejoin, never moving a partition back
 *   past another member's commit.
 * - Before a partition's first delivery after a (re)join, the group's committed offsets are read and
 *   records another member committed meanwhile are left out.
 */
export class CommitLedger {
  /** Commits through the consumer's current generation; set from every kafkajs payload. */
  commit: ((offsets: CommitOffsets) => Promise<void>) | undefined;
  private owed: CommitOffsets | undefined;
  /** Partitions this member delivered and committed since its last (re)join: theirs alone. */
  private readonly settled = new Set<string>();
  private readonly positions = new Map<string, { next: bigint; high: bigint }>();

  constructor(private readonly options: CommitLedgerOptions = {}) {}

  /** A fetched slice of a partition: where it starts and the partition's high watermark. */
  track(topic: string, partition: number, firstOffset: string, highWatermark: string | undefined): void {
    const key = `${topic}-${partition}`;
    const position = this.positions.get(key) ?? { next: BigInt(firstOffset), high: BigInt(firstOffset) };
    if (highWatermark !== undefined && /^\d+$/.test(highWatermark)) position.high = BigInt(highWatermark);
    this.positions.set(key, position);
  }

  /** Records the partitions' high watermarks hold that this member has not committed yet. */
  lag(): number {
    let lag = 0n;
    for (const { next, high } of this.positions.values()) if (high > next) lag += high - next;
    return Number(lag);
  }

  /**
   * The records of a batch the group has not committed: all of them, unless a partition is new to
   * this member since its last (re)join (or something is owed), when the group's offsets are read.
   */
  async toDeliver(
    gathered: readonly RecordToSend[],
  ): Promise<{ records: readonly RecordToSend[]; committed: CommitOffsets | undefined }> {
    const unsettled = gathered.some((record) => !this.settled.has(`${record.topic}-${record.partition}`));
    if (!unsettled && this.owed === undefined) return { records: gathered, committed: undefined };
    const committed = await this.committedNow(gathered.map((record) => record.topic));
    return { records: committed ? notCommitted(gathered, committed) : gathered, committed };
  }

  /**
   * Commits a delivered batch (with what is owed, as far as it is ahead of `committed`, the group's
   * offsets read before the delivery).
   */
  async delivered(
    records: readonly RecordToSend[],
    committed: CommitOffsets | undefined,
  ): Promise<CommitOutcome> {
    const owed = this.owed && committed ? aheadOf(this.owed, committed) : this.owed;
    const mine = offsetsAfter(records);
    const outcome = await this.tryCommit(owed ? mergeOffsets(owed, mine) : mine);
    if (outcome === CommitOutcome.committed) {
      // Delivered from this member's own fetches and committed: the partition's position is its own.
      for (const record of records) this.settled.add(`${record.topic}-${record.partition}`);
    }
    return outcome;
  }

  /** One try at what is owed, without moving back a partition another member committed further. */
  async commitOwed(): Promise<CommitOutcome> {
    const owed = this.owed;
    if (owed === undefined) return CommitOutcome.committed;
    const committed = await this.committedNow(owed.topics.map(({ topic }) => topic));
    return this.tryCommit(committed ? aheadOf(owed, committed) : owed);
  }

  /** The group was (re)joined: kafkajs fetches every partition from its committed offset again. */
  rejoined(): void {
    this.settled.clear();
  }

  private async tryCommit(offsets: CommitOffsets): Promise<CommitOutcome> {
    this.owed = undefined;
    if (offsets.topics.length === 0) return CommitOutcome.committed;
    try {
      if (this.commit === undefined) throw new Error('no consumer to commit with');
      await this.commit(offsets);
      this.advance(offsets);
      return CommitOutcome.committed;
    } catch (error) {
      this.owed = offsets;
      this.options.onCommitError?.(error, offsets);
      return isRebalance(error) ? CommitOutcome.rebalancing : CommitOutcome.refused;
    }
  }

  /** The group's committed offsets of these topics; undefined when they cannot be read. */
  private async committedNow(topics: readonly string[]): Promise<CommitOffsets | undefined> {
    if (this.options.readCommitted === undefined || topics.length === 0) return undefined;
    try {
      return await this.options.readCommitted([...new Set(topics)]);
    } catch {
      return undefined; // at least once: delivering again is safe, skipping is not
    }
  }

  private advance(offsets: CommitOffsets): void {
    for (const { topic, partitions } of offsets.topics) {
      for (const { partition, offset } of partitions) {
        const position = this.positions.get(`${topic}-${partition}`);
        if (position && BigInt(offset) > position.next) position.next = BigInt(offset);
      }
    }
  }
}
