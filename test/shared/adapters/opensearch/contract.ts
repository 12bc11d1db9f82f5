// The index-path contract, run against the in-repo double (indexing.test.ts) and, opt-in, against a
// real cluster (real-cluster.test.ts): the same batches, the same assertions, read back over HTTP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Client } from '@opensearch-project/opensearch';
import { indexBatch } from '../../../../functions/index/index-batch';
import type { IndexDeps, IndexReport } from '../../../../functions/index/types';
import { renderOpenSearchAssets } from '../../../../infra/opensearch/assets';
import { OpenSearchBulkWriter } from '../../../../shared/adapters/opensearch/bulk-writer';
import { clientBulkTransport, sendRequest } from '../../../../shared/adapters/opensearch/client-transport';
import { applyIndexTemplate } from '../../../../shared/adapters/opensearch/setup';
import type { BatchRead } from '../../../../shared/batch/types';
import type { DeadLetterEntry } from '../../../../shared/dead-letter/types';
import { conflictingRecords, readRecords, simulatedRecords } from './batches';

/** A cluster to run the contract on, with an index prefix of its own. */
export interface ContractTarget {
  readonly client: Client;
  /** A fresh prefix for this test (the real-cluster suite makes it unique per run). */
  prefix(name: string): string;
}

export interface StoredHit {
  readonly _index: string;
  readonly _id: string;
  readonly _source: Record<string, unknown>;
}

const budget = { remainingMs: () => 120_000 };
const fastRetry = { baseMs: 5, capMs: 50, safetyMs: 0, minAttemptMs: 0 };

/** Index deps on the target's client, dead letters collected in memory. */
export function depsFor(client: Client, prefix: string, deadLetters: DeadLetterEntry[] = []): IndexDeps {
  return {
    writer: new OpenSearchBulkWriter({ transport: clientBulkTransport(client), retry: fastRetry }),
    indexPrefix: prefix,
    deadLetters: { write: async (entries) => void deadLetters.push(...entries) },
    close: async () => {},
  };
}

/** Every document under `prefix`, read back after a refresh. */
export async function storedDocuments(client: Client, prefix: string): Promise<StoredHit[]> {
  await sendRequest(client, { method: 'POST', path: `/${prefix}*/_refresh` });
  const { status, body } = await sendRequest(client, {
    method: 'POST',
    path: `/${prefix}*/_search`,
    body: { size: 10_000, query: { match_all: {} } },
  });
  assert.equal(status, 200, JSON.stringify(body));
  return (body as { hits: { hits: StoredHit[] } }).hits.hits.sort((a, b) => a._id.localeCompare(b._id));
}

/** Deletes the indices a test wrote (by name: wildcard deletes may be refused) and its template. */
export async function cleanUp(client: Client, prefix: string, reads: readonly BatchRead[]): Promise<void> {
  const names = new Set(
    reads.flatMap((read) =>
      read.accepted.map(({ event }) => `${prefix}${event['@timestamp'].slice(0, 10).replace(/-/g, '.')}`),
    ),
  );
  for (const name of names) await sendRequest(client, { method: 'DELETE', path: `/${name}` });
  await sendRequest(client, {
    method: 'DELETE',
    path: `/_index_template/${renderOpenSearchAssets(prefix, 86_400_000).templateName}`,
  });
}

const idOf = ({ record }: BatchRead['accepted'][number]): string =>
  `${record.topic}-${record.partition}-${record.offset}`;

function assertAccounted(read: BatchRead, report: IndexReport): void {
  assert.equal(report.indexed + report.deadLettered.length + report.failed.length, read.accepted.length);
}

