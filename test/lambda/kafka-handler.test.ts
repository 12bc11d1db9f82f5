import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Context } from 'aws-lambda';
import { loadConfig } from '../../shared/config';
import { TransientSinkError } from '../../shared/errors';
import { type KafkaStep, kafkaHandler } from '../../shared/lambda/kafka-handler';
import { createLogger } from '../../shared/log';

const event = JSON.parse(
  readFileSync(
    join(__dirname, '..', 'events', 'msk', 'powertools-typescript__packages_kafka_tests_events_default.json'),
    'utf8',
  ),
) as unknown;
const context = { functionName: 'sluice-test-archive', getRemainingTimeInMillis: () => 30_000 } as Context;

function harness(step: KafkaStep, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const metrics: string[] = [];
  const handler = kafkaHandler(loadConfig(env), step, {
    log: createLogger({ write: (line) => lines.push(line), fields: { function: step.name } }),
    writeMetrics: (line) => metrics.push(line),
    now: () => 1545084650987 + 1000,
  });
  return { handler, lines, metrics };
}

test('reads the batch once, runs the step, logs the accounting and emits metrics', async () => {
  let seen = 0;
  const { handler, lines, metrics } = harness({
    name: 'archive',
    run: async (read) => {
      seen = read.accepted.length;
      return { report: { archived: read.accepted.length }, metrics: { archived: read.accepted.length } };
    },
  });
  const response = await handler(event, context);
  assert.equal(response, undefined);
  assert.equal(seen, 3);
  const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
  assert.equal(line.message, 'batch done');
  assert.equal(line.function, 'archive');
  assert.deepEqual(
    [line.records, line.accepted, line.deadLettered, line.skipped, line.archived],
    [3, 3, 0, 0, 3],
  );
  const emf = JSON.parse(metrics[0] ?? '{}') as Record<string, unknown>;
  assert.equal(emf.function, 'sluice-test-archive');
  assert.equal(emf.Records, 3);
  assert.equal(emf.Archived, 3);
  assert.equal(emf.EndToEndLagMs, 1000);
});

test('the end-to-end lag reads Kafka timestamps by magnitude and skips unusable ones (-1)', async () => {
  const now = 1545084650987 + 1000;
  const record = (offset: number, timestamp: number) => ({
    topic: 'logs',
    partition: 0,
    offset,
    timestamp,
    timestampType: 'CREATE_TIME',
    key: null,
    value: Buffer.from('plain line').toString('base64'),
    headers: [],
  });
  const poisoned = {
    eventSource: 'aws:kafka',
    records: { 'logs-0': [record(1, -1), record(2, (now - 2_500) * 1e6), record(3, now - 1_000)] },
  };
  const { handler, metrics } = harness({
    name: 'archive',
    run: async () => ({ report: {}, metrics: {} }),
  });
  await handler(poisoned, context);
  assert.equal((JSON.parse(metrics[0] ?? '{}') as Record<string, unknown>).EndToEndLagMs, 2_500);
});

test('a step that throws fails the batch (so it is retried) and says so in the log', async () => {
  const { handler, lines } = harness({
    name: 'index',
    run: async () => {
      throw new TransientSinkError('OpenSearch answered 503');
    },
  });
  await assert.rejects(handler(event, context), /OpenSearch answered 503/);
  assert.match(
    lines[0] ?? '',
    /"level":"error".*batch failed, it will be retried.*TransientSinkError: OpenSearch answered 503/,
  );
});

test('failed records become the lowest failed offset per partition', async () => {
  const { handler } = harness(
    {
      name: 'index',
      run: async (read) => ({
        report: {},
        metrics: {},
        failed: read.accepted.slice(1).map(({ record }) => record),
      }),
    },
    { SLUICE_REPORT_BATCH_ITEM_FAILURES: 'true' },
  );
  assert.deepEqual(await handler(event, context), {
    batchItemFailures: [{ itemIdentifier: { partition: 'mytopic-0', offset: 16 } }],
  });
});

test('an event that is not a Kafka event is refused with a clear error', async () => {
  const { handler } = harness({ name: 'detect', run: async () => ({ report: {}, metrics: {} }) });
  await assert.rejects(handler({ Records: [] }, context), /not a Kafka event/);
});

test('a batch cut short by the Lambda deadline is logged as failed too', async () => {
  const { handler, lines } = harness({
    name: 'archive',
    run: async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { report: {}, metrics: {} };
    },
  });
  const deadline = Date.now() + 60;
  const nearDeadline = { ...context, getRemainingTimeInMillis: () => deadline - Date.now() } as Context;
  await assert.rejects(handler(event, nearDeadline));
  assert.match(lines[0] ?? '', /"level":"error".*batch failed, it will be retried.*"records":3/);
});
