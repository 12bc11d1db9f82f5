// A second `sluice start`: on the default data dir it starts fresh (a demo shows its alerts again);
// on a data dir the user named nothing is cleared, and the realert that keeps the second run's
// bursts quiet is said, not left to guess.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { clearPreviousRun } from '../../cli/start/clear-previous-run';
import { freshBucket, freshTable, testStackEnv } from '../helpers/local-stack';
import { runSluice, scratchDirs, spawnSluice } from '../helpers/sluice-process';

const tempDir = scratchDirs();

/** What an earlier run leaves in a data dir, and a file of the user's own beside it. */
function leftByARun(dataDir: string): void {
  mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  mkdirSync(join(dataDir, 's3', 'swift'), { recursive: true });
  writeFileSync(join(dataDir, 'dynamodb', 'shared-local-instance.db'), 'db');
  writeFileSync(join(dataDir, 's3', 'swift', 'object'), 'object');
  writeFileSync(join(dataDir, 'topic.json'), '{"next":[5,5]}\n');
  writeFileSync(join(dataDir, 'notes.txt'), 'mine');
}

/** Both files alert within a 12 s run: short bursts close together. */
const quickBursts = ['--duration', '12', '--burst-every', '2', '--burst-share', '0.5'];

describe('a second sluice start', () => {
  test('clearPreviousRun removes the state a run left and nothing else, never while it is served', () => {
    const dataDir = tempDir('sluice-fresh-');
    leftByARun(dataDir);
    writeFileSync(
      join(dataDir, 'dynamodb', 'server.json'),
      JSON.stringify({ pid: process.pid, command: 'sluice stack' }),
    );
    assert.deepEqual(clearPreviousRun(dataDir), {
      cleared: false,
      keptBecause: `sluice stack (pid ${process.pid}) serves it`,
    });
    assert.ok(existsSync(join(dataDir, 'topic.json')));
    rmSync(join(dataDir, 'dynamodb', 'server.json'));
    assert.deepEqual(clearPreviousRun(dataDir), { cleared: true });
    assert.deepEqual(
      ['dynamodb', 's3', 'topic.json', 'notes.txt'].map((name) => existsSync(join(dataDir, name))),
      [false, false, false, true],
    );
    assert.deepEqual(clearPreviousRun(dataDir), { cleared: false });
  });

  test('on the default data dir it starts fresh, and says so; --keep and --data-dir do not clear', async () => {
    const cwd = tempDir('sluice-cwd-');
    leftByARun(join(cwd, '.sluice'));
    const env = {
      ...(await testStackEnv()),
      SLUICE_BUCKET: await freshBucket('fresh'),
      SLUICE_TABLE: await freshTable('fresh'),
    };
    const kept = await runSluice(['start', '--keep', '--data-dir', join(cwd, 'x')], env);
    assert.equal(kept.code, 2);
    assert.match(kept.stderr, /--keep is for the default data dir; a --data-dir you name is always kept/);

    const run = await spawnSluice(['start', '--duration', '1'], env, { cwd }).done;
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `^sluice: starting fresh: cleared the last run's state in ${join(cwd, '.sluice')} \\(--keep keeps it\\)`,
      ),
    );
    assert.equal(existsSync(join(cwd, '.sluice', 'dynamodb', 'shared-local-instance.db')), false);
    assert.equal(existsSync(join(cwd, '.sluice', 'notes.txt')), true);
  });

  test('on a data dir the user named, the second run keeps the state and says realert keeps it quiet', async () => {
    const dataDir = tempDir('sluice-named-');
    writeFileSync(join(dataDir, 'notes.txt'), 'mine');
    const env = {
      ...(await testStackEnv()),
      SLUICE_BUCKET: await freshBucket('again'),
      SLUICE_TABLE: await freshTable('again'),
    };
    const first = await runSluice(['start', ...quickBursts, '--data-dir', dataDir], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /; [2-9] alerts fired[ ,]/);

    const second = await runSluice(['start', ...quickBursts, '--data-dir', dataDir], env);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /starting fresh/);
    assert.match(
      second.stdout,
      /; 0 alerts fired \(\d+ windows? over a threshold kept quiet by realert, until \d\d:\d\d:\d\d\), /,
    );
    assert.ok(existsSync(join(dataDir, 'notes.txt')));
    assert.ok(existsSync(join(dataDir, 'topic.json')));
  });
});
