import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { localContext } from '../../../cli/invoke/lambda-context';
import type { BatchRead } from '../../../shared/batch/types';
import { loadConfig } from '../../../shared/config';
import { ConfigError, TransientSinkError } from '../../../shared/errors';
import type { Invocation } from '../../../shared/lambda/invocation';
import { kafkaHandler, type StepResult } from '../../../shared/lambda/kafka-function';

const event = JSON.parse(
  readFileSync(
    join(
      __dirname,
      '..',
      '..',
      'events',
      'msk',
      'powertools-typescript__packages_kafka_tests_events_default.json',
    ),
    'utf8',
  ),
) as unknown;
const context = () => localContext('test-archive', 30_000);

type Run = (read: BatchRead, deps: unknown, invocation: Invocation) => Promise<StepResult>;

function harness(
  run: Run,
  env: Record<string, string> = {},
  deps: () => unknown = () => ({}),
  name: 'index' | 'archive' | 'detect' = 'archive',
) {
  const lines: string[] = [];
  const handler = kafkaHandler(
    { name, config: loadConfig(env), deps, run },
    { logSink: (line) => lines.push(line), now: () => 1545084650987 + 1000 },
  );
  const docs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const logs = () => docs().filter((doc) => !('_aws' in doc));
  const metrics = () => docs().filter((doc) => '_aws' in doc);
  return { handler, logs, metrics };
}

test('reads the batch once, runs the core, logs the accounting and emits metrics', async () => {
  let seen = 0;
  const { handler, logs, metrics } = harness(async (read) => {
    seen = read.accepted.length;
    return { report: { archived: read.accepted.length }, metrics: { archived: read.accepted.length } };
  });
  const ctx = context();
  const response = await handler(event, ctx);
  assert.equal(response, undefined);
  assert.equal(seen, 3);
  const [line] = logs();
  assert.equal(line?.message, 'batch done');
  assert.equal(line?.function, 'archive');
  assert.equal(line?.function_request_id, ctx.awsRequestId);
  assert.deepEqual(
    [line?.records, line?.accepted, line?.deadLettered, line?.skipped, line?.archived],
    [3, 3, 0, 0, 3],
  );
  const [emf] = metrics();
  assert.equal(emf?.function, 'sluice-local-test-archive');
  assert.equal(emf?.Records, 3);
  assert.equal(emf?.Archived, 3);
  assert.equal(emf?.EndToEndLagMs, 1000);
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
  const { handler, metrics } = harness(async () => ({ report: {}, metrics: {} }));
  await handler(poisoned, context());
  assert.equal(metrics()[0]?.EndToEndLagMs, 2_500);
});

test('the core gets the invocation: request id, deadline and an abort signal', async () => {
  let seen: Invocation | undefined;
  const { handler } = harness(async (_read, _deps, invocation) => {
    seen = invocation;
    return { report: {}, metrics: {} };
  });
  const ctx = context();
  await handler(event, ctx);
  assert.equal(seen?.requestId, ctx.awsRequestId);
  assert.equal(seen?.functionName, 'sluice-local-test-archive');
  assert.ok((seen?.remainingMs() ?? 0) > 20_000);
  assert.equal(seen?.signal.aborted, false);
});

test('a core that throws fails the batch (so it is retried); the log keeps the error and its cause', async () => {
  const { handler, logs } = harness(async () => {
    throw new TransientSinkError('OpenSearch answered 503', { cause: new Error('socket hang up') });
  });
  await assert.rejects(handler(event, context()), /OpenSearch answered 503/);
  const [line] = logs();
  assert.equal(line?.level, 'ERROR');
  assert.equal(line?.message, 'invocation failed, it will be retried');
  assert.deepEqual([line?.topic, line?.firstOffset, line?.lastOffset, line?.records], ['mytopic', 15, 17, 3]);
  const error = line?.error as Record<string, Record<string, unknown>>;
  assert.equal(error.name, 'TransientSinkError');
  assert.equal(error.cause?.message, 'socket hang up');
});

test('an error no retry can fix is reported once in full, with what to do; repeats get one line', async () => {
  const { handler, logs } = harness(
    async () => ({ report: {}, metrics: {} }),
    {},
    () => {
      throw new ConfigError('SLUICE_RULES: /x.yml cannot be read (ENOENT)');
    },
  );
  await assert.rejects(handler(event, context()), ConfigError);
  await assert.rejects(handler(event, context()), ConfigError);
  const [first, second] = logs();
  assert.match(String(first?.message), /retrying cannot fix this/);
  assert.equal(first?.retryable, false);
  assert.match(String((first?.error as Record<string, unknown> | undefined)?.message), /SLUICE_RULES/);
  assert.match(String(second?.message), /reason reported before/);
  assert.equal(second?.error, undefined);
});

test('dependencies are built once; a failed build is retried by the next invocation', async () => {
  let builds = 0;
  const { handler } = harness(
    async () => ({ report: {}, metrics: {} }),
    {},
    () => {
      builds += 1;
      if (builds === 1) throw new TransientSinkError('SSM throttled');
      return { built: builds };
    },
  );
  await assert.rejects(handler(event, context()), /SSM throttled/);
  await handler(event, context());
  await handler(event, context());
  assert.equal(builds, 2);
});

test('failed records become the lowest failed offset per partition', async () => {
  const { handler } = harness(
    async (read) => ({ report: {}, metrics: {}, failed: read.accepted.slice(1).map(({ record }) => record) }),
    { SLUICE_REPORT_BATCH_ITEM_FAILURES: 'true' },
  );
  assert.deepEqual(await handler(event, context()), {
    batchItemFailures: [{ itemIdentifier: { partition: 'mytopic-0', offset: 16 } }],
  });
});

test('an event that is not a Kafka event is refused with a clear error, reported as not retryable', async () => {
  const { handler, logs } = harness(async () => ({ report: {}, metrics: {} }));
  await assert.rejects(handler({ Records: [] }, context()), /not a Kafka event/);
  assert.equal(logs()[0]?.retryable, false);
});

test('at the deadline the invocation is failed and its signal aborts the work in flight', async () => {
  let aborted: boolean | undefined;
  const { handler, logs } = harness(
    (_read, _deps, invocation) =>
      new Promise((resolve) => {
        invocation.signal.addEventListener('abort', () => {
          aborted = true;
          resolve({ report: {}, metrics: {} });
        });
      }),
  );
  await assert.rejects(handler(event, localContext('test-archive', 60)));
  assert.equal(aborted, true, 'the core saw the abort');
  const [line] = logs();
  assert.equal(line?.level, 'ERROR');
  assert.equal(line?.records, 3);
});
