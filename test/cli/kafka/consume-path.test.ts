// The path of `sluice consume` below kafkajs: eachBatch payloads -> MappingBatcher -> MSK event ->
// the archive and detect functions' own handlers in the local pipeline, on the test stack (DynamoDB Local + S3).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kafkaInvoker } from '../../../cli/invoke/local-functions';
import type { KafkaMessageLike } from '../../../cli/kafka/convert';
import { deliverToHandler } from '../../../cli/kafka/handler-delivery';
import type { CommitOffsets, EachBatchLike } from '../../../cli/kafka/mapping-batcher';
import { MappingBatcher } from '../../../cli/kafka/mapping-batcher';
import { type LocalPipeline, openLocalPipeline } from '../../../cli/pipeline/local-pipeline';
import { loadConfig } from '../../../shared/config';
import { kafkaHandler } from '../../../shared/lambda/kafka-function';
import { freshBucket, freshTable, testStackEnv } from '../../helpers/local-stack';

const start = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;

const errors = (partition: number, from: number, count: number): KafkaMessageLike[] =>
  Array.from({ length: count }, (_, i) => ({
    offset: String(from + i),
    timestamp: String(start + i),
    key: Buffer.from(`/app/p${partition}.py`),
    value: Buffer.from(
      JSON.stringify({
        timestamp: new Date(start + i).toISOString(),
        levelname: 'ERROR',
        message: `failed ${i}`,
        pathname: `/app/p${partition}.py`,
        lineno: 7,
      }),
    ),
    headers: { traceparent: `00-${String(i).padStart(32, '0')}-00f067aa0ba902b7-01` },
  }));

/** A kafkajs-like payload that records what was committed. */
function payload(partition: number, messages: KafkaMessageLike[], commits: string[]): EachBatchLike {
  return {
    batch: { topic: 'logs', partition, messages, highWatermark: String(Number(messages.at(-1)?.offset) + 1) },
    resolveOffset: () => {},
    heartbeat: async () => {},
    commitOffsetsIfNecessary: async (offsets?: CommitOffsets) => {
      for (const topic of offsets?.topics ?? [])
        for (const p of topic.partitions) commits.push(`${p.partition}:${p.offset}`);
    },
    isRunning: () => true,
    isStale: () => false,
  };
}

describe('sluice consume below kafkajs', () => {
  let pipeline: LocalPipeline;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-consume-'));

  before(async () => {
    pipeline = await openLocalPipeline({
      dataDir: dir,
      env: {
        ...(await testStackEnv()),
        SLUICE_BUCKET: await freshBucket('consume'),
        SLUICE_TABLE: await freshTable('consume'),
      },
      slackOut: { write: () => true },
      log: () => {},
    });
  });

  after(async () => {
    await pipeline.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('archive and detect consume two partitions, commit after each batch, and the effects are there', async () => {
    const event = { bootstrapServers: 'localhost:9092' };
    const archived: number[] = [];
    const fired: string[] = [];
    const archive = new MappingBatcher(
      { batchSize: 50, batchWindowMs: 10 },
      deliverToHandler(pipeline.functions.archive, event, (read, report) => {
        assert.equal(read.counts.records, read.counts.accepted);
        archived.push(report.archived);
      }),
    );
    const detect = new MappingBatcher(
      { batchSize: 20, batchWindowMs: 10 },
      deliverToHandler(pipeline.functions.detect, event, (_read, report) => {
        for (const alert of report.alerts) fired.push(`${alert.rule} ${alert.group}`);
      }),
    );
    const commits = { archive: [] as string[], detect: [] as string[] };
    const batches = [
      [0, errors(0, 100, 30)],
      [1, errors(1, 0, 40)],
    ] as const;
    await Promise.all(
      batches.flatMap(([partition, messages]) => [
        archive.eachBatch(payload(partition, [...messages], commits.archive)),
        detect.eachBatch(payload(partition, [...messages], commits.detect)),
      ]),
    );
    assert.equal(
      archived.reduce((a, b) => a + b, 0),
      70,
    );
    // A batch holds exactly the batch size: 30 records of partition 0 and 20 of partition 1, then 20.
    assert.deepEqual(commits.archive.sort(), ['0:130', '1:20', '1:40']);
    assert.ok(commits.detect.includes('0:130') && commits.detect.includes('1:40'), commits.detect.join());
    assert.equal(archive.lag() + detect.lag(), 0);
    assert.deepEqual(fired.sort(), ['error-burst /app/p0.py', 'error-burst /app/p1.py']);
    const state = await pipeline.state();
    assert.equal(state.archive.records, 70);
    const burst = state.windows.filter((w) => w.rule === 'error-burst');
    assert.deepEqual(burst.map((w) => [w.group, w.count]).sort(), [
      ['/app/p0.py', 30],
      ['/app/p1.py', 40],
    ]);
  });

  test('a function that reports unfinished records fails the whole batch, so it is retried', async () => {
    let runs = 0;
    const invoke = kafkaInvoker('archive', (onBatch) =>
      kafkaHandler(
        {
          name: 'archive',
          config: loadConfig({ SLUICE_REPORT_BATCH_ITEM_FAILURES: 'true' }),
          deps: () => ({}),
          async run(read) {
            runs += 1;
            const first = read.accepted[0]?.record;
            return { report: {}, metrics: {}, ...(runs === 1 && first ? { failed: [first] } : {}) };
          },
        },
        { onBatch, logSink: () => {} },
      ),
    );
    const commits: string[] = [];
    const retried: unknown[] = [];
    const batcher = new MappingBatcher(
      { batchSize: 10, batchWindowMs: 1, retryBaseMs: 1, onRetry: (_n, error) => retried.push(error) },
      deliverToHandler(invoke, {}, () => {}),
    );
    await batcher.eachBatch(payload(0, errors(0, 0, 3), commits));
    assert.equal(runs, 2);
    assert.match(String(retried[0]), /archive: records of 1 partition were not done in time/);
    assert.deepEqual(commits, ['0:3']);
  });
});
