import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { exportLine } from '../../../cli/commands/stack';
import { endpointAnswers } from '../../../infra/local/endpoint-answers';
import { localCredentials } from '../../../infra/local/local-credentials';
import { createDynamoClient } from '../../../shared/adapters/dynamodb/client';
import { createS3Client } from '../../../shared/adapters/s3/client';
import { loadConfig } from '../../../shared/config';

const sluice = join(__dirname, '..', '..', '..', 'bin', 'sluice.js');

/** This environment without the endpoints of the test stack, so that `sluice stack` starts its own. */
function envWithoutEndpoints(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SLUICE_BUCKET: 'stack-cmd', SLUICE_TABLE: 'stack-cmd' };
  delete env.AWS_ENDPOINT_URL_S3;
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  delete env.AWS_ENDPOINT_URL;
  return env;
}

/** Reads `export NAME=value` lines until `count` have come. */
async function readExports(
  child: ChildProcessWithoutNullStreams,
  count: number,
): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line);
    assert.ok(match, `not an export line: ${line}`);
    found[match[1] as string] = match[2] as string;
    if (Object.keys(found).length === count) break;
  }
  return found;
}

describe('sluice stack', () => {
  test('prints export lines for a running stack, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [sluice, 'stack', '--in-memory'], { env: envWithoutEndpoints() });
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exited = once(child, 'exit');
    try {
      const env = await readExports(child, 7);
      assert.deepEqual(Object.keys(env).sort(), [
        'AWS_ACCESS_KEY_ID',
        'AWS_ENDPOINT_URL_DYNAMODB',
        'AWS_ENDPOINT_URL_S3',
        'AWS_REGION',
        'AWS_SECRET_ACCESS_KEY',
        'SLUICE_BUCKET',
        'SLUICE_TABLE',
      ]);
      assert.match(env.AWS_ENDPOINT_URL_S3 ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(env.AWS_ACCESS_KEY_ID, localCredentials.accessKeyId);
      const config = loadConfig(env);
      const tables = await createDynamoClient(config, localCredentials).send(new ListTablesCommand({}));
      assert.ok(tables.TableNames?.includes('stack-cmd'));
      const bucket = await createS3Client(config, localCredentials).send(
        new HeadBucketCommand({ Bucket: 'stack-cmd' }),
      );
      assert.equal(bucket.$metadata.httpStatusCode, 200);

      child.kill('SIGINT');
      const [code] = await exited;
      assert.equal(code, 0, stderr.join(''));
      assert.match(stderr.join(''), /stopped/);
      assert.equal(await endpointAnswers(env.AWS_ENDPOINT_URL_DYNAMODB ?? ''), false);
      assert.equal(await endpointAnswers(env.AWS_ENDPOINT_URL_S3 ?? ''), false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('--help explains it; a bad flag is one line and exit 2', () => {
    const help = spawnSync(process.execPath, [sluice, 'stack', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: sluice stack \[--data-dir DIR\]/);
    const bad = spawnSync(process.execPath, [sluice, 'stack', '--s3', 'minio'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    assert.match(bad.stderr, /--s3 must be one of auto, swift, s3rver/);
  });

  test('values that the shell would split are quoted', () => {
    assert.equal(exportLine('A', 'http://127.0.0.1:9000'), 'export A=http://127.0.0.1:9000');
    assert.equal(exportLine('B', "it's a b"), `export B='it'\\''s a b'`);
  });
});
