// Ctrl-C in the terminal of `sluice start` (`npm start`): the terminal sends SIGINT to the whole
// foreground process group (sluice and, before they got groups of their own, DynamoDB Local and
// Swift). sluice must drain what the service wrote into the archive, stop its servers last and exit
// 0; a second Ctrl-C stops it at once and says what was left. The runs start their own servers.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { describe, test } from 'node:test';
import { endpointAnswers } from '../../infra/local/endpoint-answers';
import {
  ctrlC,
  noEndpointsEnv,
  runSluice,
  type SluiceRun,
  scratchDirs,
  spawnSluice,
  startedEndpoints,
  waitForOutput,
} from '../helpers/sluice-process';

const tempDir = scratchDirs();

/** `sluice start <args>` as a shell starts a job: leading a process group of its own. */
const startJob = (args: readonly string[]) =>
  spawnSluice(['start', ...args], noEndpointsEnv(), { ownGroup: true });

/** The run's end, or a failure if it is still running `seconds` after Ctrl-C (it hung). */
async function exitWithin(child: ChildProcess, done: Promise<SluiceRun>, seconds: number) {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      process.kill(-(child.pid as number), 'SIGKILL');
      reject(new Error(`still running ${seconds} s after Ctrl-C`));
    }, seconds * 1000);
  });
  try {
    return await Promise.race([done, hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe('Ctrl-C in the terminal of sluice start', () => {
  test('drains what was written into the archive, stops the servers last, exits 0', {
    timeout: 180_000,
  }, async () => {
    const dataDir = tempDir('sluice-ctrl-c-');
    const run = startJob(['--data-dir', dataDir, '--rate', '100']);
    const [, dynamodb = '', s3 = ''] = await waitForOutput(run.child, startedEndpoints);
    // Long enough for records to sit in the in-memory topic, not yet archived (archive batches 2 s).
    await new Promise((resolve) => setTimeout(resolve, 3500));
    ctrlC(run.child);
    const result = await exitWithin(run.child, run.done, 45);

    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.doesNotMatch(result.stdout + result.stderr, /ECONNREFUSED|failed/);
    const summary = /sluice: (\d+) records written; (\d+) accepted/.exec(result.stdout);
    assert.ok(summary, result.stdout);
    const written = Number(summary[1]);
    assert.ok(written > 0);
    assert.equal(Number(summary[2]), written);
    assert.equal(await endpointAnswers(dynamodb), false, 'DynamoDB Local stopped with the run');
    assert.equal(await endpointAnswers(s3), false, 'Swift stopped with the run');

    const state = await runSluice(['state', '--json', '--data-dir', dataDir], noEndpointsEnv());
    assert.equal(state.code, 0, state.stderr);
    const view = JSON.parse(state.stdout) as { archive: { records: number } };
    assert.equal(view.archive.records, written, 'every record written was archived');
  });

  test('a second Ctrl-C stops at once and says what was left unprocessed', { timeout: 180_000 }, async () => {
    const dataDir = tempDir('sluice-ctrl-c-');
    // Faster than the functions keep up with, so there is a backlog to drain when Ctrl-C comes.
    const run = startJob(['--data-dir', dataDir, '--rate', '20000']);
    const [, dynamodb = '', s3 = ''] = await waitForOutput(run.child, startedEndpoints);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    ctrlC(run.child);
    await waitForOutput(run.child, /Ctrl-C again to stop at once/);
    // Later than npm's forwarded copy of the first, which is the same Ctrl-C.
    await new Promise((resolve) => setTimeout(resolve, 600));
    ctrlC(run.child);
    const result = await exitWithin(run.child, run.done, 15);

    assert.equal(result.code, 130, `${result.stdout}\n${result.stderr}`);
    assert.match(
      result.stdout,
      /sluice: stopped at once; records written but not processed: archive \d+, detect \d+ \(of \d+ written/,
    );
    // The servers still die with the run.
    for (let i = 0; i < 20 && ((await endpointAnswers(dynamodb)) || (await endpointAnswers(s3))); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(await endpointAnswers(dynamodb), false);
    assert.equal(await endpointAnswers(s3), false);
  });
});
