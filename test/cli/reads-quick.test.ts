// `sluice state` and `sluice search` read what a `sluice start` (or `sluice stack`) serves for their
// data dir instead of starting a stack of their own, and say which; search starts S3 only.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  noEndpointsEnv,
  runSluice,
  scratchDirs,
  spawnSluice,
  waitForOutput,
} from '../helpers/sluice-process';

const tempDir = scratchDirs();

describe('reads are quick', () => {
  test('search with nothing serving the data dir starts the S3 server only, and says how to skip it', {
    timeout: 120_000,
  }, async () => {
    const dataDir = tempDir('sluice-reads-');
    const run = await runSluice(['search', '--level', 'error', '--data-dir', dataDir], noEndpointsEnv());
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      new RegExp(
        `^sluice search: started the local stack for ${dataDir} \\(keep \`sluice stack --data-dir ${dataDir}\` running`,
      ),
    );
    assert.match(run.stderr, /sluice search: 0 matches in the archive/);
    assert.equal(existsSync(join(dataDir, 'dynamodb')), false, 'no DynamoDB Local was started');
  });

  test('state and search use the servers of the sluice start that serves their data dir', {
    timeout: 180_000,
  }, async () => {
    const dataDir = tempDir('sluice-reads-');
    const start = spawnSluice(['start', '--data-dir', dataDir, '--rate', '50'], noEndpointsEnv(), {
      ownGroup: true,
    });
    try {
      await waitForOutput(start.child, /live view/);
      const served = new RegExp(
        `using the local stack of sluice start \\(pid ${start.child.pid}\\) for ${dataDir}`,
      );
      const state = await runSluice(['state', '--json', '--data-dir', dataDir], noEndpointsEnv());
      assert.equal(state.code, 0, state.stderr);
      assert.match(state.stderr, served);
      assert.ok(Array.isArray((JSON.parse(state.stdout) as { windows: unknown }).windows));
      const search = await runSluice(['search', '--data-dir', dataDir, '--limit', '1'], noEndpointsEnv());
      assert.equal(search.code, 0, search.stderr);
      assert.match(search.stderr, served);
    } finally {
      process.kill(-(start.child.pid as number), 'SIGINT');
    }
    const ended = await start.done;
    assert.equal(ended.code, 0, ended.stderr);
    assert.doesNotMatch(ended.stdout, /still used by/, 'the reads let go of the servers when done');
  });
});
