import type { KafkaBatch, KafkaRecordIn } from '../../shared/kafka/types';

/** A recorded event file, parsed (what `loadRecordedEvents` gives). */
export interface ReplayFile {
  readonly file: string;
  readonly batch: KafkaBatch;
}

/** One batch a replay runs, in the place of one file. */
export interface ReplayBatch extends ReplayFile {
  /** Whether it holds other records than its file (or in another order): the file was out of offset order. */
  readonly reordered: boolean;
}

/** How a replay runs the records of its files. */
export interface ReplayPlan {
  readonly batches: readonly ReplayBatch[];
  /** Records placed in another batch or position than their file gave them. */
  readonly moved: number;
  /** Records given more than once (same topic, partition and offset): replayed like a redelivery. */
  readonly duplicates: number;
}

const partitionOf = (record: KafkaRecordIn): string => `${record.topic}\u0000${record.partition}`;

/**
 * Orders a replay the way the event source mapping delivers: each partition in offset order, whatever
 * order the files came in. Batches are re-cut in place: the files keep their order and each batch its
 * size per partition (its slots), and each slot takes the partition's next record by offset, across
 * all files. So files that already follow each other in offset order replay exactly as they are, and a
 * record is never behind what its windows counted from an earlier batch of the same replay. A record
 * given twice is kept, next to its copy (a redelivery: counted once), and counted in `duplicates`.
 *
 * @example
 * orderReplay([{ file: 'batch-1.json', batch: b1 }, { file: 'batch-2.json', batch: b2 }]).batches;
 * // the same two batches, with the records of every partition in offset order across them
 */
export function orderReplay(files: readonly ReplayFile[]): ReplayPlan {
  const queues = new Map<string, KafkaRecordIn[]>();
  for (const { batch } of files) {
    for (const record of batch.records) {
      const key = partitionOf(record);
      const queue = queues.get(key) ?? [];
      queue.push(record);
      queues.set(key, queue);
    }
  }
  let duplicates = 0;
  for (const queue of queues.values()) {
    queue.sort((a, b) => a.offset - b.offset); // stable: copies keep the order of their files
    for (let i = 1; i < queue.length; i += 1)
      if ((queue[i] as KafkaRecordIn).offset === (queue[i - 1] as KafkaRecordIn).offset) duplicates += 1;
  }
  const next = new Map<string, number>();
  let moved = 0;
  const batches = files.map(({ file, batch }): ReplayBatch => {
    const records = batch.records.map((record) => {
      const key = partitionOf(record);
      const position = next.get(key) ?? 0;
      next.set(key, position + 1);
      return (queues.get(key) as KafkaRecordIn[])[position] as KafkaRecordIn;
    });
    const changed = records.filter((record, i) => record !== batch.records[i]).length;
    moved += changed;
    return changed === 0
      ? { file, batch, reordered: false }
      : { file, batch: { ...batch, records }, reordered: true };
  });
  return { batches, moved, duplicates };
}
