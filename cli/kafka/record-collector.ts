import type { MSKEvent } from 'aws-lambda';
import { type MskEventOptions, type RecordToSend, toMskEvent } from '../sim/msk-event';
import { fromKafkaMessage, type KafkaBatchLike } from './convert';

/** A partition's offsets when recording started: `low` is the earliest kept, `high` the next to be written. */
export interface PartitionRange {
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

/** Lambda refuses invoke payloads over 6 MB; a recorded event larger than this could never arrive. */
export const maxInvokePayloadBytes = 6 * 1024 * 1024;

/**
 * Gathers what a topic holds when recording starts, from the earliest offset of every partition up
 * to its high watermark then (records written later are left out), at most `max` records, taken
 * partition by partition as they are fetched.
 */
export class RecordCollector {
  private readonly records: RecordToSend[] = [];
  private readonly remaining = new Map<number, bigint>();

  constructor(
    private readonly topic: string,
    ranges: readonly PartitionRange[],
    private readonly max: number,
  ) {
    for (const { partition, low, high } of ranges) {
      if (BigInt(high) > BigInt(low)) this.remaining.set(partition, BigInt(high));
    }
  }

  /** Records gathered so far. */
  get count(): number {
    return this.records.length;
  }

  /** True once `max` records are gathered or every partition reached its starting high watermark. */
  get done(): boolean {
    return this.records.length >= this.max || this.remaining.size === 0;
  }

  /** Partitions still short of their starting high watermark. */
  pending(): number[] {
    return [...this.remaining.keys()].sort((a, b) => a - b);
  }

  /** Takes the messages of one fetched batch that were on the topic when recording started. */
  add(batch: KafkaBatchLike): void {
    if (batch.topic !== this.topic) return;
    const end = this.remaining.get(batch.partition);
    if (end === undefined) return;
    for (const message of batch.messages) {
      if (this.records.length >= this.max) return;
      const offset = BigInt(message.offset);
      if (offset >= end) break;
      this.records.push(fromKafkaMessage(batch.topic, batch.partition, message));
      if (offset + 1n >= end) this.remaining.delete(batch.partition);
    }
  }

  /** The recorded event: what Lambda would receive, records by partition, offsets ascending. */
  event(options: MskEventOptions = {}): MSKEvent {
    const sorted = [...this.records].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
    return toMskEvent(sorted, options);
  }
}
