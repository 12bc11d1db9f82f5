import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readBatch } from '../../../shared/batch/read-batch';
import type { KafkaBatch } from '../../../shared/kafka/types';
import { AttrLimits, FieldLimits } from '../../../shared/logs/limits';
import { normalizeErrorKey, normalizeLog } from '../../../shared/logs/normalize';
import { type LogEvent, TimestampSource } from '../../../shared/logs/types';
import { isIsoTimestamp, measureAttrs, options } from './helpers';

const levels = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown']);
const readOptions = { maxRecordBytes: 64 * 1024, maxClockSkewMs: options.maxClockSkewMs };

/** Everything an event must satisfy, whatever the input. */
function checkEvent(event: LogEvent): void {
  assert.ok(isIsoTimestamp(event['@timestamp']), `bad @timestamp ${event['@timestamp']}`);
  assert.ok(Object.values(TimestampSource).includes(event.timestampSource));
  assert.ok(levels.has(event.level), `bad level ${event.level}`);
  assert.equal(typeof event.message, 'string');
  if (event.lineno !== undefined) assert.ok(Number.isSafeInteger(event.lineno) && event.lineno >= 0);
  for (const field of [event.pathname, event.service, ...Object.values(event.kubernetes ?? {})]) {
    if (field !== undefined) assert.ok(typeof field === 'string' && field.length <= FieldLimits.maxLength);
  }
  assert.deepEqual(Object.keys(event.kafka).sort(), ['offset', 'partition', 'timestamp', 'topic']);
  const shape = measureAttrs(event.attrs);
  assert.ok(shape.depth <= AttrLimits.maxDepth, `attrs depth ${shape.depth}`);
  assert.ok(shape.entries <= AttrLimits.maxEntries + 1, `attrs entries ${shape.entries}`);
  assert.ok(shape.longestString <= AttrLimits.maxStringLength, `attrs string ${shape.longestString}`);
  assert.ok(shape.longestKey <= AttrLimits.maxKeyLength, `attrs key ${shape.longestKey}`);
  assert.equal(event.attrs[normalizeErrorKey], undefined, String(event.attrs[normalizeErrorKey]));
  JSON.stringify(event);
}

/** The accounting law, and every accepted event checked. */
function checkBatch(batch: KafkaBatch): void {
  const read = readBatch(batch, readOptions);
  const { records, accepted, deadLettered, skipped } = read.counts;
  assert.equal(records, batch.records.length);
  assert.equal(accepted + deadLettered + skipped, records);
  assert.deepEqual(
    [read.accepted.length, read.deadLettered.length, read.skipped.length],
    [accepted, deadLettered, skipped],
  );
  for (const { event } of read.accepted) checkEvent(event);
}

const kafkaTimestamp = fc.oneof(
  fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }),
  fc.constantFrom(-1, 0, 1e20, 253_402_300_800_000, 1.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const toBatch = (values: readonly (string | null)[], timestamps: readonly number[]): KafkaBatch => ({
  eventSource: 'aws:kafka',
  records: values.map((value, offset) => ({
    topic: 'logs',
    partition: offset % 3,
    offset,
    timestamp: timestamps[offset % timestamps.length] ?? 0,
    key: null,
    value,
    headers: [],
  })),
});

const base64 = (text: string): string => Buffer.from(text).toString('base64');

/** Values a log field may plausibly hold, including the tricky ones. */
const fieldValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'INFO',
    'warning',
    'Critical',
    'err',
    'DEBUG5',
    'x',
    '',
    '2018-08-19 16:41:41,123',
    '2024-07-01T13:00:37.934+02:00',
  ),
  fc.constantFrom('dir/file.go:123', 'handler:12', ':12', 'a:', '\ud800', '\udfff\ud800', '__proto__'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(10, 30, 50, 60, 7, 1534696901, 1534696901123, 1534696901123456, 1534696901123456000),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);

const knownKeys = [
  'timestamp',
  '@timestamp',
  'time',
  'ts',
  'asctime',
  'date',
  'level',
  'log.level',
  'levelname',
  'levelno',
  'severity',
  'PRIORITY',
  'message',
  'msg',
  'event',
  'MESSAGE',
  'pathname',
  'path',
  'filename',
  'file',
  'lineno',
  'line',
  'caller',
  'location',
  'src',
  'log',
  'log.origin.file.name',
  'log.origin.file.line',
  'CODE_FILE',
  'CODE_LINE',
  'service',
  'service.name',
  'app',
  'application',
  'kubernetes',
  'stream',
  '__proto__',
];

