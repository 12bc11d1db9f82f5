// `sluice consume`, `record` and `replay` against a real Kafka wire protocol: librdkafka's mock
// cluster (test/helpers/kafka-mock.ts), the test stack's DynamoDB Local and Swift, and the OpenSearch
// double. Every test that runs `sluice consume` lives in this one file: the consumer groups are the
// deployed ones (sluice-index, sluice-archive, sluice-detect), so two files running consume on the
// same cluster at the same time would join each other's groups.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type WrittenLogs, waitCommitted, writeLogs } from '../../helpers/kafka-logs';
import { testKafkaBrokers } from '../../helpers/kafka-mock';
import { freshBucket, freshTable, testStackEnv, uniqueName } from '../../helpers/local-stack';
import { OpenSearchDouble } from '../../helpers/opensearch-double';
import { runSluice, type SluiceRun, spawnSluice } from '../../helpers/sluice-process';

const groups = ['sluice-index', 'sluice-archive', 'sluice-detect'] as const;

interface StateView {
  windows: Array<{ rule: string; group: string; count: number }>;
  alerts: Array<{ rule: string; group: string; status: string }>;
  archive: { records: number };
  deadLetter: { records: number };
}

/** A fresh bucket, table, data dir and topic: one pipeline's world. */
async function world(prefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `sluice-${prefix}-`));
  const env = {
    ...(await testStackEnv()),
    SLUICE_BUCKET: await freshBucket(prefix),
    SLUICE_TABLE: await freshTable(prefix),
  };
  return { dataDir, env, topic: uniqueName(prefix), brokers: await testKafkaBrokers() };
}

/** `sluice consume` running in the background; `stop` sends Ctrl-C and waits for it to exit. */
function startConsume(args: readonly string[], env: Readonly<Record<string, string>>) {
  const { child, done } = spawnSluice(['consume', ...args], env);
  return {
    child,
    done,
    async stop(): Promise<SluiceRun> {
      child.kill('SIGINT');
      return done;
    },
  };
}

async function state(dataDir: string, env: Readonly<Record<string, string>>): Promise<StateView> {
  const run = await runSluice(['state', '--json', '--data-dir', dataDir], env);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as StateView;
}

/** The state a topic's logs must leave: every record once, every error counted once, one alert each. */
function assertExact(view: StateView, written: WrittenLogs): void {
  assert.equal(view.archive.records, written.accepted, 'archived records');
  assert.equal(view.deadLetter.records, written.deadLettered, 'dead-lettered records');
  const burst = view.windows.filter((w) => w.rule === 'error-burst');
  assert.deepEqual(
    Object.fromEntries(burst.map((w) => [w.group, w.count])),
    written.errorsByPathname,
    'error-burst window counts',
  );
  assert.deepEqual(
    view.alerts
      .filter((a) => a.rule === 'error-burst')
      .map((a) => a.group)
      .sort(),
    Object.keys(written.errorsByPathname).sort(),
    'one error-burst alert per pathname',
  );
}

describe('sluice consume on the mock cluster', () => {
  let opensearch: OpenSearchDouble;
  const dirs: string[] = [];

  before(async () => {
    opensearch = await OpenSearchDouble.start();
  });
  after(async () => {
    await opensearch.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('the three consumer groups process every record once, and commit the whole topic', async () => {
    const w = await world('consume');
    dirs.push(w.dataDir);
    const written = await writeLogs(w.brokers, w.topic, {
      records: 900,
      binaryEvery: 97,
      tombstoneEvery: 101,
    });
    assert.equal(written.records, written.accepted + written.deadLettered + written.skipped);
    const before = opensearch.documents().length;
    const consume = startConsume(
      ['--brokers', w.brokers.join(','), '--topic', w.topic, '--batch-window', '1s', '--data-dir', w.dataDir],
      { ...w.env, OPENSEARCH_URL: opensearch.url },
    );
    await waitCommitted(w.brokers, groups, w.topic, 60_000);
    const run = await consume.stop();
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `index ${written.records}, archive ${written.records}, detect ${written.records} records processed and committed`,
      ),
    );
    assertExact(await state(w.dataDir, w.env), written);
    assert.equal(opensearch.documents().length - before, written.accepted, 'indexed documents');
  });
});
