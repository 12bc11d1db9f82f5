import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client';
import { createS3Client } from '../../shared/adapters/s3/client';
import { loadConfig, type SluiceConfig } from '../../shared/config';
import {
  installHint,
  installPackages,
  isRoot,
  javaPackages,
  missingPackages,
  swiftPackages,
} from './debian-packages';
import { startDynamoDbLocal } from './dynamodb-local';
import { ensureTable } from './dynamodb-table';
import { LocalStackError } from './errors';
import { localCredentials } from './local-credentials';
import { ensureBucket } from './s3-bucket';
import { startS3rver } from './s3rver';
import { startOrReuse } from './server-file';
import { describeServiceError, type ServiceAt } from './service-error';
import { startSwift } from './swift';
import { type LocalStack, type LocalStackOptions, type RunningService, S3Server } from './types';

const external = (endpoint: string): RunningService => ({ endpoint, kind: 'external', stop: async () => {} });
/** DynamoDB when the caller needs S3 only (`s3Only`). */
const notStarted: RunningService = { endpoint: '', kind: 'none', stop: async () => {} };

const javaMissing = (): Promise<boolean> =>
  promisify(execFile)('java', ['-version']).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
  );

/** Swift or s3rver, after installing Swift's packages when asked to and allowed to. */
async function chooseS3(options: LocalStackOptions): Promise<'swift' | 's3rver'> {
  const wanted = options.s3 ?? S3Server.auto;
  if (wanted === S3Server.s3rver) return 's3rver';
  const missing = await missingPackages(swiftPackages);
  if (missing.length === 0) return 'swift';
  if (wanted === S3Server.auto) return 's3rver';
  if (options.installMissing && isRoot()) {
    await installPackages(missing, options.log ?? (() => {}));
    return 'swift';
  }
  throw new LocalStackError(
    `the Swift S3 server needs Debian packages that are missing; run: ${installHint(missing)}`,
  );
}

async function startS3(
  kind: 'swift' | 's3rver',
  options: LocalStackOptions,
  dataDir: string,
  region: string,
) {
  const start = (dir: string | undefined) =>
    kind === 'swift' ? startSwift({ root: dir, region }) : startS3rver({ directory: dir });
  if (options.inMemory) return start(undefined);
  const dir = join(dataDir, 's3', kind);
  return startOrReuse(dir, () => start(dir), {
    name: kind === 'swift' ? 'Swift (S3 API)' : 's3rver',
    ...(options.log ? { log: options.log } : {}),
  });
}

async function startDynamoDb(options: LocalStackOptions, dataDir: string): Promise<RunningService> {
  if (options.installMissing && isRoot() && (await javaMissing())) {
    await installPackages(await missingPackages(javaPackages), options.log ?? (() => {}));
  }
  if (options.inMemory) return startDynamoDbLocal();
  const dir = join(dataDir, 'dynamodb');
  return startOrReuse(dir, () => startDynamoDbLocal({ dbPath: dir }), {
    name: 'DynamoDB Local',
    ...(options.log ? { log: options.log } : {}),
  });
}

/** Stops every service that started, whatever else failed. */
async function stopAll(services: readonly (RunningService | undefined)[]): Promise<void> {
  await Promise.allSettled(services.map((service) => service?.stop()));
}

/**
 * Starts the local stack: DynamoDB Local and an S3 API server (Swift, or s3rver without it), each
 * unless the environment already names its endpoint (`AWS_ENDPOINT_URL_DYNAMODB`,
 * `AWS_ENDPOINT_URL_S3`), then creates the table and the bucket. With a data dir, a server already
 * running for that directory in another process is reused.
 *
 * @example
 * const stack = await startLocalStack({ inMemory: true });
 * const config = loadConfig({ ...process.env, ...stack.env });
 * // ... run against config ...
 * await stack.stop();
 */
