import type { MSKEvent, MSKRecord } from 'aws-lambda';

/** One record to put into an MSK-shaped event. */
export interface RecordToSend {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly value: string | Buffer | null;
  readonly key?: string | Buffer | null;
  readonly headers?: Record<string, string | Buffer>;
}

const toBase64 = (data: string | Buffer): string => Buffer.from(data).toString('base64');

/**
 * Builds the event the MSK event source mapping would deliver: records grouped by `topic-partition`,
 * base64 keys and values, headers as byte arrays.
 *
 * @example
 * toMskEvent([{ topic: 'logs', partition: 0, offset: 7, timestamp: Date.now(), value: '{"msg":"hi"}' }]);
 */
export function toMskEvent(records: readonly RecordToSend[], eventSourceArn = localClusterArn): MSKEvent {
  const groups: Record<string, MSKRecord[]> = {};
  for (const record of records) {
    const group = `${record.topic}-${record.partition}`;
    const list = groups[group] ?? [];
    groups[group] = list;
    list.push({
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      timestampType: 'CREATE_TIME',
      ...(record.key === undefined || record.key === null ? {} : { key: toBase64(record.key) }),
      value: record.value === null ? (null as unknown as string) : toBase64(record.value),
      headers: Object.entries(record.headers ?? {}).map(([name, data]) => ({
        [name]: [...Buffer.from(data)],
      })),
    } as MSKRecord);
  }
  return { eventSource: 'aws:kafka', eventSourceArn, bootstrapServers: 'localhost:9092', records: groups };
}

export const localClusterArn =
  'arn:aws:kafka:us-east-1:000000000000:cluster/sluice-local/00000000-0000-0000-0000-000000000000-1';
