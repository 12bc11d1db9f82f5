// `sluice consume`, `record` and `replay` against a real Kafka wire protocol: librdkafka's mock
// cluster (test/helpers/kafka-mock.ts), the test stack's DynamoDB Local and Swift, and the OpenSearch
// double. Every test that runs `sluice consume` lives in this one file: the consumer groups are the
// deployed ones (sluice-index, sluice-archive, sluice-detect), so two files running consume on the
// same cluster at the same time would join each other's groups.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ProxyMode, TcpFaultProxy } from '../../faults/support/tcp-fault-proxy';
import {
  bothWrites,
  committedOffsets,
  logWindowStart,
  topicEnds,
  type WrittenLogs,
  waitCommitted,
  writeLogs,
} from '../../helpers/kafka-logs';
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
  const env: Record<string, string> = {
    ...(await testStackEnv()),
    SLUICE_BUCKET: await freshBucket(prefix),
    SLUICE_TABLE: await freshTable(prefix),
  };
  return { dataDir, env, topic: uniqueName(prefix), brokers: await testKafkaBrokers() };
}

/** `--brokers` and `--topic` of a world, then `extra`. */
const kafkaArgs = (w: { brokers: string[]; topic: string }, ...extra: string[]): string[] => [
  '--brokers',
  w.brokers.join(','),
  '--topic',
  w.topic,
  ...extra,
];

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
    const consume = startConsume(kafkaArgs(w, '--batch-window', '1s', '--data-dir', w.dataDir), {
      ...w.env,
      OPENSEARCH_URL: opensearch.url,
    });
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

  test('a second consume joining the groups (a rebalance) loses and duplicates nothing', async () => {
    const w = await world('rebalance');
    const second = mkdtempSync(join(tmpdir(), 'sluice-rebalance-b-'));
    dirs.push(w.dataDir, second);
    const pathnames = Array.from({ length: 8 }, (_, i) => `/app/service/module_${i}.py`);
    const args = kafkaArgs(w, '--batch-window', '1s');
    const env = { ...w.env, OPENSEARCH_URL: opensearch.url };
    const before = opensearch.documents().length;
    const windowStart = logWindowStart();
    const opening = await writeLogs(w.brokers, w.topic, { records: 40, pathnames, windowStart });
    const first = await startedConsume([...args, '--data-dir', w.dataDir], env);
    // A producer writing until the second consume, joining meanwhile, has processed records in
    // every group: its status line shows all three counts above zero.
    let written = opening;
    let bTookPart = false;
    const writing = (async () => {
      const deadline = Date.now() + 90_000;
      while (!bTookPart && Date.now() < deadline) {
        const more = await writeLogs(w.brokers, w.topic, {
          records: 40,
          from: written.records,
          pathnames,
          windowStart,
        });
        written = bothWrites(written, more);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    // The second joins once the first is consuming: every group has committed something.
    await waitFor(
      async () => {
        const offsets = await Promise.all(groups.map((g) => committedOffsets(w.brokers, g, w.topic)));
        return offsets.every((byPartition) => Object.values(byPartition).some((offset) => offset > 0));
      },
      60_000,
      'the first consume to commit in every group',
    );
    const joining = await startedConsume([...args, '--data-dir', second], env);
    await waitForOutput(
      joining.child,
      /index [1-9]\d* lag \d+.*archive [1-9]\d* lag \d+.*detect [1-9]\d* lag/,
      90_000,
    );
    bTookPart = true;
    await writing;
    await waitCommitted(w.brokers, groups, w.topic, 90_000);
    const runs = await Promise.all([first.stop(), joining.stop()]);
    const processed = runs.map((run) => {
      assert.equal(run.code, 0, run.stderr);
      const line = /index (\d+), archive (\d+), detect (\d+) records processed/.exec(run.stdout);
      assert.ok(line, run.stdout);
      return line.slice(1).map(Number);
    });
    for (const [i, name] of ['index', 'archive', 'detect'].entries()) {
      const counts = processed.map((p) => p[i] ?? 0);
      assert.equal(
        (counts[0] ?? 0) + (counts[1] ?? 0),
        written.records,
        `${name}: records processed by the two, once each`,
      );
      assert.ok((counts[1] ?? 0) > 0, `${name}: the second consume took part (${counts.join(' + ')})`);
    }
    assertExact(await state(w.dataDir, w.env), written);
    assert.equal(opensearch.documents().length - before, written.accepted, 'indexed documents');
  });

  test('record captures the topic without moving the sluice-* groups, and replay of the file gives the same counts', async () => {
    const w = await world('record');
    dirs.push(w.dataDir);
    const written = await writeLogs(w.brokers, w.topic, {
      records: 300,
      binaryEvery: 53,
      tombstoneEvery: 61,
    });
    // The groups have read part of the topic: record must leave them exactly there.
    const consume = await startedConsume(
      kafkaArgs(w, '--functions', 'archive,detect', '--batch-window', '1s', '--data-dir', w.dataDir),
      w.env,
    );
    await waitCommitted(w.brokers, ['sluice-archive', 'sluice-detect'], w.topic, 30_000);
    assert.equal((await consume.stop()).code, 0);
    const more = await writeLogs(w.brokers, w.topic, { records: 100, from: 300 });
    const groupsBefore = await Promise.all(groups.map((g) => committedOffsets(w.brokers, g, w.topic)));
    const file = join(w.dataDir, 'recorded.json');
    const recorded = await runSluice([
      'record',
      '--out',
      file,
      '--brokers',
      w.brokers.join(','),
      '--topic',
      w.topic,
      '--max',
      '1000',
    ]);
    assert.equal(recorded.code, 0, recorded.stderr);
    const all = bothWrites(written, more);
    assert.match(
      recorded.stdout,
      new RegExp(`sluice record: ${all.records} records from ${w.topic} written to`),
    );
    assert.deepEqual(
      await Promise.all(groups.map((g) => committedOffsets(w.brokers, g, w.topic))),
      groupsBefore,
    );

    // Replay into a fresh bucket and table: what the topic holds, counted once.
    const replayEnv = {
      ...w.env,
      SLUICE_BUCKET: await freshBucket('replay'),
      SLUICE_TABLE: await freshTable('replay'),
    };
    const replay = await runSluice(['replay', file, '--json', '--data-dir', w.dataDir], replayEnv);
    assert.equal(replay.code, 0, replay.stderr);
    const report = JSON.parse(replay.stdout) as Record<string, unknown>;
    assert.deepEqual(
      [report.records, report.accepted, report.deadLettered, report.skipped, report.archived],
      [all.records, all.accepted, all.deadLettered, all.skipped, all.accepted],
    );
  });

  test('S3 refusing for a while: archive retries the batch, commits nothing meanwhile, then every record once', async () => {
    const w = await world('sink');
    dirs.push(w.dataDir);
    const s3 = new URL(w.env.AWS_ENDPOINT_URL_S3 ?? '');
    const proxy = await TcpFaultProxy.start(s3.hostname, Number(s3.port));
    try {
      const windowStart = logWindowStart();
      const first = await writeLogs(w.brokers, w.topic, { records: 300, windowStart });
      const consume = startConsume(kafkaArgs(w, '--functions', 'archive,detect', '--batch-window', '1s'), {
        ...w.env,
        AWS_ENDPOINT_URL_S3: proxy.url,
      });
      await waitCommitted(w.brokers, ['sluice-archive', 'sluice-detect'], w.topic, 30_000);
      const before = await committedOffsets(w.brokers, 'sluice-archive', w.topic);
      await proxy.setMode(ProxyMode.unavailable);
      const second = await writeLogs(w.brokers, w.topic, { records: 300, from: 300, windowStart });
      // detect goes on; archive's batch fails and is retried, and its offsets do not move.
      await waitCommitted(w.brokers, ['sluice-detect'], w.topic, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.deepEqual(await committedOffsets(w.brokers, 'sluice-archive', w.topic), before);
      await proxy.setMode(ProxyMode.pass);
      await waitCommitted(w.brokers, ['sluice-archive'], w.topic, 60_000);
      const run = await consume.stop();
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /archive: batch failed \(.+\), retry 1 in 0\.5s/);
      assert.ok(proxy.stats.unavailable > 0, 'S3 was asked while it refused');
      assertExact(await state(w.dataDir, w.env), bothWrites(first, second));
    } finally {
      await proxy.close();
    }
  });

  test('Ctrl-C while a batch fails: it is not committed and the next run reads it; a second Ctrl-C stops at once', async () => {
    const w = await world('ctrl-c');
    dirs.push(w.dataDir);
    const s3 = new URL(w.env.AWS_ENDPOINT_URL_S3 ?? '');
    const proxy = await TcpFaultProxy.start(s3.hostname, Number(s3.port));
    const args = kafkaArgs(w, '--functions', 'archive', '--batch-window', '1s', '--data-dir', w.dataDir);
    const env = { ...w.env, AWS_ENDPOINT_URL_S3: proxy.url };
    try {
      const written = await writeLogs(w.brokers, w.topic, { records: 200 });
      const nothing = await committedOffsets(w.brokers, 'sluice-archive', w.topic);

      // 1. S3 refuses (once consume has started, before its first batch): the batch is retried until
      // Ctrl-C, which stops the retries and commits nothing.
      const failing = await startedConsume(args, env);
      await proxy.setMode(ProxyMode.unavailable);
      await waitForOutput(failing.child, /archive: batch failed/);
      const stopped = await failing.stop();
      assert.equal(stopped.code, 0, stopped.stderr);
      assert.deepEqual(await committedOffsets(w.brokers, 'sluice-archive', w.topic), nothing);

      // 2. S3 hangs: Ctrl-C waits for the batch in flight; a second Ctrl-C stops at once and says what was left.
      await proxy.setMode(ProxyMode.pass);
      const hanging = await startedConsume(args, env);
      await proxy.setMode(ProxyMode.hang);
      await waitFor(() => proxy.stats.hung > 0, 30_000, 'archive to call S3');
      hanging.child.kill('SIGINT');
      await waitForOutput(hanging.child, /Ctrl-C again to stop at once/);
      // A second signal within 500 ms is the same Ctrl-C (npm forwards it): a person presses again later.
      await new Promise((resolve) => setTimeout(resolve, 700));
      hanging.child.kill('SIGINT');
      const atOnce = await hanging.done;
      assert.equal(atOnce.code, 130, atOnce.stdout + atOnce.stderr);
      const ends = await topicEnds(w.brokers, w.topic);
      const ranges = Object.entries(ends)
        .filter(([, end]) => end > 0)
        .map(([partition, end]) => `${w.topic}-${partition} 0..${end - 1}`);
      assert.equal(
        atOnce.stderr.trim().split('\n').at(-1),
        `sluice consume: stopped at once; not committed, read again next time: archive ${written.records} records (${ranges.join(', ')})`,
      );
      assert.deepEqual(await committedOffsets(w.brokers, 'sluice-archive', w.topic), nothing);

      // 3. S3 back: the next run reads what was left, and nothing is skipped or archived twice.
      await proxy.setMode(ProxyMode.pass);
      await waitCommittedBy(startConsume(args, env), w.brokers, w.topic);
      const view = await state(w.dataDir, w.env);
      assert.equal(view.archive.records, written.accepted);
    } finally {
      await proxy.close();
    }
  });
});

/** `sluice consume` once it has opened the pipeline (its S3 and DynamoDB checks are behind it). */
async function startedConsume(args: readonly string[], env: Readonly<Record<string, string>>) {
  const consume = startConsume(args, env);
  await waitForOutput(consume.child, /Ctrl-C to stop/);
  return consume;
}

/** Waits until `check` is true, polling; fails with `what` after `timeoutMs`. */
async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves once the process has written a line matching `pattern` to stdout or stderr. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no output matching ${pattern} in ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        child.stdout?.off('data', look);
        child.stderr?.off('data', look);
        resolve();
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
  });
}

/** Waits until `consume`'s archive group committed the whole topic, then stops it with Ctrl-C. */
async function waitCommittedBy(consume: ReturnType<typeof startConsume>, brokers: string[], topic: string) {
  await waitCommitted(brokers, ['sluice-archive'], topic, 60_000);
  const run = await consume.stop();
  assert.equal(run.code, 0, run.stderr);
}
