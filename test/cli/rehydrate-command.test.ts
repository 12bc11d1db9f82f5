import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageError } from '../../cli/command';
import { runRehydrateCommand } from '../../cli/commands/rehydrate';
import { toMskEvent } from '../../cli/sim/msk-event';
import type { RehydrateCounts } from '../../shared/rehydrate/checkpoint';
import { chunks, logs, T0 } from '../functions/rehydrate/support';
import { freshBucket, freshTable, testStackEnv } from '../helpers/local-stack';
import { Faults, OpenSearchDouble } from '../helpers/opensearch-double';
import { runSluice, spawnSluice } from '../helpers/sluice-process';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const range = ['--since', iso(T0 + HOUR), '--until', iso(T0 + 2.5 * HOUR)];
const sent = [...logs(0), ...logs(1)];
const selected = sent.filter((log) => log.timestamp >= T0 + HOUR && log.timestamp < T0 + 2.5 * HOUR);

/** Captures what the command writes. */
function sink(isTTY = false) {
  const chunks: string[] = [];
  return {
    isTTY,
    columns: 120,
    write(text: string) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}

interface Summary {
  readonly runId: string;
  readonly outcome: string;
  readonly status: string;
  readonly counts: RehydrateCounts;
  readonly objects: { done: number; total: number };
  readonly invocations: number;
}

function assertLaw(counts: RehydrateCounts): void {
  assert.equal(counts.lines, counts.records + counts.copies + counts.unreadable);
  assert.equal(counts.records, counts.filteredOut + counts.selected);
  assert.equal(counts.selected, counts.created + counts.alreadyThere + counts.deadLettered + counts.failed);
}

/** An archive made by `sluice replay` (the archive function; no OpenSearch, so nothing is indexed). */
async function replayed(name: string): Promise<Record<string, string>> {
  const env = {
    ...(await testStackEnv()),
    SLUICE_BUCKET: await freshBucket(name),
    SLUICE_TABLE: await freshTable(name),
  };
  const dir = mkdtempSync(join(tmpdir(), 'sluice-rehydrate-'));
  chunks(sent, 30).forEach((batch, index) => {
    writeFileSync(join(dir, `batch-${index}.json`), JSON.stringify(toMskEvent(batch)));
  });
  const run = await runSluice(['replay', dir, '--data-dir', join(dir, 'state'), '--json'], env);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).archived, sent.length);
  return env;
}

