import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freshBucket, freshTable, testStackEnv } from '../helpers/local-stack';
import { OpenSearchDouble } from '../helpers/opensearch-double';
import { SlackDouble } from '../helpers/slack-double';

const root = join(__dirname, '..', '..');
const serverless = join(root, 'node_modules', 'osls', 'bin', 'serverless.js');

/**
 * `serverless invoke local --stage local -f fn -p event`, as docs/deploy.md tells users to run it
 * (or without `--stage local`, as they type it first). The environment holds no notice switch: the
 * SDK's Node-version notice must not show.
 */
async function invokeLocal(
  fn: string,
  event: string,
  env: Record<string, string>,
  stage: string[] = ['--stage', 'local'],
) {
  const run = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [serverless, 'invoke', 'local', ...stage, '-f', fn, '-p', join('test', 'events', fn, event)],
      { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
  assert.doesNotMatch(run.output, /NodeVersionSupportWarning/, 'no AWS SDK Node-version notice');
  return run;
}

describe('serverless invoke local of every function, with its recorded event, against the local stack', () => {
  let env: Record<string, string>;
  let opensearch: OpenSearchDouble;
  let slack: SlackDouble;

  before(async () => {
    opensearch = await OpenSearchDouble.start();
    slack = await SlackDouble.start();
    env = {
      ...(await testStackEnv()),
      SLUICE_BUCKET: await freshBucket('invoke'),
      SLUICE_TABLE: await freshTable('invoke'),
      OPENSEARCH_URL: opensearch.url,
      SLACK_WEBHOOK_URL: slack.url,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
    };
  });
  after(async () => {
    await opensearch.close();
    await slack.close();
  });

  test('archive archives and dead-letters its batch', { timeout: 180_000 }, async () => {
    const run = await invokeLocal('archive', 'mixed-outcomes.json', env);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /"message":"batch done"/);
    assert.match(run.output, /"archived":\d+/);
  });

  test('index indexes its batch into OpenSearch', { timeout: 180_000 }, async () => {
    const run = await invokeLocal('index', 'mixed-formats.json', env);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /"message":"batch done"/);
    assert.ok(opensearch.documents().length > 0, 'documents reached the OpenSearch double');
  });

  test('detect counts the windows and posts the alerts to Slack', { timeout: 180_000 }, async () => {
    const run = await invokeLocal('detect', 'error-burst.json', env);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /"alertsFired":[1-9]/);
    assert.ok(slack.delivered().length > 0, 'alerts reached the Slack double');
  });

  test('sweep runs', { timeout: 180_000 }, async () => {
    const run = await invokeLocal('sweep', 'scheduled-event.json', env);
    assert.equal(run.code, 0, run.output);
  });

  test('without --stage local it works too, and says where the function reads its resources from', {
    timeout: 180_000,
  }, async () => {
    const run = await invokeLocal('sweep', 'scheduled-event.json', env, []);
    assert.equal(run.code, 0, run.output);
    assert.match(
      run.output,
      /invoke local: the function reads its resources from this shell .*as with --stage local/,
    );
    assert.match(run.output, /"message":"sweep done"/);
  });

  test('notify posts the alarm to Slack', { timeout: 180_000 }, async () => {
    const before = slack.delivered().length;
    const run = await invokeLocal('notify', 'eventbridge-alarm.json', env);
    assert.equal(run.code, 0, run.output);
    assert.equal(slack.delivered().length, before + 1);
  });
});
