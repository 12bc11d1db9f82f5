import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCredentials, swiftUser } from './local-credentials';
import type { RunningService } from './types';

/** The part of s3rver's API used here (the package ships no types). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
interface S3rverAccounts {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
}

export interface S3rverOptions {
  /** Where objects are kept; undefined uses a temporary directory removed on stop. */
  readonly directory?: string;
}

/**
 * Starts s3rver in this process on a free 127.0.0.1 port, accepting the local stack's credentials.
 * Clients must use path-style addressing and `WHEN_REQUIRED` checksums (see createS3Client), and
 * live with its limits (infra/local/README.md).
 *
 * @example
 * const s3 = await startS3rver({ directory: '.sluice/s3/s3rver' });
 */
export async function startS3rver(options: S3rverOptions = {}): Promise<RunningService> {
  const S3rver = require('s3rver') as S3rverClass;
  const accounts = require('s3rver/lib/models/account') as S3rverAccounts;
  for (const pair of [localCredentials, swiftUser]) {
    accounts.DUMMY_ACCOUNT.createKeyPair(pair.accessKeyId, pair.secretAccessKey);
  }
  const temporary = options.directory === undefined;
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'sluice-s3rver-'));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false });
  const { port } = await server.run();
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    kind: 's3rver',
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.close();
      if (temporary) rmSync(directory, { recursive: true, force: true });
    },
  };
}
