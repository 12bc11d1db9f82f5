import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Client } from '@opensearch-project/opensearch';
import { buildBenchBatch, maxPayloadBytes } from '../../../../bench/batch';
import { toMskEvent } from '../../../../cli/sim/msk-event';
import { indexBatch } from '../../../../functions/index/index-batch';
import type { IndexDeps } from '../../../../functions/index/types';
import { renderOpenSearchAssets } from '../../../../infra/opensearch/assets';
import { OpenSearchBulkWriter } from '../../../../shared/adapters/opensearch/bulk-writer';
import { createOpenSearchClient } from '../../../../shared/adapters/opensearch/client';
import { clientBulkTransport, sendRequest } from '../../../../shared/adapters/opensearch/client-transport';
import { applyIndexTemplate } from '../../../../shared/adapters/opensearch/setup';
import { readBatch } from '../../../../shared/batch/read-batch';
import type { DeadLetterEntry } from '../../../../shared/dead-letter/types';
import { TransientSinkError } from '../../../../shared/errors';
import { lowestFailures } from '../../../../shared/kafka/batch-item-failures';
import { parseKafkaEvent } from '../../../../shared/kafka/event';
import { Faults, type ItemFault, OpenSearchDouble } from '../../../helpers/opensearch-double';
import { readOptions, readRecords, simulatedRecords } from './batches';
import { indexingContract } from './contract';

let double: OpenSearchDouble;
let client: Client;
let next = 0;

before(async () => {
  double = await OpenSearchDouble.start();
  client = createOpenSearchClient({
    node: double.url,
    signing: 'none',
    region: 'us-east-1',
    requestTimeoutMs: 5_000,
    concurrency: 2,
  });
});
afterEach(() => double.clearFaults());
after(async () => {
  await client.close();
  await double.close();
});

describe('index path contract, against the OpenSearch double', () => {
  indexingContract(() => ({ client, prefix: (name) => `double-${name}-${next++}-` }));
});

const fast = { baseMs: 1, capMs: 5, safetyMs: 0, minAttemptMs: 0 };
const budget = { remainingMs: () => 120_000 };

function writer(
  options: Partial<ConstructorParameters<typeof OpenSearchBulkWriter>[0]> = {},
): OpenSearchBulkWriter {
  return new OpenSearchBulkWriter({ transport: clientBulkTransport(client), retry: fast, ...options });
}

function depsWith(
  bulk: OpenSearchBulkWriter,
  prefix: string,
  deadLetters: DeadLetterEntry[] = [],
  extra: Partial<IndexDeps> = {},
): IndexDeps {
  return {
    writer: bulk,
    indexPrefix: prefix,
    deadLetters: { write: async (entries) => void deadLetters.push(...entries) },
    close: async () => {},
    ...extra,
  };
}

/** Statuses each id got, request after request, from the double's log. */
function attemptsById(): Map<string, number[]> {
  const attempts = new Map<string, number[]>();
  for (const request of double.bulkRequests()) {
    for (const action of request.actions)
      attempts.set(action.id, [...(attempts.get(action.id) ?? []), action.status]);
  }
  return attempts;
}

const idOf = (record: { topic: string; partition: number; offset: number }): string =>
  `${record.topic}-${record.partition}-${record.offset}`;

