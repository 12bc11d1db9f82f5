// Two runs on one --data-dir without a `sluice stack` started first: the first run owns the local
// servers, the second reuses them. The servers stay up while any run uses them; a second
// `sluice start` on the same data dir says why it cannot start.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { describe, test } from 'node:test';
import { endpointAnswers } from '../../infra/local/endpoint-answers';
import {
  noEndpointsEnv,
  runSluice,
  scratchDirs,
  spawnSluice,
  startedEndpoints,
  waitForOutput,
} from '../helpers/sluice-process';

const tempDir = scratchDirs();

const kill = (child: ChildProcess) => {
  if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGKILL');
};

describe('two runs sharing a data dir', () => {
  test('the servers of the first run stay up while a second run uses them; a second sluice start is refused', {
    timeout: 180_000,
  }, async () => {
    const dataDir = tempDir('sluice-shared-');
    const first = spawnSluice(
      ['start', '--data-dir', dataDir, '--duration', '8', '--rate', '50'],
      noEndpointsEnv(),
      {
        ownGroup: true,
      },
    );
    let second: ReturnType<typeof spawnSluice> | undefined;
    try {
      const [, dynamodb = '', s3 = ''] = await waitForOutput(first.child, startedEndpoints);

      // A second run reuses the first one's servers.
      second = spawnSluice(['stack', '--data-dir', dataDir], noEndpointsEnv(), { ownGroup: true });
      const [, reusedS3, reusedDynamoDb] = await waitForOutput(
        second.child,
        /AWS_ENDPOINT_URL_S3=(\S+)\nexport AWS_ENDPOINT_URL_DYNAMODB=(\S+)\n[\s\S]*Ctrl-C to stop/,
      );
      assert.equal(reusedS3, s3);
      assert.equal(reusedDynamoDb, dynamodb);

      // A second sluice start on the same data dir would reuse the topic's offsets: it is refused.
      const refused = await runSluice(['start', '--data-dir', dataDir, '--duration', '1'], noEndpointsEnv());
      assert.equal(refused.code, 1, refused.stdout);
      assert.match(
        refused.stderr,
        new RegExp(
          `^sluice start: the data dir ${dataDir} is in use by another sluice start \\(pid ${first.child.pid}\\)`,
        ),
      );

      // The first run's time is up: it drains, then keeps its servers up for the second run.
      await waitForOutput(
        first.child,
        new RegExp(`DynamoDB Local in \\S+ is still used by sluice stack \\(pid ${second.child.pid}\\)`),
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(first.child.exitCode, null, 'the first run waits');
      assert.ok(await endpointAnswers(dynamodb));
      assert.ok(await endpointAnswers(s3));

      // Once the second run is done, the first stops its servers and exits.
      process.kill(-(second.child.pid as number), 'SIGINT');
      const secondRun = await second.done;
      assert.equal(secondRun.code, 0, secondRun.stderr);
      const firstRun = await first.done;
      assert.equal(firstRun.code, 0, firstRun.stderr);
      assert.equal(await endpointAnswers(dynamodb), false);
      assert.equal(await endpointAnswers(s3), false);
    } finally {
      kill(first.child);
      if (second) kill(second.child);
    }
  });
});
