import { startLocalStack } from '../../infra/local/stack';
import { type LocalStack, S3Server } from '../../infra/local/types';
import { loadConfig } from '../../shared/config';

/**
 * The stack tests run against: DynamoDB Local and Swift, in memory, with the test bucket and table
 * created. Missing Debian packages are installed when running as root; otherwise the error names the
 * command to run. Endpoints the environment names are used instead of starting servers.
 * scripts/test.mjs starts one for the whole run; test/helpers/local-stack.ts starts one for a test
 * file run on its own.
 */
export function startTestStack(log: (line: string) => void = () => {}): Promise<LocalStack> {
  const config = loadConfig({
    ...process.env,
    SLUICE_BUCKET: process.env.SLUICE_BUCKET ?? 'sluice-test',
    SLUICE_TABLE: process.env.SLUICE_TABLE ?? 'sluice-test',
  });
  return startLocalStack({ inMemory: true, s3: S3Server.swift, installMissing: true, log }, config);
}
