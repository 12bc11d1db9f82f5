import type { MSKEvent } from 'aws-lambda';
import { InvalidInputError } from '../../shared/errors';
import { type MskEventOptions, type RecordHeaders, type RecordToSend, toMskEvent } from '../sim/msk-event';

/**
 * A message as kafkajs hands it to `eachBatch` (kafkajs' `KafkaMessage` satisfies it): offset and
 * timestamp (an int64: epoch ms, unless its producer meant another unit) as decimal strings, key and
 * value as bytes or null, headers by name.
 */
export interface KafkaMessageLike {
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: RecordHeaders;
}

/** The messages of one topic-partition, as in kafkajs' `Batch`. */
export interface KafkaBatchLike {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly KafkaMessageLike[];
}

/**
 * A Kafka offset (int64, a decimal string in kafkajs) as the number an MSK record carries. Offsets
 * beyond 2^53 cannot be written as an exact JSON number and are refused rather than rounded.
 *
 * @example
 * parseKafkaOffset('9007199254740991'); // 9007199254740991
 */
export function parseKafkaOffset(text: string): number {
  if (!/^\d+$/.test(text))
    throw new InvalidInputError(`Kafka offset "${text}" is not a non-negative integer`);
  const offset = Number(text);
  if (!Number.isSafeInteger(offset)) {
    throw new InvalidInputError(
      `Kafka offset ${text} is beyond 2^53 and cannot be an exact number in an MSK event`,
    );
  }
  return offset;
}

/**
 * A Kafka timestamp is an int64, whatever unit its producer meant (ns, -1 for none): every one is kept,
 * as the nearest double (it is a time, not an identity), and read by magnitude downstream.
 */
function parseTimestamp(text: string, where: string): number {
  if (!/^-?\d{1,19}$/.test(text)) {
    throw new InvalidInputError(`${where}: Kafka timestamp "${text}" is not an integer`);
  }
  return Number(text);
}

/**
 * One kafkajs message as the record `toMskEvent` writes: offset and timestamp as numbers, key, value
 * and headers kept as bytes (a null value stays null: a tombstone).
 *
 * @example
 * fromKafkaMessage('logs', 0, { offset: '7', timestamp: '1700000000000', key: null, value: Buffer.from('hi') });
 */
export function fromKafkaMessage(topic: string, partition: number, message: KafkaMessageLike): RecordToSend {
  return {
    topic,
    partition,
    offset: parseKafkaOffset(message.offset),
    timestamp: parseTimestamp(message.timestamp, `${topic}-${partition}@${message.offset}`),
    key: message.key,
    value: message.value,
    ...(message.headers === undefined ? {} : { headers: message.headers }),
  };
}

/**
 * The MSK event Lambda would receive for these kafkajs batches: records keyed `topic-partition`,
 * in the order given.
 *
 * @example
 * const event = kafkaBatchesToEvent([{ topic: 'logs', partition: 0, messages }], { bootstrapServers: 'localhost:9092' });
 */
export function kafkaBatchesToEvent(
  batches: readonly KafkaBatchLike[],
  options: MskEventOptions = {},
): MSKEvent {
  return toMskEvent(
    batches.flatMap((batch) =>
      batch.messages.map((message) => fromKafkaMessage(batch.topic, batch.partition, message)),
    ),
    options,
  );
}

/** One header of an MSK record, its bytes decoded. */
export interface DecodedHeader {
  readonly name: string;
  readonly bytes: Buffer;
}

/**
 * The inverse of the header encoding: MSK record headers (`[{name: [byte, ...]}, ...]`, bytes signed
 * as Lambda sends them or unsigned) back to bytes, in order. Anything else (a missing list, a base64
 * string where bytes belong) is refused with the reason.
 *
 * @example
 * decodeMskHeaders([{ h: [-61, -87] }]); // [{ name: 'h', bytes: <Buffer c3 a9> }]
 */
export function decodeMskHeaders(headers: unknown): DecodedHeader[] {
  if (!Array.isArray(headers)) throw new InvalidInputError('MSK record headers must be a list');
  return headers.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new InvalidInputError('each MSK record header must be an object {name: [bytes]}');
    }
    return Object.entries(entry).map(([name, list]) => {
      if (!Array.isArray(list) || !list.every((b) => Number.isInteger(b) && b >= -128 && b <= 255)) {
        throw new InvalidInputError(`MSK record header "${name}" must be a list of bytes (-128..255)`);
      }
      return { name, bytes: Buffer.from(list.map((b: number) => b & 0xff)) };
    });
  });
}
