import type { RecordToSend } from '../sim/msk-event';

/** Offsets to commit, in kafkajs' shape (the next offset to read, as a decimal string). */
export interface CommitOffsets {
  topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
}

/** The next offset of every topic-partition in `records`, keyed `topic\0partition`. */
type NextOffsets = Map<string, { topic: string; partition: number; next: number }>;

function nextOffsets(records: Iterable<RecordToSend>, into: NextOffsets = new Map()): NextOffsets {
  for (const { topic, partition, offset } of records) {
    const key = `${topic}\0${partition}`;
    const seen = into.get(key);
    if (!seen || offset + 1 > seen.next) into.set(key, { topic, partition, next: offset + 1 });
  }
  return into;
}

function toCommit(next: NextOffsets): CommitOffsets {
  const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const { topic, partition, next: offset } of next.values()) {
    const list = byTopic.get(topic) ?? [];
    list.push({ partition, offset: String(offset) });
    byTopic.set(topic, list);
  }
  return {
    topics: [...byTopic].map(([topic, partitions]) => ({
      topic,
      partitions: partitions.sort((a, b) => a.partition - b.partition),
    })),
  };
}

/**
 * What to commit once a batch succeeded: for every topic-partition in it, the offset after its last
 * record (Kafka's committed offset is the next one to read).
 *
 * @example
 * offsetsAfter([{ topic: 'logs', partition: 0, offset: 7, ... }, { topic: 'logs', partition: 0, offset: 9, ... }]);
 * // { topics: [{ topic: 'logs', partitions: [{ partition: 0, offset: '10' }] }] }
 */
export function offsetsAfter(records: Iterable<RecordToSend>): CommitOffsets {
  return toCommit(nextOffsets(records));
}

/**
 * Two sets of offsets to commit as one: the higher offset of each topic-partition wins.
 *
 * @example
 * mergeOffsets(owed, offsetsAfter(batch));
 */
export function mergeOffsets(a: CommitOffsets, b: CommitOffsets): CommitOffsets {
  const next: NextOffsets = new Map();
  for (const { topic, partitions } of [...a.topics, ...b.topics]) {
    for (const { partition, offset } of partitions) {
      const key = `${topic}\0${partition}`;
      const value = Number(offset);
      const seen = next.get(key);
      if (!seen || value > seen.next) next.set(key, { topic, partition, next: value });
    }
  }
  return toCommit(next);
}

/** `topic-partition first..last` for every partition in `records`, for messages. */
export function describeRanges(records: readonly RecordToSend[]): string {
  const ranges = new Map<string, { first: number; last: number }>();
  for (const { topic, partition, offset } of records) {
    const key = `${topic}-${partition}`;
    const range = ranges.get(key);
    if (!range) ranges.set(key, { first: offset, last: offset });
    else {
      range.first = Math.min(range.first, offset);
      range.last = Math.max(range.last, offset);
    }
  }
  return [...ranges]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([key, { first, last }]) => (first === last ? `${key} ${first}` : `${key} ${first}..${last}`))
    .join(', ');
}

/**
 * The records at or after their partition's committed offset: those the group has not processed.
 * A partition with no committed offset (-1 in Kafka's answer) keeps all its records.
 *
 * @example
 * notCommitted(records, { topics: [{ topic: 'logs', partitions: [{ partition: 0, offset: '120' }] }] });
 */
export function notCommitted(records: readonly RecordToSend[], committed: CommitOffsets): RecordToSend[] {
  const floor = new Map<string, number>();
  for (const { topic, partitions } of committed.topics) {
    for (const { partition, offset } of partitions) floor.set(`${topic}\0${partition}`, Number(offset));
  }
  return records.filter(
    (record) => record.offset >= (floor.get(`${record.topic}\0${record.partition}`) ?? -1),
  );
}

/**
 * The offsets of `offsets` that are ahead of what the group committed: committing the others would
 * move a partition back (another member committed further meanwhile).
 *
 * @example
 * aheadOf(owed, committed); // owed without the partitions committed at or beyond it
 */
export function aheadOf(offsets: CommitOffsets, committed: CommitOffsets): CommitOffsets {
  const floor = new Map<string, number>();
  for (const { topic, partitions } of committed.topics) {
    for (const { partition, offset } of partitions) floor.set(`${topic}\0${partition}`, Number(offset));
  }
  return {
    topics: offsets.topics
      .map(({ topic, partitions }) => ({
        topic,
        partitions: partitions.filter(
          ({ partition, offset }) => Number(offset) > (floor.get(`${topic}\0${partition}`) ?? -1),
        ),
      }))
      .filter(({ partitions }) => partitions.length > 0),
  };
}
