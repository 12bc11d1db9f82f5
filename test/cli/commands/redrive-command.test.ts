import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError } from '../../../cli/command';
import { type RedriveTarget, runRedrive } from '../../../cli/commands/redrive';
import { archiveBatch } from '../../../functions/archive/archive-batch';
import type { RedriveReport } from '../../../functions/archive/redrive-types';
import type { ArchiveDeps } from '../../../functions/archive/types';
import { readBatch } from '../../../shared/batch/read-batch';
import { loadConfig } from '../../../shared/config';
import { snapshot } from '../../shared/adapters/s3/support/area';
import { lowLimit, sampleBatch, sampleTime } from '../../shared/adapters/s3/support/batches';
import { freshBucket } from '../../shared/adapters/s3/support/bucket';

async function archivedSample(): Promise<ArchiveDeps> {
  const deps: ArchiveDeps = { store: await freshBucket(), gzipLevel: 6, concurrency: 4 };
  await archiveBatch(readBatch(sampleBatch(), { maxRecordBytes: lowLimit, maxClockSkewMs: 900_000 }), deps);
  return deps;
}

/** Runs the command against `deps` with SLUICE_MAX_RECORD_BYTES = `limit`; resolves to its JSON report. */
async function run(deps: ArchiveDeps, argv: string[], limit = 1024 * 1024): Promise<RedriveReport> {
  let output = '';
  let closed = false;
  const target: RedriveTarget = {
    config: loadConfig({ SLUICE_MAX_RECORD_BYTES: String(limit) }),
    deps,
    sinks: [],
    close: async () => {
      closed = true;
    },
  };
  const code = await runRedrive([...argv, '--json'], {
    open: async (dataDir) => {
      assert.equal(dataDir, '.sluice');
      return target;
    },
    now: () => sampleTime + 3_600_000,
    write: (text) => {
      output += text;
    },
  });
  assert.equal(code, 0);
  assert.ok(closed, 'the target is closed');
  return JSON.parse(output) as RedriveReport;
}

describe('sluice redrive', () => {
  test('after raising SLUICE_MAX_RECORD_BYTES the oversize record is accepted; a second run changes nothing', async () => {
    const deps = await archivedSample();
    const dry = await run(deps, ['--dry-run', '--reason', 'oversize']);
    assert.equal(dry.dryRun, true);
    assert.equal(dry.accepted, 1);

    const first = await run(deps, ['--reason', 'oversize', '--since', '2h']);
    assert.equal(first.accepted, 1);
    assert.equal(first.archived, 1);
    const before = await snapshot(deps.store);
    const second = await run(deps, []);
    assert.equal(second.accepted, 0);
    assert.deepEqual(await snapshot(deps.store), before);
  });

  test('--since later than every record looks at nothing', async () => {
    const deps = await archivedSample();
    const report = await run(deps, ['--since', '2024-05-06T13:00Z']);
    assert.equal(report.entries, 0);
  });

  test('bad flags are usage errors', async () => {
    const deps = await archivedSample();
    await assert.rejects(run(deps, ['--reason', 'nope']), UsageError);
    await assert.rejects(run(deps, ['--since', 'last tuesday']), UsageError);
    await assert.rejects(run(deps, ['extra']), UsageError);
    await assert.rejects(run(deps, ['--bogus']), UsageError);
  });
});
