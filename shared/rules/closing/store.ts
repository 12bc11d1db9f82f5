import type { WindowKey } from '../aggregate';
import type { WindowId } from '../leaves/types';

/**
 * What the closing of windows needs from storage (docs/rules.md "Closed windows"): per-partition
 * watermarks written by detect, the counts of a whole window, a cursor per rule, and the window in
 * which an alerted group cleared. `shared/adapters/dynamodb` implements it, and its in-memory twin.
 */

/** What one batch processed of one partition: the highest and lowest Kafka record time (epoch ms). */
export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  readonly watermark: number;
  readonly first: number;
}

/** A partition's watermark as stored. */
export interface PartitionWatermark {
  readonly topic: string;
  readonly partition: number;
  /** The highest Kafka record time detect has processed of it (epoch ms). */
  readonly watermark: number;
  /** The lowest record time its first batch held (epoch ms): where the data starts. */
  readonly firstAt: number;
  /** Wall clock of the last batch of it detect processed (epoch ms). */
  readonly seenAt: number;
  /** Wall clock of the first batch of it detect processed (epoch ms). */
  readonly startedAt: number;
}

/** One group of a window with its counters. */
export interface GroupCounts {
  readonly group: string;
  /** `c`: the events the rule counts. */
  readonly count: number;
  /** `o`: a ratio rule's "of" events; 0 for other rules. */
  readonly of: number;
  /** `l`: a flatline rule's latest event time in the window (epoch ms), when known. */
  readonly lastSeen: number | undefined;
}

/** The window, after an alert, in which its group cleared (logging again, or back under the ratio). */
export interface ClearedWindow {
  readonly windowStart: number;
  readonly count: number;
  readonly of: number;
}

export interface ClosingStore {
  /** One conditional write per partition: raises its watermark (never lowers it) and its `seenAt`; resolves to the writes made. */
  advance(progress: readonly PartitionProgress[], now: number, expiresAt: number): Promise<number>;
  /** Every partition's watermark (one Query). */
  watermarks(): Promise<PartitionWatermark[]>;
  /** Every group of a window with its counters (one Query of the window's leaves). */
  groupsOf(window: WindowId): Promise<GroupCounts[]>;
  /** The start of the next window of the rule to evaluate; undefined before the first sweep that saw it. */
  cursor(rule: string, windowMs: number): Promise<number | undefined>;
  /** Moves the cursor from `from` (undefined: not set) to `to`; false when another sweeper moved it first. */
  moveCursor(
    rule: string,
    windowMs: number,
    from: number | undefined,
    to: number,
    expiresAt: number,
  ): Promise<boolean>;
  /**
   * Records that the group cleared in this window, after its alert of window `since`: the earliest
   * such window is kept; one recorded for an earlier alert (at or before `since`) is replaced.
   */
  markCleared(
    key: WindowKey,
    counts: { count: number; of: number },
    since: number,
    expiresAt: number,
  ): Promise<void>;
  /** The latest window the group cleared in, when any. */
  cleared(rule: string, group: string, windowMs: number): Promise<ClearedWindow | undefined>;
}
