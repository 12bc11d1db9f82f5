// Ctrl-C in the terminal of `sluice stack` and `sluice replay`, and `kill -9`: the local servers run
// in process groups of their own, so the terminal's SIGINT reaches only sluice, which stops them
// last; they still die with sluice when it is killed outright (setpriv --pdeathsig).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { simulateMicroservice } from '../../cli/sim/microservice';
import { toMskEvent } from '../../cli/sim/msk-event';
import { endpointAnswers } from '../../infra/local/endpoint-answers';
import { ctrlC, noEndpointsEnv, scratchDirs, spawnSluice, waitForOutput } from '../helpers/sluice-process';

const tempDir = scratchDirs();

/** True once neither endpoint answers, polling for up to `seconds`. */
async function bothGone(endpoints: readonly string[], seconds: number): Promise<boolean> {
  for (let waited = 0; waited < seconds * 1000; waited += 250) {
    const answers = await Promise.all(endpoints.map((endpoint) => endpointAnswers(endpoint)));
    if (answers.every((up) => !up)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** The endpoints `sluice stack` prints as export lines. */
async function stackEndpoints(child: ChildProcess): Promise<string[]> {
  const [, s3 = '', dynamodb = ''] = await waitForOutput(
    child,
    /AWS_ENDPOINT_URL_S3=(\S+)\nexport AWS_ENDPOINT_URL_DYNAMODB=(\S+)\n[\s\S]*Ctrl-C to stop/,
  );
  return [s3, dynamodb];
}

describe('the local servers and the signals a terminal sends', () => {
  test('Ctrl-C in the terminal of sluice stack: it stops its servers and exits 0', {
    timeout: 120_000,
  }, async () => {
    const run = spawnSluice(['stack', '--in-memory'], noEndpointsEnv(), { ownGroup: true });
    const endpoints = await stackEndpoints(run.child);
    ctrlC(run.child);
    const result = await run.done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /stopped\n$/);
    assert.ok(await bothGone(endpoints, 1), 'the servers stopped before sluice stack exited');
  });

  test('kill -9 of sluice stack: its servers die with it', { timeout: 120_000 }, async () => {
    const run = spawnSluice(['stack', '--in-memory'], noEndpointsEnv(), { ownGroup: true });
    const endpoints = await stackEndpoints(run.child);
    for (const endpoint of endpoints) assert.ok(await endpointAnswers(endpoint), endpoint);
    run.child.kill('SIGKILL');
    await run.done;
    assert.ok(await bothGone(endpoints, 15), 'DynamoDB Local and Swift died with their parent');
  });

  test('Ctrl-C in the terminal of sluice replay: it finishes the batch in flight, names what was not replayed, exits 130', {
    timeout: 180_000,
  }, async () => {
    const dir = tempDir('sluice-replay-ctrl-c-');
    const events = join(dir, 'events');
    mkdirSync(events);
    const next = simulateMicroservice({ seed: 3 });
    const files = 200;
    const start = Date.UTC(2026, 10, 22, 12, 0, 0);
    for (let file = 0; file < files; file += 1) {
      const records = Array.from({ length: 50 }, (_, i) => {
        const offset = file * 50 + i;
        return {
          topic: 'logs',
          partition: 0,
          offset,
          timestamp: start + offset,
          value: next(start + offset).value,
        };
      });
      writeFileSync(
        join(events, `batch-${String(file).padStart(3, '0')}.json`),
        JSON.stringify(toMskEvent(records)),
      );
    }
    const run = spawnSluice(['replay', events, '--data-dir', join(dir, 'data')], noEndpointsEnv(), {
      ownGroup: true,
    });
    await waitForOutput(run.child, /\[1\/200\]/);
    ctrlC(run.child);
    const result = await run.done;
    assert.equal(result.code, 130, result.stderr);
    const interrupted =
      /sluice replay: interrupted; (\d+) of 200 files not replayed: \S*batch-\d+\.json/.exec(result.stderr);
    assert.ok(interrupted, result.stderr);
    const left = Number(interrupted[1]);
    assert.ok(left > 0 && left < 200);
    assert.match(
      result.stdout,
      new RegExp(`^replayed ${200 - left} of 200 files: ${(200 - left) * 50} records`, 'm'),
    );
    assert.doesNotMatch(result.stderr, /ECONNREFUSED|failed/);
  });
});
