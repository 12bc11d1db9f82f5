import type { KafkaBatch } from '../../shared/kafka/types';

/** The JSON of an MSK event (Lambda's `MSKEvent`, with absent keys and tombstones as delivered). */
export interface MskEventJson {
  readonly eventSource: string;
  readonly eventSourceArn?: string;
  readonly bootstrapServers?: string;
  /** sluice's own: `redrive` for records out of the dead-letter area (`KafkaBatch.origin`). */
  readonly sluiceOrigin?: string;
  readonly records: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
}

/**
 * The event a Kafka batch arrives in, as the event source mapping builds it: records grouped by
 * `<topic>-<partition>`, each exactly as delivered (base64 key and value, headers, timestamp). What a
 * local tool read from a recorded event file goes back to the handler in the shape it came in.
 *
 * @example
 * await handler(mskEventOf(batch), localContext('archive', 300_000));
 */
export function mskEventOf(batch: KafkaBatch): MskEventJson {
  const records: Record<string, Record<string, unknown>[]> = {};
  for (const record of batch.records) {
    const group = `${record.topic}-${record.partition}`;
    const list = records[group] ?? [];
    records[group] = list;
    list.push({
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      timestampType: record.timestampType ?? 'CREATE_TIME',
      ...(record.key === null ? {} : { key: record.key }),
      value: record.value,
      headers: record.headers,
    });
  }
  return {
    eventSource: batch.eventSource,
    ...(batch.eventSourceArn === undefined ? {} : { eventSourceArn: batch.eventSourceArn }),
    ...(batch.bootstrapServers === undefined ? {} : { bootstrapServers: batch.bootstrapServers }),
    ...(batch.origin === undefined ? {} : { sluiceOrigin: batch.origin }),
    records,
  };
}