describe('index path on the double: faults only a double can script', () => {
  test('429s, 503s and 400s mixed: each record ends indexed, quarantined or dead-lettered, once; nothing re-sent after success', async () => {
    const prefix = `mix-${next++}-`;
    const read = readRecords(simulatedRecords(200, { partitions: 4 }));
    const ids = read.accepted.map(({ record }) => idOf(record));
    await applyIndexTemplate(
      (request) => sendRequest(client, request),
      renderOpenSearchAssets(prefix, 86_400_000),
    );
    const fieldError = (id: string): ItemFault => ({
      status: 400,
      type: 'mapper_parsing_exception',
      reason: `failed to parse field [attrs.request_id] of type [long] in document with id '${id}'. Preview of field's value: 'req-1'`,
    });
    // Disjoint sets of ids: throttled (1 to 3 times), unavailable once, repaired by quarantine, refused.
    const throttled = ids.filter((_, i) => i % 4 === 0);
    const unavailable = ids.filter((_, i) => i % 4 === 1 && i % 3 === 0);
    const repaired = ids.filter((_, i) => i % 4 === 2 && i % 3 === 0);
    const refused = ids.filter((_, i) => i % 4 === 3 && i % 5 === 0);
    throttled.forEach((id, i) => {
      double.faultItem(id, Faults.throttled(1 + (i % 3)));
    });
    for (const id of unavailable) double.faultItem(id, Faults.unavailable());
    for (const id of repaired) double.faultItem(id, Faults.throttled(), fieldError(id));
    for (const id of refused) double.faultItem(id, Faults.alwaysRefused());
    double.clearRequests();
    const deadLetters: DeadLetterEntry[] = [];

    const report = await indexBatch(read, depsWith(writer(), prefix, deadLetters), budget);

    assert.equal(report.indexed + report.deadLettered.length, read.accepted.length);
    assert.deepEqual(report.failed, []);
    assert.deepEqual(deadLetters.map((entry) => idOf(entry.kafka)).sort(), [...refused].sort());
    assert.ok(deadLetters.every((entry) => entry.reason === 'mapping_conflict'));
    assert.equal(report.quarantined, repaired.length);
    const stored = double.documents().filter((doc) => doc.index.startsWith(prefix));
    assert.deepEqual(stored.map((doc) => doc.id).sort(), ids.filter((id) => !refused.includes(id)).sort());
    for (const id of repaired) {
      const doc = stored.find((candidate) => candidate.id === id);
      const quarantine = doc?.source.quarantine as { fields: { path: string; value: string }[] };
      assert.equal(quarantine.fields[0]?.path, 'attrs.request_id', id);
      assert.equal(typeof quarantine.fields[0]?.value, 'string');
    }
    for (const [id, statuses] of attemptsById()) {
      const firstSuccess = statuses.findIndex((status) => status === 201 || status === 409);
      assert.ok(
        firstSuccess === -1 || firstSuccess === statuses.length - 1,
        `${id} sent again after success: ${statuses}`,
      );
      assert.ok(statuses.filter((status) => status === 201).length <= 1, `${id} created twice`);
    }
    assert.deepEqual(attemptsById().get(throttled[2] as string), [429, 429, 429, 201]);
  });

  test('no request body is over the chunk limit, and every body is gzip-compressed', async () => {
    const prefix = `chunks-${next++}-`;
    const read = readRecords(simulatedRecords(2_000, { partitions: 4 }));
    double.clearRequests();
    const report = await indexBatch(read, depsWith(writer({ chunkBytes: 64 * 1024 }), prefix), budget);
    assert.equal(report.indexed, 2_000);
    const requests = double.bulkRequests();
    assert.ok(requests.length >= 10, `${requests.length} requests`);
    assert.equal(report.requests, requests.length);
    for (const request of requests) {
      assert.ok(request.bodyBytes <= 64 * 1024, `${request.bodyBytes} bytes`);
      assert.equal(request.gzip, true);
      assert.equal(request.headers['content-type'], 'application/x-ndjson');
      assert.ok(
        request.wireBytes < request.bodyBytes / 4,
        `gzip ${request.wireBytes} of ${request.bodyBytes}`,
      );
    }
  });

  test('a 6 MB batch makes at most two _bulk requests with the default 5 MiB chunks', async () => {
    for (const [name, records] of [
      ['10,000 small records', buildBenchBatch()],
      ['large records', sixMegabytes(simulatedRecords(5_000, { partitions: 4, padding: 1_200 }))],
    ] as const) {
      const prefix = `six-${next++}-`;
      const read = readBatch(parseKafkaEvent(records.event), readOptions);
      double.clearRequests();
      const report = await indexBatch(read, depsWith(writer(), prefix), budget);
      assert.equal(report.indexed, read.accepted.length, name);
      const requests = double.bulkRequests();
      assert.ok(requests.length <= 2, `${name}: ${requests.length} requests`);
      for (const request of requests)
        assert.ok(request.bodyBytes <= 5 * 1024 * 1024, `${name}: ${request.bodyBytes}`);
    }
  });

  test('413: bodies are halved until they pass; a document alone over the limit is dead-lettered as oversize', async () => {
    const prefix = `large-${next++}-`;
    const records = simulatedRecords(600, { partitions: 2 });
    const huge = {
      ...records[5],
      value: JSON.stringify({ message: 'x'.repeat(120_000), level: 'info' }),
    } as (typeof records)[number];
    records[5] = huge;
    const read = readRecords(records);
    double.maxBodyBytes = 100 * 1024;
    double.clearRequests();
    const deadLetters: DeadLetterEntry[] = [];
    try {
      const report = await indexBatch(
        read,
        depsWith(writer({ chunkBytes: 1024 * 1024 }), prefix, deadLetters),
        budget,
      );
      assert.equal(report.indexed, 599);
      assert.deepEqual(
        deadLetters.map((entry) => [entry.reason, entry.stage, idOf(entry.kafka)]),
        [['oversize', 'index', idOf(huge)]],
      );
      assert.match(
        deadLetters[0]?.detail ?? '',
        /over the \d+-byte request limit learned from OpenSearch \(413 Request size exceeded 102400 bytes\)/,
      );
      const statuses = double.bulkRequests().map((request) => request.status);
      assert.equal(statuses[0], 413);
      assert.ok(statuses.filter((status) => status === 200).length >= 3);
    } finally {
      double.maxBodyBytes = 10 * 1024 * 1024;
    }
  });

  test('whole-request failures (429, 503, dropped connection, timeout) are retried until all is indexed', async () => {
    const prefix = `outage-${next++}-`;
    const read = readRecords(simulatedRecords(50));
    double.faultRequests(
      Faults.requestThrottled(),
      Faults.requestUnavailable(),
      Faults.disconnect(),
      Faults.hang(),
    );
    double.clearRequests();
    const report = await indexBatch(read, depsWith(writer({ requestTimeoutMs: 300 }), prefix), budget);
    assert.equal(report.indexed, 50);
    assert.equal(report.alreadyIndexed, 0);
    assert.equal(double.bulkRequests().length, 5);
  });

  test('out of time: a record throttled on every try fails the batch, or is reported in ReportBatchItemFailures mode', async () => {
    const prefix = `late-${next++}-`;
    const read = readRecords(simulatedRecords(20, { partitions: 2, firstOffset: 500 }));
    const stuck = read.accepted[7]?.record;
    assert.ok(stuck);
    double.faultItem(idOf(stuck), { ...Faults.throttled(), times: Number.POSITIVE_INFINITY });
    let left = 20_000;
    const shrinking = { remainingMs: () => (left -= 1_500) };
    const slow = writer({
      retry: { baseMs: 100, capMs: 100, safetyMs: 3_000, minAttemptMs: 1_000, maxRounds: 50 },
      sleep: async () => {},
    });
    await assert.rejects(indexBatch(read, depsWith(slow, prefix), shrinking), (error: Error) => {
      assert.equal(error.name, 'TransientSinkError');
      assert.match(error.message, /1 of 20 records not indexed in time .*429 rejected_execution_exception/);
      return true;
    });
    left = 20_000;
    const report = await indexBatch(
      read,
      depsWith(slow, prefix, [], { reportItemFailures: true }),
      shrinking,
    );
    assert.equal(report.indexed, 19);
    assert.equal(report.alreadyIndexed, 19);
    assert.deepEqual(report.failed, [
      { topic: 'logs', partition: stuck.partition, offset: stuck.offset, timestamp: stuck.timestamp },
    ]);
    assert.deepEqual(lowestFailures(report.failed).batchItemFailures, [
      { itemIdentifier: { partition: `logs-${stuck.partition}`, offset: stuck.offset } },
    ]);
  });

  test('a dead-letter sink failure fails the batch, so nothing is lost', async () => {
    const prefix = `sink-${next++}-`;
    const read = readRecords(simulatedRecords(3));
    double.faultItem(
      idOf(read.accepted[1]?.record ?? { topic: '', partition: 0, offset: 0 }),
      Faults.alwaysRefused(),
    );
    const failing: IndexDeps = {
      ...depsWith(writer(), prefix),
      deadLetters: {
        write: async () => {
          throw new TransientSinkError('S3 unavailable');
        },
      },
    };
    await assert.rejects(indexBatch(read, failing, budget), /S3 unavailable/);
  });

  test('an empty batch (all dead-lettered or skipped upstream) makes no request', async () => {
    double.clearRequests();
    const read = readRecords([{ topic: 'logs', partition: 0, offset: 1, timestamp: 0, value: null }]);
    const report = await indexBatch(read, depsWith(writer(), 'empty-'), budget);
    assert.deepEqual(report, {
      indexed: 0,
      alreadyIndexed: 0,
      quarantined: 0,
      deadLettered: [],
      failed: [],
      requests: 0,
    });
    assert.equal(double.bulkRequests().length, 0);
  });
});

/** The records' MSK event, cut to the 6 MB invoke payload limit. */
function sixMegabytes(records: ReturnType<typeof simulatedRecords>): {
  event: ReturnType<typeof toMskEvent>;
} {
  let count = records.length;
  let event = toMskEvent(records);
  while (Buffer.byteLength(JSON.stringify(event)) > maxPayloadBytes) {
    count = Math.floor(count * 0.98);
    event = toMskEvent(records.slice(0, count));
  }
  assert.ok(Buffer.byteLength(JSON.stringify(event)) > maxPayloadBytes * 0.97, 'close to 6 MB');
  return { event };
}
