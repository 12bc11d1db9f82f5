// The "must show" chain, end to end through the real commands: `sluice start` trips
// error-burst and prints its alerts (while its live page answers), `sluice state --json` shows the
// windows and alerts, and `sluice search --level error --pathname <one> --json` finds every archived
// error of that pathname: as many as detect counted in its windows.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LiveState } from '../../../cli/live/types';
import { defaultPathnames } from '../../../cli/sim/microservice';
import type { DetectState } from '../../../functions/detect/types';
import type { LogEvent } from '../../../shared/logs/types';
import { freshBucket, freshTable, testStackEnv } from '../../helpers/local-stack';
import { runSluice, type SluiceRun, spawnSluice, waitForOutput } from '../../helpers/sluice-process';

describe('npm start, then sluice state and sluice search', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-e2e-'));
  let env: Record<string, string>;
  let start: SluiceRun;
  let live: LiveState | undefined;

  before(async () => {
    env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(await testStackEnv()),
      SLUICE_BUCKET: await freshBucket('e2e'),
      SLUICE_TABLE: await freshTable('e2e'),
    };
    // Short bursts close together, so both files alert within the 12 s.
    const run = spawnSluice(
      ['start', '--duration', '12', '--burst-every', '2', '--burst-share', '0.5', '--data-dir', dataDir],
      env,
    );
    const [, url] = await waitForOutput(run.child, /live view {2}(http:\/\/127\.0\.0\.1:\d+\/)/);
    // Poll the live page's state during the run until it has windows for the pathnames.
    for (let i = 0; i < 40 && !live?.windows.some((w) => w.groups.length >= 2); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const response = await fetch(`${url}api/state`).catch(() => undefined);
      if (response?.ok) live = (await response.json()) as LiveState;
    }
    start = await run.done;
  });

  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('sluice start trips error-burst, prints its alerts and serves the live state', () => {
    assert.equal(start.code, 0, start.stderr);
    assert.match(start.stdout, /live view {2}http:\/\/127\.0\.0\.1:\d+\//);
    for (const pathname of defaultPathnames)
      assert.match(start.stdout, new RegExp(`error-burst: ${pathname.replaceAll('.', '\\.')}`));
    assert.match(
      start.stdout,
      /sluice: \d+ records written; \d+ accepted, 0 dead-lettered, 0 skipped; [1-9]\d* alerts fired/,
    );
    const burst = live?.windows.find((w) => w.rule === 'error-burst');
    assert.ok(burst, 'the live state has error-burst windows');
    assert.equal(burst.threshold, 25);
    assert.deepEqual(burst.groups.map((g) => g.group).sort(), [...defaultPathnames].sort());
  });

  test('sluice state --json shows the windows and the alerts; sluice search finds every archived error', async () => {
    const state = await runSluice(['state', '--json', '--data-dir', dataDir], env);
    assert.equal(state.code, 0, state.stderr);
    const view = JSON.parse(state.stdout) as DetectState & { archive: { records: number } };
    const pathname = defaultPathnames[0];
    const windows = view.windows.filter((w) => w.rule === 'error-burst' && w.group === pathname);
    assert.ok(windows.length >= 1);
    assert.ok(view.alerts.some((a) => a.rule === 'error-burst' && a.group === pathname && a.count > 25));
    assert.ok(view.archive.records > 0);

    const search = await spawnSluice(
      [
        'search',
        '--level',
        'error',
        '--pathname',
        pathname,
        '--limit',
        '10000',
        '--json',
        '--data-dir',
        dataDir,
      ],
      env,
    ).done;
    assert.equal(search.code, 0, search.stderr);
    const events = JSON.parse(search.stdout) as LogEvent[];
    assert.ok(events.every((e) => e.level === 'error' && e.pathname === pathname));
    const counted = windows.reduce((sum, w) => sum + w.count, 0);
    assert.equal(events.length, counted, 'search finds as many errors as detect counted for the pathname');
    assert.match(
      search.stderr,
      new RegExp(`^sluice search: ${new Intl.NumberFormat('en-US').format(counted)} matches in the archive`),
    );
  });
});
