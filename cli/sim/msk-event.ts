import type { MSKEvent, MSKRecord } from 'aws-lambda';

/** One header value: text (sent as UTF-8) or bytes. */
export type HeaderValue = string | Buffer;

/**
 * Record headers by name. A repeated header is a list (kafkajs' shape); a header without a value
 * (null or undefined) becomes an empty byte list.
 */
export type RecordHeaders = Readonly<Record<string, HeaderValue | readonly HeaderValue[] | null | undefined>>;

/** One record to put into an MSK-shaped event. */
export interface RecordToSend {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly value: string | Buffer | null;
  readonly key?: string | Buffer | null;
  readonly headers?: RecordHeaders;
}

/** How header bytes are written: Lambda's event source mapping writes Java's signed bytes (-128..127). */
export const HeaderBytes = { signed: 'signed', unsigned: 'unsigned' } as const;
export type HeaderBytes = (typeof HeaderBytes)[keyof typeof HeaderBytes];

export interface MskEventOptions {
  readonly eventSourceArn?: string;
  /** Comma-separated `host:port` list, as the mapping reports it. */
  readonly bootstrapServers?: string;
  /** Default `signed`, as Lambda sends them (see test/events/msk/aws-lambda-go__kafka-event.json). */
  readonly headerBytes?: HeaderBytes;
}

export const localClusterArn =
  'arn:aws:kafka:us-east-1:000000000000:cluster/sluice-local/00000000-0000-0000-0000-000000000000-1';

const toBase64 = (data: string | Buffer): string => Buffer.from(data).toString('base64');

const byteList = (data: HeaderValue | null | undefined, headerBytes: HeaderBytes): number[] => {
  if (data === null || data === undefined) return [];
  const bytes = [...Buffer.from(data)];
  return headerBytes === 'signed' ? bytes.map((byte) => (byte > 127 ? byte - 256 : byte)) : bytes;
};

/**
 * One record as the MSK event source mapping delivers it: base64 key (absent when null) and value
 * (null for a tombstone), headers as a list of `{name: [byte, ...]}` in the order given, one entry per
 * value of a repeated header.
 *
 * @example
 * toMskRecord({ topic: 'logs', partition: 0, offset: 7, timestamp: 1, value: 'hi', headers: { h: 'é' } });
 * // { ..., value: 'aGk=', headers: [{ h: [-61, -87] }] }
 */
export function toMskRecord(record: RecordToSend, headerBytes: HeaderBytes = 'signed'): MSKRecord {
  const headers: Array<Record<string, number[]>> = [];
  for (const [name, data] of Object.entries(record.headers ?? {})) {
    const values: ReadonlyArray<HeaderValue | null | undefined> = Array.isArray(data) ? data : [data];
    for (const value of values) headers.push({ [name]: byteList(value, headerBytes) });
  }
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    timestampType: 'CREATE_TIME',
    ...(record.key === undefined || record.key === null ? {} : { key: toBase64(record.key) }),
    value: record.value === null ? (null as unknown as string) : toBase64(record.value),
    headers,
  } as MSKRecord;
}

/**
 * Builds the event the MSK event source mapping would deliver: records grouped by `topic-partition`
 * in the order given, base64 keys and values, headers as byte arrays.
 *
 * @example
 * toMskEvent([{ topic: 'logs', partition: 0, offset: 7, timestamp: Date.now(), value: '{"msg":"hi"}' }]);
 */
export function toMskEvent(records: readonly RecordToSend[], options: MskEventOptions = {}): MSKEvent {
  const headerBytes = options.headerBytes ?? 'signed';
  const groups: Record<string, MSKRecord[]> = {};
  for (const record of records) {
    const group = `${record.topic}-${record.partition}`;
    const list = groups[group] ?? [];
    groups[group] = list;
    list.push(toMskRecord(record, headerBytes));
  }
  return {
    eventSource: 'aws:kafka',
    eventSourceArn: options.eventSourceArn ?? localClusterArn,
    bootstrapServers: options.bootstrapServers ?? 'localhost:9092',
    records: groups,
  };
}
