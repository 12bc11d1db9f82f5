import type { RecordToSend } from '../sim/msk-event';

/**
 * An in-memory Kafka topic for the local run: partitions of offset-ordered records. Offsets continue
 * from `nextOffsets`, so a restarted run never reuses an offset that the data dir has already seen.
 */
export class MemoryTopic {
  private readonly partitions: RecordToSend[][];
  private readonly next: number[];

  constructor(
    readonly name: string,
    partitionCount: number,
    nextOffsets: readonly number[] = [],
  ) {
    this.partitions = Array.from({ length: partitionCount }, () => []);
    this.next = Array.from({ length: partitionCount }, (_, partition) => nextOffsets[partition] ?? 0);
  }

  get partitionCount(): number {
    return this.partitions.length;
  }

  /** Appends a record to `partition` and returns its offset. */
  append(partition: number, value: string | null, timestamp: number): number {
    const offset = this.next[partition] ?? 0;
    this.next[partition] = offset + 1;
    this.partitions[partition]?.push({ topic: this.name, partition, offset, timestamp, value });
    return offset;
  }

  /** The offset the next record of each partition will get. */
  nextOffsets(): number[] {
    return [...this.next];
  }

  /** Records of `partition` from `offset` on, at most `max`. */
  read(partition: number, offset: number, max: number): RecordToSend[] {
    const records = this.partitions[partition] ?? [];
    const first = records[0]?.offset ?? offset;
    const start = Math.max(0, offset - first);
    return records.slice(start, start + max);
  }

  /** Forgets records below `offsets[partition]` (every consumer group has committed past them). */
  trim(offsets: readonly number[]): void {
    this.partitions.forEach((records, partition) => {
      const below = offsets[partition] ?? 0;
      let drop = 0;
      while (drop < records.length && (records[drop]?.offset ?? below) < below) drop += 1;
      if (drop > 0) records.splice(0, drop);
    });
  }
}