export async function startLocalStack(
  options: LocalStackOptions = {},
  config: SluiceConfig = loadConfig(),
): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir ?? '.sluice');
  const region = config.region;
  const namedS3 = config.s3.endpoint;
  const namedDynamoDb = config.dynamodb.endpoint;
  const s3Kind = namedS3 === undefined ? await chooseS3(options) : undefined;

  const [s3Result, dynamoResult] = await Promise.allSettled([
    s3Kind === undefined ? external(namedS3 as string) : startS3(s3Kind, options, dataDir, region),
    options.s3Only
      ? notStarted
      : namedDynamoDb === undefined
        ? startDynamoDb(options, dataDir)
        : external(namedDynamoDb),
  ]);
  const s3 = s3Result.status === 'fulfilled' ? s3Result.value : undefined;
  const dynamodb = dynamoResult.status === 'fulfilled' ? dynamoResult.value : undefined;
  if (!s3 || !dynamodb) {
    await stopAll([s3, dynamodb]);
    const reason =
      s3Result.status === 'rejected' ? s3Result.reason : (dynamoResult as PromiseRejectedResult).reason;
    throw new LocalStackError(reason instanceof Error ? reason.message : String(reason), { cause: reason });
  }

  const resolved: SluiceConfig = {
    ...config,
    s3: { ...config.s3, endpoint: s3.endpoint },
    dynamodb: { ...config.dynamodb, endpoint: dynamodb.endpoint },
  };
  const ownS3 = s3.kind !== 'external';
  const s3Client = createS3Client(resolved, ownS3 ? localCredentials : undefined);
  // DynamoDB Local takes any credentials; the environment may have none.
  const dynamoClient = options.s3Only
    ? undefined
    : createDynamoClient(resolved, dynamodb.kind === 'external' ? undefined : localCredentials);
  // The first requests to each service: a failure names the service, where it is and what to do.
  const at = (name: string, service: RunningService, variable: string | undefined): ServiceAt => ({
    name,
    endpoint: service.endpoint,
    source:
      service.kind === 'external' ? (variable ?? 'the environment') : `the local stack's ${service.kind}`,
    region,
  });
  const [bucket, table] = await Promise.allSettled([
    ensureBucket(s3Client, config.s3.bucket),
    dynamoClient && ensureTable(dynamoClient, config.dynamodb.table),
  ]);
  s3Client.destroy();
  dynamoClient?.destroy();
  const failures = [
    bucket.status === 'rejected'
      ? describeServiceError(
          bucket.reason,
          at('S3', s3, config.s3.endpointVariable),
          `creating bucket ${config.s3.bucket}`,
        )
      : undefined,
    table.status === 'rejected'
      ? describeServiceError(
          table.reason,
          at('DynamoDB', dynamodb, config.dynamodb.endpointVariable),
          `creating table ${config.dynamodb.table}`,
        )
      : undefined,
  ].filter((line) => line !== undefined);
  if (failures.length > 0) {
    await stopAll([s3, dynamodb]);
    const cause = bucket.status === 'rejected' ? bucket.reason : (table as PromiseRejectedResult).reason;
    throw new LocalStackError(failures.join('; '), { cause });
  }

  const env: Record<string, string> = {
    AWS_REGION: region,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    ...(options.s3Only ? {} : { AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint }),
    ...(ownS3
      ? {
          AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
        }
      : {}),
    SLUICE_BUCKET: config.s3.bucket,
    ...(options.s3Only ? {} : { SLUICE_TABLE: config.dynamodb.table }),
  };
  let stopping: Promise<void> | undefined;
  return {
    env: Object.freeze(env),
    s3,
    dynamodb,
    stop: () => {
      stopping ??= stopAll([s3, dynamodb]);
      return stopping;
    },
  };
}

/**
 * Where a command's local servers came from, for one line to the user: the run that serves the data
 * dir and was reused, or this command that had to start them; undefined when the environment named
 * every endpoint.
 *
 * @example
 * stackSource(stack, '.sluice'); // 'using the local stack of sluice start (pid 4242) for .sluice'
 */
export function stackSource(stack: Pick<LocalStack, 's3' | 'dynamodb'>, dataDir: string): string | undefined {
  const local = [stack.s3, stack.dynamodb].filter((s) => s.kind !== 'external' && s.kind !== 'none');
  if (local.length === 0) return undefined;
  const owners = [...new Set(local.map((s) => s.reusedFrom))];
  if (owners.every((owner) => owner !== undefined))
    return `using the local stack of ${owners.join(' and ')} for ${dataDir}`;
  return `started the local stack for ${dataDir} (keep \`sluice stack --data-dir ${dataDir}\` running to read without starting it)`;
}
