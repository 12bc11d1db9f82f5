// Hostile input through the shared decode step, beyond what properties.test.ts covers: odd Unicode and
// the byte sequences UTF-8 forbids, sent as raw bytes (not as JS strings), and memory: what a batch of
// worst-case records retains, and that reading such batches over and over retains nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { readBatch } from '../../../shared/batch/read-batch';
import type { KafkaBatch } from '../../../shared/kafka/types';
import { AttrLimits, FieldLimits } from '../../../shared/logs/limits';
import type { LogEvent } from '../../../shared/logs/types';
import { measureAttrs, options } from './helpers';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Heap plus memory outside it (large strings from Buffer#toString live there). */
const used = (): number => {
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.external;
};

const readOptions = { maxRecordBytes: 1024 * 1024, maxClockSkewMs: options.maxClockSkewMs };
const levels = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown']);
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const batchOf = (values: readonly Buffer[]): KafkaBatch => ({
  eventSource: 'aws:kafka',
  records: values.map((bytes, offset) => ({
    topic: 'logs',
    partition: offset % 3,
    offset,
    timestamp: Date.UTC(2024, 0, 1),
    key: null,
    value: bytes.toString('base64'),
    headers: [],
  })),
});

/** The accounting law, and what every event must be whatever came in. */
function readChecked(values: readonly Buffer[]) {
  const read = readBatch(batchOf(values), readOptions);
  const { records, accepted, deadLettered, skipped } = read.counts;
  assert.equal(records, values.length);
  assert.equal(accepted + deadLettered + skipped, records);
  for (const { event } of read.accepted) checkEvent(event);
  return read;
}

function checkEvent(event: LogEvent): void {
  assert.ok(levels.has(event.level));
  assert.equal(typeof event.message, 'string');
  for (const field of [event.pathname, event.service]) {
    if (field !== undefined) assert.ok(field.length <= FieldLimits.maxLength);
  }
  const shape = measureAttrs(event.attrs);
  assert.ok(shape.depth <= AttrLimits.maxDepth && shape.entries <= AttrLimits.maxEntries + 1);
  // What the archive and the index write: one line of well-formed JSON (lone surrogates escaped),
  // which reads back to the same event.
  const line = JSON.stringify(event);
  assert.ok(!loneSurrogate.test(line), 'no raw lone surrogate in the serialized event');
  assert.ok(!line.includes('\n'), 'one line');
  assert.equal((JSON.parse(line) as LogEvent).message, event.message);
}

/** Byte sequences that are odd but valid UTF-8, and ones UTF-8 forbids. */
const oddValid = [
  '\ufeff', // byte order mark
  '\u202e', // right-to-left override
  '\u2066\u2069', // isolates
  '\u200d\u200b\u2060', // zero-width joiner, space, word joiner
  'e\u0301\u0301\u0301', // stacked combining marks
  '\ud83d\udc69\u200d\ud83d\udcbb', // emoji ZWJ sequence
  '\ufffe\uffff\ud83f\udffe', // noncharacters
  '\u2028\u2029', // line and paragraph separators
  '\u001b[31m\u0007\r', // ANSI escape, bell, bare CR
  '\ue000\udb80\udc00', // private use
  'İıſK', // case-mapping oddities
].map((text) => Buffer.from(text, 'utf8'));
const forbidden = [
  [0xed, 0xa0, 0x80], // a surrogate encoded as UTF-8 (CESU-8)
  [0xed, 0xbf, 0xbf],
  [0xc0, 0xaf], // overlong '/'
  [0xe0, 0x80, 0xaf], // overlong
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf8, 0x88, 0x80, 0x80, 0x80], // 5-byte form
  [0x80], // lone continuation
  [0xe2, 0x82], // truncated sequence
  [0xfe],
  [0xff],
].map((bytes) => Buffer.from(bytes));

const fragment = fc.oneof(
  fc.constantFrom(...oddValid),
  fc.constantFrom(...forbidden),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map((text) => Buffer.from(text, 'utf8')),
  fc.string({ unit: 'binary', maxLength: 20 }).map((text) => Buffer.from(JSON.stringify(text).slice(1, -1))),
);
const text = fc.array(fragment, { maxLength: 12 }).map((parts) => Buffer.concat(parts));

