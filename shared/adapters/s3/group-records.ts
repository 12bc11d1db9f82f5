import { type HourPartition, hourPartition } from '../../archive/keys';
import { kafkaTimeMs, UNKNOWN_TIME_MS } from '../../logs/timestamp';

interface Coordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
}

/** Items of one (hour, topic, partition), offsets ascending. */
export interface RecordGroup<T> extends HourPartition {
  readonly topic: string;
  readonly partition: number;
  readonly items: readonly T[];
  readonly firstOffset: number;
  readonly lastOffset: number;
}

/**
 * Groups items by the UTC hour of their Kafka timestamp, topic and partition, groups in key order and
 * items sorted by offset, so the result depends only on the set of records, not on how the batch
 * interleaved partitions. The Kafka timestamp is read by magnitude (`kafkaTimeMs`), never the log's
 * time, so a key does not depend on parsing or the clock-skew limit; only when it is unusable (-1) is
 * `fallbackMsOf(item)` used (the archive gives the event's `@timestamp`), else the epoch hour.
 *
 * @example
 * groupByHourTopicPartition(read.accepted, (item) => item.record, (item) => Date.parse(item.event['@timestamp']));
 */
export function groupByHourTopicPartition<T>(
  items: readonly T[],
  coordinatesOf: (item: T) => Coordinates,
  fallbackMsOf?: (item: T) => number,
): RecordGroup<T>[] {
  const groups = new Map<
    string,
    { id: string; hour: HourPartition; topic: string; partition: number; items: T[] }
  >();
  // Records of a batch share few hours: a Date and an ISO string per record cost more than the rest.
  const hours = new Map<number, HourPartition>();
  for (const item of items) {
    const { topic, partition, timestamp } = coordinatesOf(item);
    const ms = kafkaTimeMs(timestamp) ?? fallbackMsOf?.(item) ?? UNKNOWN_TIME_MS;
    let hour = hours.get(ms);
    if (hour === undefined) {
      hour = hourPartition(ms);
      hours.set(ms, hour);
    }
    const key = `${hour.dt}\u0000${hour.hour}\u0000${partition}\u0000${topic}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        id: JSON.stringify([hour.dt, hour.hour, topic, partition]),
        hour,
        topic,
        partition,
        items: [],
      };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  const ordered = [...groups.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ordered.map((group) => {
    // A stable sort: records sharing an offset (never in real Kafka) keep their delivery order.
    const items = [...group.items].sort((a, b) => coordinatesOf(a).offset - coordinatesOf(b).offset);
    const first = items[0] as T;
    const last = items[items.length - 1] as T;
    return {
      ...group.hour,
      topic: group.topic,
      partition: group.partition,
      items,
      firstOffset: coordinatesOf(first).offset,
      lastOffset: coordinatesOf(last).offset,
    };
  });
}
