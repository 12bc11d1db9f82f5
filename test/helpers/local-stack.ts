// Helpers for tests that need DynamoDB Local or the S3 server.
//
// `npm test` (scripts/test.mjs) starts one stack for the whole run and hands it to every test
// process through the standard variables (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB, region,
// credentials). A test file run on its own (`node --import tsx --test test/x.test.ts`) gets a stack
// of its own, started on first use, put into process.env the same way, and killed at exit.
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { ensureTable } from '../../infra/local/dynamodb-table';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client';
import { createS3Client } from '../../shared/adapters/s3/client';
import { loadConfig, type SluiceConfig } from '../../shared/config';
import { startTestStack } from './local-stack-global';

let ready: Promise<SluiceConfig> | undefined;
let s3: S3Client | undefined;
let dynamodb: DynamoDBClient | undefined;
let counter = 0;

async function connect(): Promise<SluiceConfig> {
  const given = loadConfig();
  if (given.s3.endpoint !== undefined && given.dynamodb.endpoint !== undefined) return given;
  const stack = await startTestStack();
  Object.assign(process.env, stack.env);
  return loadConfig();
}

/**
 * The configuration of the test stack (endpoints, region, default bucket and table), with the
 * bucket or table replaced when given.
 *
 * @example
 * const config = await testConfig({ bucket: await freshBucket() });
 */
export async function testConfig(names: { bucket?: string; table?: string } = {}): Promise<SluiceConfig> {
  ready ??= connect();
  const config = await ready;
  return {
    ...config,
    s3: { ...config.s3, bucket: names.bucket ?? config.s3.bucket },
    dynamodb: { ...config.dynamodb, table: names.table ?? config.dynamodb.table },
  };
}

/** The variables a spawned `sluice` (or any AWS tool) needs to reach the test stack. */
export async function testStackEnv(): Promise<Record<string, string>> {
  const config = await testConfig();
  return {
    AWS_REGION: config.region,
    AWS_ENDPOINT_URL_S3: config.s3.endpoint ?? '',
    AWS_ENDPOINT_URL_DYNAMODB: config.dynamodb.endpoint ?? '',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? '',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? '',
    SLUICE_BUCKET: config.s3.bucket,
    SLUICE_TABLE: config.dynamodb.table,
  };
}

/** The S3 client of this test process (shared; do not destroy it). */
export async function testS3Client(): Promise<S3Client> {
  const config = await testConfig();
  s3 ??= createS3Client(config);
  return s3;
}

/** The DynamoDB client of this test process (shared; do not destroy it). */
export async function testDynamoClient(): Promise<DynamoDBClient> {
  const config = await testConfig();
  dynamodb ??= createDynamoClient(config);
  return dynamodb;
}

/**
 * A name no other test uses, valid as an S3 bucket and a DynamoDB table name:
 * `<prefix>-<pid>-<n>-<random>`, lower case, at most 63 characters.
 */
export function uniqueName(prefix = 'test'): string {
  counter += 1;
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 30);
  return `${clean}-${process.pid.toString(36)}-${counter}-${randomBytes(3).toString('hex')}`;
}

/** Creates an empty bucket with a unique name and returns the name. */
export async function freshBucket(prefix = 'test'): Promise<string> {
  const name = uniqueName(prefix);
  await (await testS3Client()).send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

/** Creates the sluice table (schema, pending index, TTL on `expiresAt`) under a unique name. */
export async function freshTable(prefix = 'test'): Promise<string> {
  const name = uniqueName(prefix);
  await ensureTable(await testDynamoClient(), name);
  return name;
}
