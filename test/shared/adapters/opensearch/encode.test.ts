import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  documentText,
  encodeDocument,
  encodeDocuments,
  planChunks,
} from '../../../../shared/adapters/opensearch/encode';
import { dailyIndex, documentId, indexPrefixProblem } from '../../../../shared/adapters/opensearch/naming';
import {
  attemptTimeout,
  backoffDelay,
  defaultRetryPolicy,
} from '../../../../shared/adapters/opensearch/retry-policy';

describe('documentId and dailyIndex', () => {
  test('the id is topic-partition-offset', () => {
    assert.equal(
      documentId({ topic: 'app.logs', partition: 11, offset: 123456789 }),
      'app.logs-11-123456789',
    );
  });

  test('the index is the UTC day of the event time', () => {
    assert.equal(dailyIndex('logs-', '2026-11-22T23:59:59.999Z'), 'logs-2026.11.22');
    assert.equal(dailyIndex('logs-', '2026-11-23T00:00:00.000Z'), 'logs-2026.11.23');
    assert.equal(dailyIndex('app-', Date.UTC(2024, 1, 29, 12)), 'app-2024.02.29');
  });

  test('an unwritable event time falls back to the Kafka timestamp', () => {
    assert.equal(dailyIndex('logs-', 'not a date', Date.UTC(2026, 0, 2)), 'logs-2026.01.02');
    assert.equal(dailyIndex('logs-', '+012026-01-01T00:00:00.000Z', Date.UTC(2026, 0, 2)), 'logs-2026.01.02');
  });

  test('index prefixes OpenSearch would refuse are named', () => {
    assert.equal(indexPrefixProblem('logs-'), undefined);
    assert.equal(indexPrefixProblem('Logs-'), 'must be lower case');
    assert.match(indexPrefixProblem('logs*') ?? '', /must not contain/);
    assert.match(indexPrefixProblem('_logs') ?? '', /must not start/);
  });
});

describe('encodeDocument', () => {
  test('a create action line and the source line, both newline-terminated, sized in UTF-8 bytes', () => {
    const encoded = encodeDocument({
      index: 'logs-2026.11.22',
      id: 'logs-0-7',
      source: { message: 'héllo' },
    });
    const text = documentText(encoded);
    assert.equal(text, '{"create":{"_index":"logs-2026.11.22","_id":"logs-0-7"}}\n{"message":"héllo"}\n');
    assert.equal(encoded.bytes, Buffer.byteLength(text));
    assert.equal(encoded.bytes, text.length + 1);
  });
});

describe('encodeDocuments', () => {
  test('one buffer holding what encodeDocument writes, document after document, multi-byte text and odd names too', () => {
    const documents = Array.from({ length: 300 }, (_, i) => ({
      index: i === 7 ? 'logs-"odd"' : 'logs-2026.11.22',
      id: `logs-0-${i}`,
      // Up to 4,000 characters of 3 UTF-8 bytes: the buffer has to grow past its first guess.
      source: { message: '語'.repeat(i * 13), n: i },
    }));
    const { ndjson, ends } = encodeDocuments(documents);
    assert.equal(ndjson.toString('utf8'), documents.map((d) => documentText(encodeDocument(d))).join(''));
    documents.forEach((document, i) => {
      const slice = ndjson.subarray(ends[i - 1] ?? 0, ends[i]).toString('utf8');
      assert.equal(slice, documentText(encodeDocument(document)));
      assert.equal(Buffer.byteLength(slice), encodeDocument(document).bytes);
    });
    assert.match(
      documentText(encodeDocument(documents[7] as (typeof documents)[number])),
      /"_index":"logs-\\"odd\\""/,
    );
  });
});

describe('planChunks', () => {
  test('greedy, in order, never over the limit; too-big documents set apart', () => {
    assert.deepEqual(planChunks([400, 400, 400, 2000, 100], 1000), {
      chunks: [
        [0, 1],
        [2, 4],
      ],
      oversize: [3],
    });
  });

  test('a document exactly at the limit gets a chunk of its own', () => {
    assert.deepEqual(planChunks([1000, 1, 1000], 1000), { chunks: [[0], [1], [2]], oversize: [] });
  });

  test('every chunk stays within the limit for any sizes', () => {
    const sizes = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 997) + 1);
    const { chunks, oversize } = planChunks(sizes, 2048);
    assert.deepEqual(oversize, []);
    assert.deepEqual(
      chunks.flat(),
      sizes.map((_, i) => i),
    );
    for (const chunk of chunks) assert.ok(chunk.reduce((sum, i) => sum + (sizes[i] ?? 0), 0) <= 2048);
  });
});

describe('retry policy', () => {
  test('full jitter under an exponential ceiling, capped', () => {
    assert.equal(
      backoffDelay(1, defaultRetryPolicy, () => 0.999),
      199,
    );
    assert.equal(
      backoffDelay(3, defaultRetryPolicy, () => 0.5),
      400,
    );
    assert.equal(
      backoffDelay(30, defaultRetryPolicy, () => 0.5),
      5_000,
    );
    assert.equal(
      backoffDelay(2, defaultRetryPolicy, () => 0),
      0,
    );
  });

  test('a request never runs past the budget minus the safety margin, nor starts without enough time', () => {
    assert.equal(attemptTimeout({ remainingMs: () => 60_000 }, defaultRetryPolicy, 30_000), 30_000);
    assert.equal(attemptTimeout({ remainingMs: () => 10_000 }, defaultRetryPolicy, 30_000), 7_000);
    assert.equal(attemptTimeout({ remainingMs: () => 3_500 }, defaultRetryPolicy, 30_000), undefined);
  });
});
