import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@opensearch-project/opensearch';
import { indexBatch } from '../../../../functions/index/index-batch';
import { OpenSearchBulkWriter } from '../../../../shared/adapters/opensearch/bulk-writer';
import { clientBulkTransport, sendRequest } from '../../../../shared/adapters/opensearch/client-transport';
import { toBulkDocuments } from '../../../../shared/adapters/opensearch/to-documents';
import type { DeadLetterEntry } from '../../../../shared/dead-letter/types';
import { OpenSearchDouble } from '../../../helpers/opensearch-double';
import { templatedClient } from '../../../helpers/opensearch-template-client';
import { readRecords } from './batches';

const logAt = (iso: string) => JSON.stringify({ time: iso, level: 'error', msg: 'db timeout' });

/** One record per Kafka timestamp, on partition 0 from offset 0. */
const recordsAt = (timestamps: readonly number[], value = 'plain line') =>
  readRecords(
    timestamps.map((timestamp, offset) => ({ topic: 'logs', partition: 0, offset, timestamp, value })),
  );

describe('documents of records whose Kafka timestamp is not epoch ms', () => {
  test('kafka.timestamp is the time it was read as (a date in OpenSearch), and absent when unusable', () => {
    const read = recordsAt([1.74e18, 1_740_000_000, -1, 1_740_000_000_123]);
    const sources = toBulkDocuments(read.accepted, 'logs-').map(
      (document) => (document.source.kafka as { timestamp?: number }).timestamp,
    );
    assert.deepEqual(sources, [1_740_000_000_000, 1_740_000_000_000, undefined, 1_740_000_000_123]);
  });

  test('the event itself is sent, not a copy, when its Kafka timestamp is already epoch ms', () => {
    const read = recordsAt([1_740_000_000_123]);
    assert.equal(toBulkDocuments(read.accepted, 'logs-')[0]?.source, read.accepted[0]?.event);
  });

  test('the archive keeps the raw value: the event is not changed', () => {
    const read = recordsAt([1.74e18, -1]);
    toBulkDocuments(read.accepted, 'logs-');
    assert.deepEqual(
      read.accepted.map(({ event }) => event.kafka.timestamp),
      [1.74e18, -1],
    );
  });

  test('the daily index is the day of @timestamp: the log time, or the epoch when there is none', () => {
    const read = readRecords([
      { topic: 'logs', partition: 0, offset: 0, timestamp: -1, value: logAt('2026-11-22T23:00:00Z') },
      { topic: 'logs', partition: 0, offset: 1, timestamp: -1, value: 'no time anywhere' },
      { topic: 'logs', partition: 0, offset: 2, timestamp: 1.74e18, value: 'nanoseconds' },
    ]);
    assert.deepEqual(
      toBulkDocuments(read.accepted, 'logs-').map((document) => document.index),
      ['logs-2026.11.22', 'logs-1970.01.01', 'logs-2025.02.19'],
    );
  });
});

describe('indexing poison Kafka timestamps, against the OpenSearch double with the template', () => {
  let double: OpenSearchDouble;
  let client: Client;

  before(async () => {
    double = await OpenSearchDouble.start();
    client = await templatedClient(double);
  });
  after(async () => {
    await client.close();
    await double.close();
  });

  test('int64 extremes, nanoseconds and -1 are all indexed, none dead-lettered', async () => {
    const deadLetters: DeadLetterEntry[] = [];
    const read = recordsAt([2 ** 63, 9_223_372_036_854_775_000, 1.74e18, -1, -(2 ** 63), 0]);
    const report = await indexBatch(
      read,
      {
        writer: new OpenSearchBulkWriter({ transport: clientBulkTransport(client) }),
        indexPrefix: 'logs-',
        deadLetters: { write: async (entries) => void deadLetters.push(...entries) },
        close: async () => {},
      },
      { remainingMs: () => 60_000 },
    );
    assert.deepEqual(deadLetters, []);
    assert.equal(report.indexed, read.accepted.length);
    assert.equal(double.documents().length, read.accepted.length);
  });
});

describe('the OpenSearch double refuses what OpenSearch refuses in an epoch_millis date', () => {
  test('a value beyond a Java long', async () => {
    const double = await OpenSearchDouble.start();
    const client = await templatedClient(double);
    try {
      const body = (timestamp: string) =>
        `{"create":{"_index":"logs-2025.02.19","_id":"x-${timestamp}"}}\n` +
        `{"@timestamp":"2025-02-19T21:20:00.000Z","kafka":{"topic":"t","partition":0,"offset":1,"timestamp":${timestamp}}}\n`;
      const statuses = [];
      for (const timestamp of ['1740000000000000000', '10000000000000000000', '-10000000000000000000']) {
        const response = await sendRequest(
          client,
          { method: 'POST', path: '/_bulk', body: body(timestamp) },
          { headers: { 'content-type': 'application/x-ndjson' } },
        );
        statuses.push((response.body as { items: { create: { status: number } }[] }).items[0]?.create.status);
      }
      assert.deepEqual(statuses, [201, 400, 400]);
    } finally {
      await client.close();
      await double.close();
    }
  });
});
