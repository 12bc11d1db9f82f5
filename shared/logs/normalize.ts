import type { KafkaCoordinates } from '../kafka/types';
import { AttrsBuilder } from './attrs';
import { unwrapEnvelope } from './envelope';
import { readLocation, readMessage, readService } from './fields';
import { isJsonObject, type JsonObject, parseJsonObject } from './json-object';
import { type KubernetesParts, splitKubernetes } from './kubernetes';
import { readLevel } from './level';
import { plainTextLevel, stripLineEnd } from './plain-text';
import { envelopeTimeKeys, isRepresentableMs, readLogTime, timeKeys, toIsoTimestamp } from './timestamp';
import { Level, type LogEvent, type NormalizeOptions } from './types';

/** Key under which a normalization failure (a bug, never expected) is reported in attrs. */
export const normalizeErrorKey = '_normalizeError';

/**
 * Turns one decoded Kafka record value into the event sluice indexes, archives and evaluates
 * (design.md §2; the rules as implemented are in docs/normalization.md). A JSON object is an
 * application log; a Fluentd / Fluent Bit envelope is unwrapped (the inner log's fields win); anything
 * else is a plain line. Only `topic`, `partition`, `offset` and `timestamp` of `kafka` are copied.
 * Never throws: should a bug surface, the record still comes out as a plain event, with
 * `attrs._normalizeError`.
 *
 * @example
 * normalizeLog('{"level":50,"time":1700000000000,"msg":"boom"}', record, { maxClockSkewMs: 900_000 });
 * // { '@timestamp': '2023-11-14T22:13:20.000Z', timestampSource: 'log', level: 'error', message: 'boom', ... }
 */
export function normalizeLog(text: string, kafka: KafkaCoordinates, options: NormalizeOptions): LogEvent {
  const coordinates: KafkaCoordinates = {
    topic: kafka.topic,
    partition: kafka.partition,
    offset: kafka.offset,
    timestamp: kafka.timestamp,
  };
  try {
    const record = parseJsonObject(text);
    if (record === undefined) return build(undefined, text, undefined, coordinates, options);
    const envelope = unwrapEnvelope(record);
    if (envelope === undefined) return build(record, undefined, undefined, coordinates, options);
    return build(envelope.inner, envelope.text, envelope.outer, coordinates, options);
  } catch (error) {
    return failed(text, coordinates, error);
  }
}

/**
 * One event from the application's log (`inner` when JSON, else `text`) and, for an envelope, the
 * record around it (`outer`). Each field comes from the inner log first, then from the envelope.
 */
function build(
  inner: JsonObject | undefined,
  text: string | undefined,
  outer: JsonObject | undefined,
  kafka: KafkaCoordinates,
  options: NormalizeOptions,
): LogEvent {
  const innerUsed: string[] = [];
  const outerUsed: string[] = outer === undefined ? innerUsed : ['log'];
  const skew = options.maxClockSkewMs;

  let ms = inner === undefined ? undefined : readLogTime(inner, timeKeys, innerUsed, kafka.timestamp, skew);
  if (ms === undefined && outer !== undefined) {
    ms = readLogTime(outer, envelopeTimeKeys, outerUsed, kafka.timestamp, skew);
  }

  let level: Level | undefined =
    inner === undefined ? plainTextLevel(text ?? '') : readLevel(inner, innerUsed);
  if ((level === undefined || level === Level.unknown) && outer !== undefined)
    level = readLevel(outer, outerUsed);

  let message = inner === undefined ? stripLineEnd(text ?? '') : readMessage(inner, innerUsed);
  if (message === undefined && outer !== undefined) message = readMessage(outer, outerUsed);

  let location = inner === undefined ? undefined : readLocation(inner, innerUsed);
  if (location === undefined && outer !== undefined) location = readLocation(outer, outerUsed);

  const metadataHolder = outer ?? inner;
  let kubernetes: KubernetesParts | undefined;
  if (metadataHolder !== undefined && isJsonObject(metadataHolder.kubernetes)) {
    kubernetes = splitKubernetes(metadataHolder.kubernetes);
    (outer === undefined ? innerUsed : outerUsed).push('kubernetes');
  }

  let service = inner === undefined ? undefined : readService(inner, innerUsed);
  if (service === undefined && outer !== undefined) service = readService(outer, outerUsed);
  service ??= kubernetes?.context?.container;

  const attrs = new AttrsBuilder();
  if (outer !== undefined) attrs.addFields(outer, outerUsed);
  if (kubernetes?.rest !== undefined) attrs.add('kubernetes', kubernetes.rest);
  if (inner !== undefined) attrs.addFields(inner, innerUsed);

  const fromLog = ms !== undefined;
  const event = {
    '@timestamp': toIsoTimestamp(ms ?? kafkaMs(kafka.timestamp)),
    timestampSource: fromLog ? 'log' : 'kafka',
    level: level ?? Level.unknown,
    message: message ?? '',
  } as LogEvent;
  if (location?.pathname !== undefined) event.pathname = location.pathname;
  if (location?.lineno !== undefined) event.lineno = location.lineno;
  if (service !== undefined) event.service = service;
  if (kubernetes?.context !== undefined) event.kubernetes = kubernetes.context;
  event.kafka = kafka;
  event.attrs = attrs.finish();
  return event;
}

/** The Kafka timestamp as a writable instant; the epoch when Kafka had none (-1) or an absurd one. */
function kafkaMs(timestamp: number): number {
  return isRepresentableMs(timestamp) ? Math.floor(timestamp) : 0;
}

function failed(text: string, kafka: KafkaCoordinates, error: unknown): LogEvent {
  return {
    '@timestamp': toIsoTimestamp(kafkaMs(kafka.timestamp)),
    timestampSource: 'kafka',
    level: Level.unknown,
    message: text,
    kafka,
    attrs: { [normalizeErrorKey]: error instanceof Error ? error.message : 'unknown error' },
  };
}
