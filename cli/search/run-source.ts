import { stackSource, startLocalStack } from '../../infra/local/stack';
import { clientForConfig } from '../../shared/adapters/opensearch/client';
import { sendRequest } from '../../shared/adapters/opensearch/client-transport';
import { resolveConfiguredEndpoint } from '../../shared/adapters/opensearch/endpoint';
import { createS3Client } from '../../shared/adapters/s3/client';
import { S3Bucket } from '../../shared/adapters/s3/s3-bucket';
import { loadConfig, type SluiceConfig } from '../../shared/config';
import { ConfigError } from '../../shared/errors';
import { type ScanProgress, searchArchive } from './archive-source';
import { searchOpenSearch } from './opensearch-source';
import type { SearchQuery } from './query';
import { type SearchResult, SearchSource } from './types';

export interface RunSourceOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The embedded stack's data dir, for the archive when AWS_ENDPOINT_URL_S3 is not set. */
  readonly dataDir: string;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Told where the archive's local S3 server came from (reused or started), when there is one. */
  readonly onStack?: (line: string) => void;
}

/** Whether the configuration names an OpenSearch (a URL or a domain). */
export const openSearchConfigured = (config: SluiceConfig): boolean =>
  config.opensearch.url !== undefined || config.opensearch.domainName !== undefined;

/**
 * Runs the query where it belongs: OpenSearch when asked for or (with `auto`) configured; otherwise
 * the S3 archive the environment names, else the embedded stack's (started or reused for `dataDir`).
 *
 * @example
 * await runSearchSource(query, 'auto', { env: process.env, dataDir: '.sluice' });
 */
export async function runSearchSource(
  query: SearchQuery,
  source: SearchSource,
  options: RunSourceOptions,
): Promise<SearchResult> {
  const config = loadConfig(options.env);
  const useOpenSearch =
    source === SearchSource.opensearch || (source === SearchSource.auto && openSearchConfigured(config));
  if (useOpenSearch) {
    const node = await resolveConfiguredEndpoint(config);
    if (node === undefined)
      throw new ConfigError(
        'OpenSearch is not configured: set OPENSEARCH_URL (or OPENSEARCH_DOMAIN), or search the archive',
      );
    const client = clientForConfig(config, node);
    try {
      return await searchOpenSearch(
        (request) => sendRequest(client, request, request.headers ? { headers: request.headers } : {}),
        config.opensearch.indexPrefix,
        query,
      );
    } finally {
      await client.close();
    }
  }
  // The archive is all a search reads: no DynamoDB Local to start (or wait for).
  const stack = await startLocalStack({ dataDir: options.dataDir, s3Only: true }, config);
  const served = stackSource(stack, options.dataDir);
  if (served) options.onStack?.(served);
  const local = loadConfig({ ...options.env, ...stack.env });
  const s3 = createS3Client(local);
  try {
    return await searchArchive(new S3Bucket(s3, local.s3.bucket), query, {
      maxClockSkewMs: local.maxClockSkewMs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    s3.destroy();
    await stack.stop();
  }
}
