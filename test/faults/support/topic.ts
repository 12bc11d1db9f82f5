// The topic the fault suite replays: a few thousand logs of the simulated microservice
// (cli/sim/microservice.ts) over a few partitions, with a handful of records that can never be logs
// (oversize, binary, not base64), tombstones, and text with invalid UTF-8, placed at random offsets.
import type { MSKEvent } from 'aws-lambda';
import { simulateMicroservice } from '../../../cli/sim/microservice';
import { type RecordToSend, toMskEvent } from '../../../cli/sim/msk-event';

/** A record of the topic; `undecodable` ones reach the function with a value that is not base64. */
export interface TopicRecord extends RecordToSend {
  readonly undecodable?: boolean;
}

export interface TopicOptions {
  readonly records: number;
  readonly partitions: number;
  /** Event time of the first record; records are 100 ms apart (10 a second). */
  readonly startMs: number;
  /** Values over this many bytes are dead-lettered (`SLUICE_MAX_RECORD_BYTES` of the run). */
  readonly maxRecordBytes: number;
  readonly random: () => number;
  /** Extra log lines to place at random offsets (e.g. hostile text), as JSON values. */
  readonly extra?: readonly string[];
}

/** The bad records every run carries, by kind. */
export const BadRecordKinds = [
  'oversize',
  'binary',
  'undecodable',
  'tombstone',
  'empty',
  'lossyUtf8',
] as const;
export type BadRecordKind = (typeof BadRecordKinds)[number];

/** First offset of every partition (offsets are not zero-based in real topics either). */
export const FIRST_OFFSET = 5_000;

function badValue(
  kind: BadRecordKind,
  options: TopicOptions,
  n: number,
): Pick<TopicRecord, 'value' | 'undecodable'> {
  switch (kind) {
    case 'oversize':
      return { value: JSON.stringify({ message: 'huge', blob: 'x'.repeat(options.maxRecordBytes + n) }) };
    case 'binary':
      return { value: Buffer.from([0x7b, 0x00, 0x01, 0x02, 0xff, 0x00, n & 0xff, 0x7d]) };
    case 'undecodable':
      return { value: `%%not base64 ${n}%%`, undecodable: true };
    case 'tombstone':
      return { value: null };
    case 'empty':
      return { value: '' };
    case 'lossyUtf8':
      return {
        value: Buffer.concat([
          Buffer.from(`{"levelname":"ERROR","message":"bad bytes ${n} `),
          Buffer.from([0xc3, 0x28, 0xa0]),
          Buffer.from('","pathname":"/app/orders/checkout.py"}'),
        ]),
      };
  }
}

/**
 * Builds the topic: per partition, records in offset order.
 *
 * @example
 * const partitions = buildTopic({ records: 3000, partitions: 4, startMs, maxRecordBytes: 16_384, random });
 */
export function buildTopic(options: TopicOptions): TopicRecord[][] {
  const next = simulateMicroservice({ seed: Math.floor(options.random() * 2 ** 31) });
  const values: Array<Pick<TopicRecord, 'value' | 'undecodable'>> = [];
  for (let i = 0; i < options.records; i += 1) values.push({ value: next(options.startMs + i * 100).value });
  const inserts: Array<Pick<TopicRecord, 'value' | 'undecodable'>> = [
    ...BadRecordKinds.flatMap((kind) => [0, 1, 2].map((n) => badValue(kind, options, n))),
    ...(options.extra ?? []).map((value) => ({ value })),
  ];
  for (const insert of inserts) values.splice(Math.floor(options.random() * values.length), 0, insert);

  const partitions: TopicRecord[][] = Array.from({ length: options.partitions }, () => []);
  values.forEach((value, i) => {
    const partition = Math.floor(options.random() * options.partitions);
    const list = partitions[partition] as TopicRecord[];
    const timestamp = options.startMs + Math.floor(i * 100 * (options.records / values.length));
    list.push({
      topic: 'logs',
      partition,
      offset: FIRST_OFFSET + list.length,
      // Kafka time a little after the log's own time, as a producer would stamp it.
      timestamp: timestamp + Math.floor(options.random() * 50),
      key: `req-${i}`,
      headers: { trace: `t-${i}` },
      ...value,
    });
  });
  return partitions;
}

/** The MSK event the event source mapping would deliver for `records`. */
export function mskEventOf(records: readonly TopicRecord[]): MSKEvent {
  const event = toMskEvent(records);
  const undecodable = new Set(records.filter((r) => r.undecodable).map((r) => `${r.partition}:${r.offset}`));
  if (undecodable.size === 0) return event;
  for (const group of Object.values(event.records)) {
    for (const record of group) {
      if (undecodable.has(`${record.partition}:${record.offset}`)) {
        // toMskEvent base64-encodes every value: put back the raw, invalid text the broker "sent".
        record.value = Buffer.from(record.value, 'base64').toString('latin1');
      }
    }
  }
  return event;
}

/** `partition:offset`, how the suite names a record. */
export const recordId = (record: { partition: number; offset: number }): string =>
  `${record.partition}:${record.offset}`;
