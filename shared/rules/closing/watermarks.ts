import type { BatchRead } from '../../batch/types';
import type { ClosingSettings } from '../types';
import type { PartitionProgress, PartitionWatermark } from './store';

/**
 * What a batch processed of each partition: the highest and lowest Kafka record time of every record
 * in it (accepted, dead-lettered or skipped: each was processed).
 *
 * @example
 * progressOf(read); // [{ topic: 'logs', partition: 0, watermark: 1714564861000, first: 1714564800000 }]
 */
export function progressOf(read: BatchRead): PartitionProgress[] {
  const byPartition = new Map<
    string,
    { topic: string; partition: number; watermark: number; first: number }
  >();
  const see = (record: { topic: string; partition: number; timestamp: number }) => {
    if (!Number.isFinite(record.timestamp)) return;
    const id = `${record.topic}\u0000${record.partition}`;
    const slot = byPartition.get(id);
    if (!slot) {
      byPartition.set(id, {
        topic: record.topic,
        partition: record.partition,
        watermark: record.timestamp,
        first: record.timestamp,
      });
    } else {
      if (record.timestamp > slot.watermark) slot.watermark = record.timestamp;
      if (record.timestamp < slot.first) slot.first = record.timestamp;
    }
  };
  for (const { record } of read.accepted) see(record);
  for (const { record } of read.deadLettered) see(record);
  for (const { record } of read.skipped) see(record);
  return [...byPartition.values()];
}

/** How a sweep judges the partitions. */
export interface ClosingClock {
  /** Wall clock (epoch ms). */
  readonly now: number;
  /**
   * The input is exhausted (the end of `sluice replay`): no partition is being worked on, so the
   * event-time rule alone decides which are idle.
   */
  readonly inputEnded: boolean;
}

/**
 * Whether a partition is idle: more than `idleTimeout` behind the most advanced partition in event
 * time, AND not processed for `idleTimeout` of wall clock. A partition whose consumer lags is still
 * being processed, so it stays active and holds windows open (docs/rules.md "Lag and idleness").
 *
 * @example
 * isIdle(mark, frontier, settings, { now: Date.now(), inputEnded: false }); // false while detect works on it
 */
export function isIdle(
  mark: PartitionWatermark,
  frontier: number,
  settings: ClosingSettings,
  clock: ClosingClock,
): boolean {
  const behind = frontier - mark.watermark > settings.idleTimeoutMs;
  const unattended = clock.inputEnded || clock.now - mark.seenAt > settings.idleTimeoutMs;
  return behind && unattended;
}

/**
 * The time before which a rule's windows are closed: every window `[start, end)` with
 * `end + allowedLateness <= min(watermark of every active partition)` is; undefined when no partition
 * has a watermark yet, or the first one started less than `idleTimeout` ago (wall clock).
 *
 * @example
 * closedBefore(marks, { allowedLatenessMs: 60_000, idleTimeoutMs: 300_000 }, clock); // windows ending at or before it are closed
 */
export function closedBefore(
  marks: readonly PartitionWatermark[],
  settings: ClosingSettings,
  clock: ClosingClock,
): number | undefined {
  if (marks.length === 0) return undefined;
  // A partition that has not delivered its first batch yet has no watermark to hold windows open:
  // the others wait idleTimeout of wall clock for it (docs/rules.md "Lag and idleness").
  const started = Math.min(...marks.map((mark) => mark.startedAt));
  if (!clock.inputEnded && clock.now - started <= settings.idleTimeoutMs) return undefined;
  const frontier = Math.max(...marks.map((mark) => mark.watermark));
  const active = marks.filter((mark) => !isIdle(mark, frontier, settings, clock));
  return Math.min(...active.map((mark) => mark.watermark)) - settings.allowedLatenessMs;
}

/** Where the data starts: the lowest first record time of every partition; undefined without any. */
export function dataStart(marks: readonly PartitionWatermark[]): number | undefined {
  return marks.length === 0 ? undefined : Math.min(...marks.map((mark) => mark.firstAt));
}