describe('hostile input through readBatch', () => {
  test('odd Unicode and forbidden UTF-8 bytes, in JSON values, keys, envelopes and plain lines', () => {
    const json = (pieces: Buffer[]) => Buffer.concat(pieces);
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, text, fc.nat(3)), { minLength: 1, maxLength: 8 }), (rows) => {
        const values = rows.map(([a, b, c, shape]) => {
          const q = (bytes: Buffer) => json([Buffer.from('"'), bytes, Buffer.from('"')]);
          if (shape === 0)
            return json([
              Buffer.from('{"levelname":"ERROR","message":'),
              q(a),
              Buffer.from(',"pathname":'),
              q(b),
              Buffer.from(','),
              q(c),
              Buffer.from(':1}'),
            ]);
          if (shape === 1)
            return json([
              Buffer.from('{"log":'),
              q(json([Buffer.from('{\\"msg\\":\\"'), a, Buffer.from('\\"}')])),
              Buffer.from(',"stream":"stderr","kubernetes":{"container_name":'),
              q(b),
              Buffer.from('}}'),
            ]);
          if (shape === 2) return json([a, Buffer.from(' ERROR '), b, c]);
          return json([Buffer.from('\ufeff'), Buffer.from('{"msg":'), q(a), Buffer.from('}')]);
        });
        const read = readChecked(values);
        // A value that is not all valid UTF-8 but accepted keeps its original bytes for the archive.
        for (const accepted of read.accepted) {
          const original = Buffer.from(accepted.record.value ?? '', 'base64');
          const lossy =
            original.toString('utf8').includes('\ufffd') && !original.includes(Buffer.from('\ufffd'));
          if (lossy) assert.ok(accepted.originalValue !== undefined, 'lossy text keeps its original bytes');
        }
      }),
      { numRuns: 400 },
    );
  });

  test('a JSON log with a byte order mark is still read as JSON', () => {
    const read = readChecked([Buffer.from('\ufeff{"levelname":"ERROR","message":"m","pathname":"/a.py"}')]);
    assert.deepEqual(
      read.accepted.map(({ event }) => [event.level, event.pathname]),
      [['error', '/a.py']],
    );
  });

  test('nested and wide at once: 8 levels of 400-key objects in every record of a 5 MB batch', () => {
    const level = (depth: number): unknown =>
      depth === 0
        ? 'leaf'
        : Object.fromEntries(
            Array.from({ length: 400 }, (_, i) => [`k${i}`, i === 0 ? level(depth - 1) : i]),
          );
    const record = Buffer.from(JSON.stringify({ msg: 'wide', a: level(8) }));
    const values = Array.from({ length: Math.floor((5 * 1024 * 1024) / record.length) }, () => record);
    const read = readChecked(values);
    assert.equal(read.counts.accepted, values.length);
  });
});

/** Worst-case records, each under the 1 MiB limit: about 5 MB of input, like one full invoke. */
function worstBatch(): Buffer[] {
  const nest = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  return [
    Buffer.from(JSON.stringify(Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`f${i}`, i])))),
    Buffer.from(JSON.stringify({ msg: 'long attrs', blob: 'x'.repeat(1_000_000) })),
    Buffer.from(
      JSON.stringify({
        msg: 'many strings',
        list: Array.from({ length: 40_000 }, (_, i) => `s${i}xxxxxxxxxxxxxxxx`),
      }),
    ),
    Buffer.from(`{"msg":"deep","a":${nest(100_000)}}`),
    Buffer.from(`${'['.repeat(300_000)}${']'.repeat(300_000)}`),
    Buffer.from('\u0001'.repeat(1_000_000)), // every byte becomes 6 in JSON: the largest growth there is
  ];
}

describe('memory stays bounded', () => {
  test('what a worst-case batch retains is within a small multiple of its size', (t) => {
    const values = worstBatch();
    const inputBytes = values.reduce((sum, value) => sum + value.length, 0);
    gc();
    const before = used();
    const read = readChecked(values);
    gc();
    const retained = used() - before;
    const serialized = read.accepted.reduce(
      (sum, { event }) => sum + Buffer.byteLength(JSON.stringify(event)),
      0,
    );
    assert.equal(read.counts.accepted, values.length);
    t.diagnostic(`input ${inputBytes} bytes, retained ${retained}, serialized ${serialized}`);
    // The batch itself (base64) is 4/3 of the input and is kept by the records; events add what they
    // keep of the text: never more than the text, since attrs are bounded.
    assert.ok(retained < 4 * inputBytes, `retained ${retained} bytes for ${inputBytes} bytes of input`);
    // Serialized (what is indexed and archived), escaping can make a control character 6 bytes.
    assert.ok(serialized <= 6 * inputBytes + 2048 * values.length, `serialized ${serialized}`);
    assert.ok(read.accepted.length > 0); // keep `read` alive until measured
  });

  test('reading worst-case batches again and again retains nothing', (t) => {
    const batch = batchOf(worstBatch());
    const heap: number[] = [];
    for (let round = 0; round < 12; round += 1) {
      const read = readBatch(batch, readOptions);
      assert.equal(read.counts.accepted, batch.records.length);
      gc();
      heap.push(used());
    }
    const settled = heap[2] as number;
    const last = heap[heap.length - 1] as number;
    t.diagnostic(
      `heap and external memory after each round: ${heap.map((bytes) => (bytes / 1048576).toFixed(1)).join(', ')} MiB`,
    );
    assert.ok(last - settled < 4 * 1024 * 1024, `heap went from ${settled} to ${last} bytes`);
  });
});
