import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { localCredentials } from '../../../infra/local/local-credentials';
import { startLocalStack } from '../../../infra/local/stack';
import type { LocalStack } from '../../../infra/local/types';
import { createDynamoClient } from '../../../shared/adapters/dynamodb/client';
import { createS3Client } from '../../../shared/adapters/s3/client';
import { loadConfig, type SluiceConfig } from '../../../shared/config';
import { testConfig, uniqueName } from '../../helpers/local-stack';

/** A configuration that names no endpoint, so startLocalStack starts its own servers. */
const bare = (): SluiceConfig =>
  loadConfig({ AWS_REGION: 'us-east-1', SLUICE_BUCKET: uniqueName('bkt'), SLUICE_TABLE: uniqueName('tbl') });

const clientsFor = (stack: LocalStack) => {
  const config = loadConfig(stack.env);
  return {
    config,
    s3: createS3Client(config, localCredentials),
    dynamodb: createDynamoClient(config, localCredentials),
  };
};

/** 127.0.0.1 as /proc/net/tcp writes it, and as /proc/net/tcp6 writes ::ffff:127.0.0.1 (Java). */
const loopback = new Set(['0100007F', '0000000000000000FFFF00000100007F']);

/** The local addresses that listen on `port`, from /proc/net/tcp{,6}. */
function listeners(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === '0A' && fields[1]?.endsWith(`:${hex}`))
      .map((fields) => fields[1]?.split(':')[0] ?? ''),
  );
}

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('startLocalStack', () => {
  test('servers listen on 127.0.0.1 only', { skip: !existsSync('/proc/net/tcp') }, async () => {
    const config = await testConfig();
    for (const endpoint of [config.s3.endpoint, config.dynamodb.endpoint]) {
      assert.ok(endpoint);
      const addresses = listeners(Number(new URL(endpoint).port));
      assert.equal(addresses.length, 1, endpoint);
      assert.ok(loopback.has(addresses[0] ?? ''), `${endpoint} listens on ${addresses[0]}`);
    }
  });

  test('state in the data dir survives a restart; a second stack on it reuses the servers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-stack-test-'));
    dirs.push(dataDir);
    const config = bare();
    const first = await startLocalStack({ dataDir, s3: 'swift' }, config);
    const second = await startLocalStack({ dataDir, s3: 'swift' }, config);
    assert.equal(second.env.AWS_ENDPOINT_URL_S3, first.env.AWS_ENDPOINT_URL_S3);
    assert.equal(second.env.AWS_ENDPOINT_URL_DYNAMODB, first.env.AWS_ENDPOINT_URL_DYNAMODB);

    const a = clientsFor(second);
    await a.s3.send(new PutObjectCommand({ Bucket: config.s3.bucket, Key: 'kept.txt', Body: 'still here' }));
    await a.dynamodb.send(
      new PutItemCommand({ TableName: config.dynamodb.table, Item: { pk: { S: 'k' }, sk: { S: '1' } } }),
    );
    await second.stop(); // reused servers: stopping the second stack leaves them running
    const stillServing = await a.s3.send(new HeadBucketCommand({ Bucket: config.s3.bucket }));
    assert.equal(stillServing.$metadata.httpStatusCode, 200);
    await first.stop();
    assert.equal(existsSync(join(dataDir, 'dynamodb', 'server.json')), false);

    const third = await startLocalStack({ dataDir, s3: 'swift' }, config);
    try {
      const b = clientsFor(third);
      const object = await b.s3.send(new GetObjectCommand({ Bucket: config.s3.bucket, Key: 'kept.txt' }));
      assert.equal(await object.Body?.transformToString(), 'still here');
      const item = await b.dynamodb.send(
        new GetItemCommand({ TableName: config.dynamodb.table, Key: { pk: { S: 'k' }, sk: { S: '1' } } }),
      );
      assert.equal(item.Item?.sk?.S, '1');
    } finally {
      await third.stop();
    }
  });

  test('a service the environment names is used, not started; its bucket and table are created', async () => {
    const given = await testConfig();
    const config = loadConfig({
      AWS_REGION: given.region,
      AWS_ENDPOINT_URL_S3: given.s3.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: given.dynamodb.endpoint,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      SLUICE_BUCKET: uniqueName('named'),
      SLUICE_TABLE: uniqueName('named'),
    });
    const stack = await startLocalStack({ inMemory: true }, config);
    await stack.stop();
    assert.equal(stack.s3.kind, 'external');
    assert.equal(stack.dynamodb.kind, 'external');
    assert.equal(stack.env.AWS_ENDPOINT_URL_S3, given.s3.endpoint);
    assert.equal(
      stack.env.AWS_ACCESS_KEY_ID,
      undefined,
      'the credentials of a named S3 are the environment’s',
    );
    const s3 = createS3Client(config, localCredentials);
    const head = await s3.send(new HeadBucketCommand({ Bucket: config.s3.bucket }));
    assert.equal(head.$metadata.httpStatusCode, 200);
  });

  test('s3rver keeps uploads intact with the client settings of createS3Client', async () => {
    const given = await testConfig();
    const config = loadConfig({
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: given.dynamodb.endpoint,
      SLUICE_BUCKET: uniqueName('s3rver'),
      SLUICE_TABLE: uniqueName('s3rver'),
    });
    const stack = await startLocalStack({ inMemory: true, s3: 's3rver' }, config);
    try {
      assert.equal(stack.s3.kind, 's3rver');
      const { s3 } = clientsFor(stack);
      const body = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31) % 256));
      await s3.send(new PutObjectCommand({ Bucket: config.s3.bucket, Key: 'a/b.bin', Body: body }));
      const got = await s3.send(new GetObjectCommand({ Bucket: config.s3.bucket, Key: 'a/b.bin' }));
      assert.deepEqual(Buffer.from((await got.Body?.transformToByteArray()) ?? []), body);
    } finally {
      await stack.stop();
    }
  });
});
