// What `serverless package` and `deploy` refuse before building anything: the example MSK cluster of
// serverless.yml for any stage but local, a cluster in another region than the stage's, and a value
// that is no cluster ARN.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { deployProblems } from '../../infra/serverless/deploy-guards';
import { root } from './package';

const example =
  'arn:aws:kafka:us-east-1:123456789012:cluster/sluice-example/00000000-0000-0000-0000-000000000000-1';
const inIreland = 'arn:aws:kafka:eu-west-1:111122223333:cluster/logs/5a1b2c3d-0000-0000-0000-000000000000-3';
const home = mkdtempSync(join(tmpdir(), 'sluice-guards-'));
after(() => rmSync(home, { recursive: true, force: true }));

/** `serverless package` with fake credentials and no AWS setup of this machine. */
function packageStage(args: readonly string[]) {
  return spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'osls', 'bin', 'serverless.js'), 'package', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: home,
        AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
        AWS_SECRET_ACCESS_KEY: 'fake',
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
      },
    },
  );
}

describe('deploy guards', () => {
  test('deployProblems: the example only for local; the cluster in the stage region; an ARN at all', () => {
    const target = { stage: 'prod', region: 'eu-west-1', exampleArn: example };
    assert.deepEqual(deployProblems({ ...target, stage: 'local', clusterArn: example }), []);
    assert.match(
      deployProblems({ ...target, clusterArn: example })[0] ?? '',
      /^mskClusterArn is still the example/,
    );
    assert.deepEqual(deployProblems({ ...target, clusterArn: inIreland }), []);
    assert.match(
      deployProblems({ ...target, region: 'us-east-1', clusterArn: inIreland })[0] ?? '',
      /^mskClusterArn is a cluster in eu-west-1, but stage prod deploys to us-east-1/,
    );
    assert.match(
      deployProblems({ ...target, clusterArn: 'my-cluster' })[0] ?? '',
      /is not an MSK cluster ARN/,
    );
    assert.match(deployProblems({ ...target, clusterArn: undefined })[0] ?? '', /is not an MSK cluster ARN/);
  });

  test('serverless package --stage prod with the example cluster is refused, saying what to set', () => {
    const run = packageStage(['--stage', 'prod', '--region', 'eu-west-1']);
    assert.notEqual(run.status, 0);
    assert.match(
      run.stdout + run.stderr,
      /sluice: mskClusterArn is still the example of serverless\.yml \(arn:aws:kafka:us-east-1:123456789012:cluster\/sluice-example\/[^)]+\): set the ARN of the stage's MSK cluster under params\.prod\.mskClusterArn/,
    );
  });

  test('a cluster in another region than the stage is refused', () => {
    const run = packageStage([
      '--stage',
      'prod',
      '--region',
      'us-east-1',
      '--param',
      `mskClusterArn=${inIreland}`,
    ]);
    assert.notEqual(run.status, 0);
    assert.match(
      run.stdout + run.stderr,
      /mskClusterArn is a cluster in eu-west-1, but stage prod deploys to us-east-1/,
    );
  });
});