describe('sluice rehydrate (in-process)', () => {
  let env: Record<string, string | undefined>;
  let opensearch: OpenSearchDouble;
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-rehydrate-cmd-'));

  before(async () => {
    opensearch = await OpenSearchDouble.start();
    env = { PATH: process.env.PATH, ...(await replayed('rehydrate-cmd')), OPENSEARCH_URL: opensearch.url };
  });
  after(() => opensearch.close());

  const run = async (argv: string[], io: { isTTY?: boolean; interrupt?: AbortSignal } = {}) => {
    const stdout = sink();
    const stderr = sink(io.isTTY);
    const code = await runRehydrateCommand([...argv, '--data-dir', dataDir], {
      env,
      stdout,
      stderr,
      ...(io.interrupt ? { interrupt: io.interrupt } : {}),
    });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };

  test('a run: the logs of the range indexed, a summary whose counts add up, plain progress lines', async () => {
    const { code, stdout, stderr } = await run([...range, '--json']);
    assert.equal(code, 0, stderr);
    const summary = JSON.parse(stdout) as Summary;
    assert.equal(summary.outcome, 'done');
    assert.equal(summary.counts.created, selected.length);
    assert.equal(summary.counts.records, sent.length);
    assertLaw(summary.counts);
    assert.equal(opensearch.documents().length, selected.length);
    assert.match(stderr, /^rehydrate: \d+\/\d+ objects · [\d,]+ records · [\d,]+ records\/s · ETA /m);
    assert.ok(!stderr.includes('\x1b['), 'no terminal control codes in a log');
  });

  test('the same command again says it is done; --restart finds every record already there', async () => {
    const again = await run(range);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /: already done \(finished before; --restart runs it again\)/);
    const restarted = JSON.parse((await run([...range, '--restart', '--json'])).stdout) as Summary;
    assert.deepEqual(
      { created: restarted.counts.created, already: restarted.counts.alreadyThere },
      { created: 0, already: selected.length },
    );
    assert.equal(opensearch.documents().length, selected.length, 'no duplicate');
  });

  test('a human summary states each law; --status lists the run', async () => {
    const { stdout } = await run([...range, '--restart']);
    assert.match(stdout, /^rehydrate [0-9a-f]{16}: done$/m);
    assert.match(
      stdout,
      /\d+ records = \d+ filtered out \(outside the time range or the filters\) \+ \d+ selected/,
    );
    assert.match(
      stdout,
      new RegExp(`${selected.length} selected = 0 created \\+ ${selected.length} already there`),
    );
    const status = await run(['--status']);
    assert.match(status.stdout, /^[0-9a-f]{16} {2}done {5}.* → daily indices logs-\*$/m);
    const runs = JSON.parse((await run(['--status', '--json'])).stdout) as { status: string }[];
    assert.ok(runs.length >= 1 && runs.every((checkpoint) => checkpoint.status === 'done'));
  });

  test('--index: created from the sluice template, then filled; --dry-run writes nothing', async () => {
    const created = await run(['--index', 'rebuild-test', '--create-index']);
    assert.equal(created.code, 0);
    assert.match(created.stderr, /index rebuild-test: created from the sluice index template/);
    const mapping = opensearch.indices.get('rebuild-test')?.mapping as {
      properties?: Record<string, unknown>;
    };
    assert.deepEqual(mapping.properties?.attrs, { type: 'flat_object' });
    assert.equal(opensearch.documents().filter((doc) => doc.index === 'rebuild-test').length, 0);

    const bulk = opensearch.bulkRequests().length;
    const dry = JSON.parse(
      (await run([...range, '--index', 'rebuild-test', '--dry-run', '--json'])).stdout,
    ) as Summary;
    assert.equal(dry.counts.selected, selected.length);
    assert.equal(opensearch.bulkRequests().length, bulk, 'a dry run sends nothing');

    const filled = await run([...range, '--index', 'rebuild-test', '--json']);
    assert.match(filled.stderr, /index rebuild-test: exists/);
    assert.equal(
      opensearch.documents().filter((doc) => doc.index === 'rebuild-test').length,
      selected.length,
    );
  });

  test('Ctrl-C stops after the step in hand; the same command resumes it', async () => {
    const stop = new AbortController();
    const stderr = sink(true);
    const argv = [...range, '--level', 'info', '--json', '--data-dir', dataDir];
    const first = runRehydrateCommand(argv, {
      env,
      stdout: sink(),
      stderr: {
        ...stderr,
        write: (text: string) => {
          stop.abort();
          return stderr.write(text);
        },
      },
      interrupt: stop.signal,
    });
    assert.equal(await first, 130);
    assert.ok(stderr.text().includes('\r\x1b[2K['), 'a bar redrawn in place on a terminal');
    assert.match(stderr.text(), /\[[#.]+\] \d+\/\d+ objects/);
    const resumed = await run([...range, '--level', 'info', '--json']);
    const summary = JSON.parse(resumed.stdout) as Summary;
    assert.equal(summary.outcome, 'done');
    assert.equal(summary.invocations, 2);
    assert.equal(summary.counts.selected, selected.filter((log) => log.level === 'info').length);
    assertLaw(summary.counts);
  });

  test('mistakes are usage errors that name the flag', async () => {
    await assert.rejects(
      run(['--since', '2026-11-22']),
      (e: unknown) => e instanceof UsageError && /--until is required/.test(e.message),
    );
    await assert.rejects(run([...range, '--level', 'loud']), /--level takes/);
    await assert.rejects(run([...range, '--index', 'Rebuild']), /--index must be lower case/);
    await assert.rejects(
      run(['--since', range[3] as string, '--until', range[1] as string]),
      /must be before --until/,
    );
    await assert.rejects(run(['--create-index']), /--create-index needs --index NAME/);
  });
});

describe('sluice rehydrate (a real process)', () => {
  test('killed in the middle of a run, then run again: one document per record, counts add up', async () => {
    const opensearch = await OpenSearchDouble.start();
    try {
      const env = {
        ...(await replayed('rehydrate-kill')),
        OPENSEARCH_URL: opensearch.url,
        OPENSEARCH_CHUNK_BYTES: '4096',
      };
      const dataDir = mkdtempSync(join(tmpdir(), 'sluice-rehydrate-kill-'));
      const argv = ['rehydrate', ...range, '--json', '--data-dir', dataDir];
      // The first `_bulk` goes through, the second never gets an answer: the process is killed there.
      opensearch.faultRequests(Faults.pass(), Faults.hang());
      const { child, done } = spawnSluice(argv, env);
      for (let waited = 0; opensearch.bulkRequests().length < 2; waited += 1) {
        assert.ok(waited < 1200, 'the run reached its second _bulk request');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      child.kill('SIGKILL');
      await done;
      const before = opensearch.documents().length;
      assert.ok(before > 0 && before < selected.length, `${before} documents before the kill`);

      opensearch.clearFaults();
      const rerun = await runSluice(argv, env);
      assert.equal(rerun.code, 0, rerun.stderr);
      const summary = JSON.parse(rerun.stdout) as Summary;
      assert.equal(summary.outcome, 'done');
      assert.equal(opensearch.documents().length, selected.length);
      assert.equal(new Set(opensearch.documents().map((doc) => doc.id)).size, selected.length);
      assert.equal(summary.counts.created + summary.counts.alreadyThere, selected.length);
      assert.ok(summary.counts.alreadyThere >= before, 'what was sent before the kill is already there');
      assertLaw(summary.counts);

      // The logs are searchable again (`sluice search` asks OpenSearch when it is configured).
      const search = await runSluice(['search', '--json', '--data-dir', dataDir], env);
      assert.equal(search.code, 0, search.stderr);
      const found = (JSON.parse(search.stdout) as { kafka: { partition: number; offset: number } }[]).map(
        ({ kafka }) => `logs-${kafka.partition}-${kafka.offset}`,
      );
      assert.deepEqual(found.sort(), selected.map((log) => `logs-${log.partition}-${log.offset}`).sort());
    } finally {
      await opensearch.close();
    }
  });
});
