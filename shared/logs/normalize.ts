import type { KafkaCoordinates } from '../kafka/types';
import { AttrsBuilder } from './attrs';
import { unwrapEnvelope } from './envelope';
import { type CodeLocation, readLocation, readMessage, readService } from './fields';
import { type JsonObject, parseJsonObject } from './json-object';
import { KeyList } from './key-list';
import { type KubernetesParts, splitKubernetes } from './kubernetes';
import { readLevel } from './level';
import { createPlainObject } from './plain-object';
import { plainTextLevel, stripLineEnd } from './plain-text';
import { kafkaTimeMs, readEnvelopeTime, readLogTime, toIsoTimestamp, UNKNOWN_TIME_MS } from './timestamp';
import {
  type KubernetesContext,
  type Level,
  type LogEvent,
  type NormalizeOptions,
  TimestampSource,
} from './types';

/** Key under which a normalization failure (a bug, never expected) is reported in attrs. */
export const normalizeErrorKey = '_normalizeError';

/**
 * Turns one decoded Kafka record value into the event sluice indexes, archives and evaluates
 * (the rules are in docs/normalization.md). A JSON object is an
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
    const envelope = typeof record.log === 'string' ? unwrapEnvelope(record) : undefined;
    if (envelope === undefined) return build(record, undefined, undefined, coordinates, options);
    return build(envelope.inner, envelope.text, envelope.outer, coordinates, options);
  } catch (error) {
    return failed(text, coordinates, error);
  }
}

// Scratch state reused by every record (normalizeLog is synchronous and calls no outside code): a
// record allocates its event, its attrs and its Kafka coordinates, and no helper objects.
const innerUsed = new KeyList();
const outerUsed = new KeyList();
const location: CodeLocation = { pathname: undefined, lineno: undefined };
const attrs = new AttrsBuilder();

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
  innerUsed.clear();
  outerUsed.clear();
  if (outer !== undefined) outerUsed.push('log');
  const skew = options.maxClockSkewMs;
  const kafkaMs = kafkaTimeMs(kafka.timestamp);

  let ms = inner === undefined ? undefined : readLogTime(inner, innerUsed, kafkaMs, skew);
  if (ms === undefined && outer !== undefined) ms = readEnvelopeTime(outer, outerUsed, kafkaMs, skew);

  let level = inner === undefined ? plainTextLevel(text ?? '') : readLevel(inner, innerUsed);
  if ((level === undefined || level === 'unknown') && outer !== undefined)
    level = readLevel(outer, outerUsed);

  let message = inner === undefined ? stripLineEnd(text ?? '') : readMessage(inner, innerUsed);
  if (message === undefined && outer !== undefined) message = readMessage(outer, outerUsed);

  location.pathname = undefined;
  location.lineno = undefined;
  if ((inner === undefined || !readLocation(inner, innerUsed, location)) && outer !== undefined) {
    readLocation(outer, outerUsed, location);
  }

  // The Kubernetes metadata sits on the envelope, or on the log itself when Fluent Bit merged the two.
  const holder = outer ?? inner;
  const metadata = holder?.kubernetes;
  let kubernetes: KubernetesParts | undefined;
  if (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)) {
    kubernetes = splitKubernetes(metadata as JsonObject);
    (outer === undefined ? innerUsed : outerUsed).push('kubernetes');
  }

  let service = inner === undefined ? undefined : readService(inner, innerUsed);
  if (service === undefined && outer !== undefined) service = readService(outer, outerUsed);
  service ??= kubernetes?.context?.container;

  attrs.begin();
  if (outer !== undefined) attrs.addFields(outer, outerUsed);
  if (kubernetes?.rest !== undefined) attrs.add('kubernetes', kubernetes.rest);
  if (inner !== undefined) attrs.addFields(inner, innerUsed);

  return createEvent(
    toIsoTimestamp(ms ?? kafkaMs ?? UNKNOWN_TIME_MS),
    ms !== undefined
      ? TimestampSource.log
      : kafkaMs !== undefined
        ? TimestampSource.kafka
        : TimestampSource.none,
    level ?? 'unknown',
    message ?? '',
    location.pathname,
    location.lineno,
    service,
    kubernetes?.context,
    kafka,
    attrs.finish(),
  );
}

/**
 * The event object, without the optional fields that are absent. The usual application log (path,
 * line and service, no Kubernetes) is written as one literal, so all its fields sit inside the object
 * rather than in a property array grown field by field: less work now and less for the GC to carry.
 */
function createEvent(
  timestamp: string,
  timestampSource: LogEvent['timestampSource'],
  level: Level,
  message: string,
  pathname: string | undefined,
  lineno: number | undefined,
  service: string | undefined,
  kubernetes: KubernetesContext | undefined,
  kafka: KafkaCoordinates,
  attrs: Record<string, unknown>,
): LogEvent {
  if (pathname !== undefined && lineno !== undefined && service !== undefined && kubernetes === undefined) {
    return {
      '@timestamp': timestamp,
      timestampSource,
      level,
      message,
      pathname,
      lineno,
      service,
      kafka,
      attrs,
    };
  }
  const event = createPlainObject() as unknown as LogEvent;
  event['@timestamp'] = timestamp;
  event.timestampSource = timestampSource;
  event.level = level;
  event.message = message;
  if (pathname !== undefined) event.pathname = pathname;
  if (lineno !== undefined) event.lineno = lineno;
  if (service !== undefined) event.service = service;
  if (kubernetes !== undefined) event.kubernetes = kubernetes;
  event.kafka = kafka;
  event.attrs = attrs;
  return event;
}

function failed(text: string, kafka: KafkaCoordinates, error: unknown): LogEvent {
  const kafkaMs = kafkaTimeMs(kafka.timestamp);
  return {
    '@timestamp': toIsoTimestamp(kafkaMs ?? UNKNOWN_TIME_MS),
    timestampSource: kafkaMs === undefined ? TimestampSource.none : TimestampSource.kafka,
    level: 'unknown',
    message: text,
    kafka,
    attrs: { [normalizeErrorKey]: error instanceof Error ? error.message : 'unknown error' },
  };
}
