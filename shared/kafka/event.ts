import { InvalidInputError } from '../errors';
import { BatchOrigin, type KafkaBatch, KafkaEventSource, type KafkaRecordIn } from './types';

const knownSources = new Set<string>(Object.values(KafkaEventSource));

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/**
 * Checks at run time that `event` is a Lambda Kafka event (MSK or self-managed) and returns its records
 * in delivery order. Topic and partition are read from each record, never from the `records` map key.
 * The records are the event's own objects, checked and completed in place (an absent key or value
 * becomes null, absent headers an empty list), not copies.
 * Odd but harmless shapes (headers as a string, missing `eventSourceArn`) are kept as they come; only
 * something that is not a Kafka event at all is refused.
 *
 * @example
 * const batch = parseKafkaEvent(JSON.parse(readFileSync('event.json', 'utf8')));
 * batch.records[0].topic; // 'mytopic'
 */
export function parseKafkaEvent(event: unknown): KafkaBatch {
  if (!isObject(event)) throw new InvalidInputError('not a Kafka event: expected a JSON object');
  const source = event.eventSource;
  if (typeof source !== 'string' || !knownSources.has(source)) {
    throw new InvalidInputError(
      `not a Kafka event: eventSource is ${JSON.stringify(source)}, expected one of ${[...knownSources].join(', ')}`,
    );
  }
  const groups = event.records;
  if (!isObject(groups))
    throw new InvalidInputError('not a Kafka event: "records" must be an object of arrays');
  const records: KafkaRecordIn[] = [];
  for (const [groupKey, group] of Object.entries(groups)) {
    if (!Array.isArray(group)) {
      throw new InvalidInputError(`malformed Kafka event: records["${groupKey}"] is not an array`);
    }
    for (let index = 0; index < group.length; index += 1)
      records.push(parseRecord(group[index], groupKey, index));
  }
  return {
    eventSource: source as KafkaEventSource,
    ...(typeof event.eventSourceArn === 'string' ? { eventSourceArn: event.eventSourceArn } : {}),
    ...(typeof event.bootstrapServers === 'string' ? { bootstrapServers: event.bootstrapServers } : {}),
    ...(event.sluiceOrigin === BatchOrigin.redrive ? { origin: BatchOrigin.redrive } : {}),
    records,
  };
}

function parseRecord(record: unknown, groupKey: string, index: number): KafkaRecordIn {
  // Built only for an error message, so a valid batch pays nothing for it.
  const where = () => `records["${groupKey}"][${index}]`;
  if (!isObject(record)) throw new InvalidInputError(`malformed Kafka event: ${where()} is not an object`);
  const { topic, partition, offset, timestamp, key, value } = record;
  if (typeof topic !== 'string' || topic === '') {
    throw new InvalidInputError(`malformed Kafka event: ${where()}.topic must be a non-empty string`);
  }
  if (!isInteger(partition) || partition < 0) {
    throw new InvalidInputError(`malformed Kafka event: ${where()}.partition must be a non-negative integer`);
  }
  if (!isInteger(offset) || offset < 0) {
    throw new InvalidInputError(`malformed Kafka event: ${where()}.offset must be a non-negative integer`);
  }
  if (typeof timestamp !== 'number') {
    throw new InvalidInputError(`malformed Kafka event: ${where()}.timestamp must be a number`);
  }
  // Any number is a timestamp (read by magnitude downstream): a batch is never refused for its time.
  // One written beyond a double (`1e999` parses as Infinity) becomes Kafka's "no timestamp".
  if (!Number.isFinite(timestamp)) record.timestamp = -1;
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new InvalidInputError(`malformed Kafka event: ${where()}.value must be a base64 string or null`);
  }
  // The record object is kept, not copied: holding a second copy of a 10,000-record batch costs more
  // (in garbage collection) than decoding it. Only what is absent is filled in.
  if (typeof key !== 'string' && key !== null) record.key = null;
  if (value === undefined) record.value = null;
  if (record.headers === undefined || record.headers === null) record.headers = [];
  return record as unknown as KafkaRecordIn;
}