/** Registers the contract tests (call inside a `describe`). */
export function indexingContract(target: () => ContractTarget): void {
  test('replaying a batch twice, then a retry with other start and end offsets, leaves one document per record', async () => {
    const { client, prefix: prefixOf } = target();
    const prefix = prefixOf('replay');
    const all = simulatedRecords(300, { partitions: 3, firstOffset: 1_000 });
    const first = readRecords(all.slice(0, 200));
    const retried = readRecords(all.slice(90, 300));
    const deps = depsFor(client, prefix);
    await applyIndexTemplate(
      (request) => sendRequest(client, request),
      renderOpenSearchAssets(prefix, 86_400_000),
    );
    try {
      const once = await indexBatch(first, deps, budget);
      const twice = await indexBatch(first, deps, budget);
      const shifted = await indexBatch(retried, deps, budget);
      assert.deepEqual([once.indexed, once.alreadyIndexed], [200, 0]);
      assert.deepEqual([twice.indexed, twice.alreadyIndexed], [200, 200]);
      assert.deepEqual([shifted.indexed, shifted.alreadyIndexed], [210, 110]);
      const stored = await storedDocuments(client, prefix);
      const expected = new Set([...first.accepted, ...retried.accepted].map(idOf));
      assert.equal(stored.length, 300);
      assert.deepEqual(new Set(stored.map((hit) => hit._id)), expected);
      assert.deepEqual(
        [...new Set(stored.map((hit) => hit._index))].sort(),
        [`${prefix}2026.11.22`, `${prefix}2026.11.23`],
        'daily indices by event time',
      );
      const sample = stored.find((hit) => hit._id === 'logs-1-1010');
      assert.deepEqual(sample?._source.kafka, {
        topic: 'logs',
        partition: 1,
        offset: 1010,
        timestamp: all[31]?.timestamp,
      });
    } finally {
      await cleanUp(client, prefix, [first, retried]);
    }
  });

  test('services that disagree on a field type break nothing with the template (attrs is one flat_object)', async () => {
    const { client, prefix: prefixOf } = target();
    const prefix = prefixOf('flat');
    const read = readRecords(conflictingRecords());
    await applyIndexTemplate(
      (request) => sendRequest(client, request),
      renderOpenSearchAssets(prefix, 86_400_000),
    );
    try {
      const report = await indexBatch(read, depsFor(client, prefix), budget);
      assert.deepEqual([report.indexed, report.quarantined, report.deadLettered.length], [5, 0, 0]);
    } finally {
      await cleanUp(client, prefix, [read]);
    }
  });

  test('without the template, type conflicts are quarantined: every record indexed, the fields kept as strings', async () => {
    const { client, prefix: prefixOf } = target();
    const prefix = prefixOf('dynamic');
    const read = readRecords(conflictingRecords());
    const deadLetters: DeadLetterEntry[] = [];
    try {
      const report = await indexBatch(read, depsFor(client, prefix, deadLetters), budget);
      assertAccounted(read, report);
      assert.equal(report.indexed, 5);
      assert.equal(report.quarantined, 3);
      assert.deepEqual(deadLetters, []);
      const stored = await storedDocuments(client, prefix);
      assert.equal(stored.length, 5);
      const profile = stored.find((hit) => hit._source.service === 'profile');
      const quarantine = profile?._source.quarantine as {
        reason: string;
        fields: { path: string; value: string }[];
      };
      assert.deepEqual(
        quarantine.fields.map((field) => field.path),
        ['attrs.user', 'attrs.retries'],
      );
      assert.equal(quarantine.fields[0]?.value, '{"id":"u-7","plan":"pro"}');
      assert.match(quarantine.reason, /attrs\.user/);
      assert.equal(profile?._source.message, 'loaded', 'the log itself stays searchable');
      const later = stored.find((hit) => hit._source.message === 'indexed later');
      assert.deepEqual((later?._source.quarantine as { fields?: unknown } | undefined)?.fields, [
        { path: 'attrs.retries', value: '[3,"later"]' },
      ]);
    } finally {
      await cleanUp(client, prefix, [read]);
    }
  });

  test('a record whose core field cannot fit the index is dead-lettered as mapping_conflict, with its bytes', async () => {
    const { client, prefix: prefixOf } = target();
    const prefix = prefixOf('core');
    const read = readRecords(conflictingRecords().slice(0, 2));
    const index = `${prefix}2026.11.22`;
    const deadLetters: DeadLetterEntry[] = [];
    const created = await sendRequest(client, {
      method: 'PUT',
      path: `/${index}`,
      body: { mappings: { properties: { message: { type: 'long' } } } },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    try {
      const report = await indexBatch(read, depsFor(client, prefix, deadLetters), budget);
      assertAccounted(read, report);
      assert.equal(report.indexed, 0);
      assert.equal(deadLetters.length, 2);
      assert.deepEqual(report.deadLettered, deadLetters);
      const [entry] = deadLetters;
      assert.equal(entry?.reason, 'mapping_conflict');
      assert.equal(entry?.stage, 'index', 'a redrive sends it back to the index only');
      assert.match(entry?.detail ?? '', /failed to parse field \[message\] of type \[long\]/);
      assert.deepEqual(entry?.kafka, {
        topic: 'logs',
        partition: 0,
        offset: 0,
        timestamp: read.accepted[0]?.record.timestamp,
        timestampType: 'CREATE_TIME',
      });
      assert.equal(entry?.value, read.accepted[0]?.record.value, 'original value bytes, base64 as delivered');
    } finally {
      await cleanUp(client, prefix, [read]);
    }
  });
}
