// The webhook URL and every credential stay out of logs, errors and state output. The functions and the
// CLI run with recognisable fake secrets (a webhook token, an AWS secret key and session token, an
// OpenSearch password) while their services fail, so every error path prints what it prints; then
// nothing they wrote (stdout, stderr, the table's items, Slack posts, `sluice state`) holds a secret.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { ProxyMode, TcpFaultProxy } from '../faults/support/tcp-fault-proxy';
import { freshBucket, freshTable, testConfig, testDynamoClient, testStackEnv } from '../helpers/local-stack';
import { Faults, OpenSearchDouble } from '../helpers/opensearch-double';
import { SlackDouble, SlackReplies } from '../helpers/slack-double';
import { hostileBatch } from './support/hostile-batch';

const root = join(__dirname, '..', '..');
const SECRET = {
  webhookToken: 'FAKEwebhookSECRETsluice42',
  awsSecretKey: 'FAKEsecretSLUICE0123456789abcdefghijklmn',
  sessionToken: 'FAKEsessionTOKENsluice0123456789',
  opensearchPassword: 'FAKEopensearchPASS123',
} as const;

const dir = mkdtempSync(join(tmpdir(), 'sluice-secrets-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs node with `args` in the repo, with exactly `env` (plus PATH), asynchronously (doubles live here). */
function run(args: string[], env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Asserts that none of the secrets (nor the webhook URL) is anywhere in `text`. */
function assertNoSecret(what: string, text: string, webhookUrl: string): void {
  for (const [name, secret] of Object.entries({ ...SECRET, webhookUrl })) {
    assert.ok(!text.includes(secret), `${what} holds the ${name}`);
  }
}

interface Services {
  readonly slack: SlackDouble;
  readonly opensearch: OpenSearchDouble;
  /** The test stack's S3 behind a fault proxy. */
  readonly s3: TcpFaultProxy;
  readonly stack: Awaited<ReturnType<typeof testConfig>>;
  /** The Slack double's URL with the secret token in its path. */
  readonly webhookUrl: string;
  /** `OPENSEARCH_URL` with the secret password in it. */
  readonly opensearchUrl: string;
}

/** Starts the doubles and the S3 proxy, runs `body`, and stops them. */
async function withServices(body: (services: Services) => Promise<void>): Promise<void> {
  const slack = await SlackDouble.start();
  const opensearch = await OpenSearchDouble.start();
  const stack = await testConfig();
  const s3Url = new URL(stack.s3.endpoint ?? '');
  const s3 = await TcpFaultProxy.start(s3Url.hostname, Number(s3Url.port));
  try {
    await body({
      slack,
      opensearch,
      s3,
      stack,
      webhookUrl: `${new URL(slack.url).origin}/services/TFAKE0000/BFAKE0000/${SECRET.webhookToken}`,
      opensearchUrl: `http://sluice:${SECRET.opensearchPassword}@127.0.0.1:${new URL(opensearch.url).port}`,
    });
  } finally {
    await Promise.all([slack.close(), opensearch.close(), s3.close()]);
  }
}

describe('no secret in logs, errors or state', () => {
  test('the Lambda handlers, with S3 down, OpenSearch failing and Slack failing', () =>
    withServices(async ({ slack, opensearch, s3, stack, webhookUrl, opensearchUrl }) => {
      await s3.setMode(ProxyMode.unavailable);
      slack
        .setDefault(SlackReplies.serverError())
        .enqueue(SlackReplies.disconnect(), SlackReplies.rateLimited(30));
      opensearch.faultRequests(...Array.from({ length: 200 }, () => Faults.requestUnavailable()));
      const table = await freshTable('secrets');
      const files = {
        msk: join(dir, 'msk.json'),
        notify: join(root, 'test', 'events', 'notify', 'eventbridge-alarm.json'),
        schedule: join(root, 'test', 'events', 'sweep', 'scheduled-event.json'),
      };
      writeFileSync(files.msk, JSON.stringify(hostileBatch(Date.now() - 60_000)));
      const env = {
        AWS_REGION: stack.region,
        AWS_ACCESS_KEY_ID: 'FAKEaccessKEYsluice',
        AWS_SECRET_ACCESS_KEY: SECRET.awsSecretKey,
        AWS_SESSION_TOKEN: SECRET.sessionToken,
        AWS_ENDPOINT_URL_S3: s3.url,
        AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodb.endpoint ?? '',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        SLUICE_BUCKET: 'sluice-secrets',
        SLUICE_TABLE: table,
        OPENSEARCH_URL: opensearchUrl,
        OPENSEARCH_REQUEST_TIMEOUT: '1s',
        SLACK_WEBHOOK_URL: webhookUrl,
      };
      const ran = await run(
        [
          '--import',
          'tsx',
          join('test', 'security', 'support', 'invoke-handlers.ts'),
          files.msk,
          files.notify,
          files.schedule,
        ],
        env,
      );
      assert.equal(ran.code, 0, ran.stderr);
      // The failures happened, and were printed.
      const printed = ran.stdout.split('\n').filter((line) => line.startsWith('{'));
      const errors = printed
        .map((line) => JSON.parse(line) as { errorType?: string })
        .filter((line) => line.errorType);
      assert.ok(errors.length >= 3, `index, archive and rehydrate failed: ${ran.stdout.slice(0, 2000)}`);
      // Powertools writes error lines to stderr (both reach CloudWatch in Lambda).
      assert.match(ran.stderr, /invocation failed, it will be retried/);
      assert.ok(slack.posts.length >= 2, 'detect and notify tried Slack');

      if (process.env.SECRETS_DEBUG) process.stderr.write(`${ran.stdout}\n---\n${ran.stderr}\n`);
      assertNoSecret('stdout', ran.stdout, webhookUrl);
      assertNoSecret('stderr', ran.stderr, webhookUrl);
      const items = await (await testDynamoClient()).send(new ScanCommand({ TableName: table }));
      assert.ok((items.Items ?? []).length > 0, 'detect wrote windows and alerts');
      assertNoSecret('the table', JSON.stringify(items.Items), webhookUrl);
      assertNoSecret('Slack posts', JSON.stringify(slack.posts.map((post) => post.body)), webhookUrl);
    }));

  test('sluice replay, sweep and state, and a replay that gives up', () =>
    withServices(async ({ slack, opensearch, s3, webhookUrl, opensearchUrl }) => {
      slack.setDefault(SlackReplies.serverError());
      opensearch.faultRequests(Faults.requestUnavailable(), Faults.disconnect());
      const events = join(dir, 'events');
      rmSync(events, { recursive: true, force: true });
      mkdirSync(events);
      writeFileSync(join(events, 'hostile.json'), JSON.stringify(hostileBatch(Date.now() - 120_000)));
      const env = {
        ...(await testStackEnv()),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ENDPOINT_URL_S3: s3.url,
        SLUICE_BUCKET: await freshBucket('secrets'),
        SLUICE_TABLE: await freshTable('secrets'),
        OPENSEARCH_URL: opensearchUrl,
        SLACK_WEBHOOK_URL: webhookUrl,
      };
      const sluice = (...args: string[]) => run([join('bin', 'sluice.js'), ...args], env);
      const replay = await sluice('replay', events, '--json');
      assert.equal(replay.code, 0, replay.stderr);
      assert.ok((JSON.parse(replay.stdout) as { alerts: unknown[] }).alerts.length > 0, 'alerts fired');
      const sweep = await sluice('sweep');
      const state = await sluice('state', '--json');
      assert.equal(state.code, 0, state.stderr);
      assert.ok((JSON.parse(state.stdout) as { alerts: unknown[] }).alerts.length > 0);
      await s3.setMode(ProxyMode.refuse);
      const failed = await sluice('replay', events, '--json');
      assert.notEqual(failed.code, 0, 'gives up with S3 down');
      assert.match(failed.stderr, /ECONNREFUSED|S3|archive/);
      for (const [what, ran] of Object.entries({ replay, sweep, state, failed })) {
        assertNoSecret(`sluice ${what} stdout`, ran.stdout, webhookUrl);
        assertNoSecret(`sluice ${what} stderr`, ran.stderr, webhookUrl);
      }
      assert.ok(slack.posts.length > 0, 'Slack was tried');
    }));
});
