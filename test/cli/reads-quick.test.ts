// `sluice state` and `sluice search` read what a `sluice start` (or `sluice stack`) serves for their
// data dir instead of starting a stack of their own, and say which; search starts S3 only.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runSluice, spawnSluice, waitForOutput } from '../helpers/sluice-process';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-reads-'));
  dirs.push(dir);
  return dir;
};

/** An environment that names no endpoint: the embedded stack of the data dir is used. */
const bareEnv = (): Record<string, string> => ({ AWS_REGION: 'us-east-1' });

describe('reads are quick', () => {
  test('search with nothing serving the data dir starts the S3 server only, and says how to skip it', {
    timeout: 120_000,
  }, async () => {
    const dataDir = tempDir();
    const run = await runSluice(['search', '--level', 'error', '--data-dir', dataDir], bareEnv());
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
    const dataDir = tempDir();
    const start = spawnSluice(['start', '--data-dir', dataDir, '--rate', '50'], bareEnv(), {
      ownGroup: true,
    });
    try {
      await waitForOutput(start.child, /live view/);
      const served = new RegExp(
        `using the local stack of sluice start \\(pid ${start.child.pid}\\) for ${dataDir}`,
      );
      const state = await runSluice(['state', '--json', '--data-dir', dataDir], bareEnv());
      assert.equal(state.code, 0, state.stderr);
      assert.match(state.stderr, served);
      assert.ok(Array.isArray((JSON.parse(state.stdout) as { windows: unknown }).windows));
      const search = await runSluice(['search', '--data-dir', dataDir, '--limit', '1'], bareEnv());
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