/** A log-like object: any subset of the keys sluice reads, with any values, plus random other keys. */
const logObject = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...knownKeys), fieldValue, { maxKeys: 12 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fieldValue, { maxKeys: 6 }),
  )
  .map(([known, other]) => ({ ...other, ...known }));

/** A Fluentd / Fluent Bit envelope around a log object or a line. */
const envelope = fc.record(
  {
    log: fc.oneof(
      logObject.map((log) => `${JSON.stringify(log)}\n`),
      fc.string({ unit: 'binary', maxLength: 60 }),
    ),
    stream: fc.constantFrom('stdout', 'stderr'),
    time: fieldValue,
    kubernetes: fc.oneof(
      fc.record({
        pod_name: fieldValue,
        namespace_name: fieldValue,
        container_name: fieldValue,
        host: fieldValue,
        labels: fieldValue,
      }),
      fieldValue,
    ),
  },
  { requiredKeys: ['log'] },
);

describe('normalization never throws and keeps its promises', () => {
  test('random bytes, base64-encoded into MSK records: the accounting law holds', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.uint8Array({ minLength: 1, maxLength: 20, min: 0x20, max: 0x7e }),
          ),
          { maxLength: 20 },
        ),
        fc.array(fc.oneof(fc.constant(null), fc.constant(''), fc.string({ maxLength: 12 })), {
          maxLength: 4,
        }),
        fc.array(kafkaTimestamp, { minLength: 1, maxLength: 3 }),
        (byteValues, oddValues, timestamps) => {
          const values = [...byteValues.map((bytes) => Buffer.from(bytes).toString('base64')), ...oddValues];
          checkBatch(toBatch(values, timestamps));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('random JSON values and random text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? 'null'),
            fc.string({ unit: 'binary', maxLength: 200 }),
          ),
          { maxLength: 15 },
        ),
        fc.array(kafkaTimestamp, { minLength: 1, maxLength: 3 }),
        (texts, timestamps) => checkBatch(toBatch(texts.map(base64), timestamps)),
      ),
      { numRuns: 300 },
    );
  });

  test('log-like objects and envelopes with any values in the fields sluice reads', () => {
    fc.assert(
      fc.property(
        fc.oneof(logObject, envelope),
        kafkaTimestamp,
        (record: Record<string, unknown>, timestamp) => {
          const text = JSON.stringify(record);
          const event = normalizeLog(text, { topic: 't', partition: 0, offset: 0, timestamp }, options);
          checkEvent(event);
          const isEnvelope = typeof record.log === 'string' && 'stream' in record;
          if (typeof record.message === 'string' && !isEnvelope) assert.equal(event.message, record.message);
        },
      ),
      { numRuns: 1500 },
    );
  });

  test('lone surrogates, in JSON escapes and in text, straight to normalizeLog', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 50 }),
        fc.string({ unit: 'binary', maxLength: 50 }),
        (a, b) => {
          const coordinates = { topic: 't', partition: 0, offset: 0, timestamp: Date.UTC(2024, 0, 1) };
          checkEvent(
            normalizeLog(JSON.stringify({ msg: a, [b]: a, caller: `${b}:1` }), coordinates, options),
          );
          checkEvent(normalizeLog(a + b, coordinates, options));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('hostile shapes through readBatch', () => {
  const big = { maxRecordBytes: 1024 * 1024, maxClockSkewMs: options.maxClockSkewMs };
  const read = (texts: string[]) => {
    const batch = toBatch(texts.map(base64), [Date.UTC(2024, 0, 1)]);
    const result = readBatch(batch, big);
    assert.equal(result.counts.accepted + result.counts.deadLettered + result.counts.skipped, texts.length);
    for (const { event } of result.accepted) checkEvent(event);
    return result;
  };

  test('deep nesting: 10,000 levels of objects, and 400,000 of arrays', () => {
    const objects = `{"msg":"deep","a":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const arrays = `{"msg":"deeper","a":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
    const result = read([objects, arrays, `${'['.repeat(400_000)}${']'.repeat(400_000)}`]);
    assert.deepEqual(
      result.accepted.map(({ event }) => event.message.slice(0, 6)),
      ['deep', 'deeper', '[[[[[['],
    );
  });

  test('100,000 keys, a 900 kB string, and a string of lone surrogates', () => {
    const wide = JSON.stringify(
      Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [i.toString(36), 0])),
    );
    const huge = JSON.stringify({ msg: 'huge', blob: 'x'.repeat(900_000) });
    const lone = JSON.stringify({ msg: '\ud800\udc00\ud800', '\udfff': '\udbff' });
    const result = read([wide, huge, lone]);
    assert.equal(result.counts.accepted, 3);
    assert.equal(result.accepted[2]?.event.message, '\ud800\udc00\ud800');
  });
});
