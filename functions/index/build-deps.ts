import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { OpenSearchBulkWriter } from '../../shared/adapters/opensearch/bulk-writer';
import { clientForConfig } from '../../shared/adapters/opensearch/client';
import { clientBulkTransport } from '../../shared/adapters/opensearch/client-transport';
import { type DescribeDomain, resolveConfiguredEndpoint } from '../../shared/adapters/opensearch/endpoint';
import type { SluiceConfig } from '../../shared/config';
import type { DeadLetterSink } from '../../shared/dead-letter/types';
import type { IndexDeps } from './types';

export interface BuildIndexOptions {
  /** The archive path's dead-letter writer, for `mapping_conflict` and `oversize` entries. */
  readonly deadLetters?: DeadLetterSink;
  /** `ReportBatchItemFailures` mode (see `IndexDeps`). */
  readonly reportItemFailures?: boolean;
  /** Injected for tests: the domain lookup and SigV4 credentials. */
  readonly describeDomain?: DescribeDomain;
  readonly getCredentials?: () => Promise<AwsCredentialIdentity>;
}

/**
 * Builds the index function's dependencies once per container: resolves the endpoint (URL, or the
 * domain's through DescribeDomain), the client (SigV4 for AWS) and the bulk writer. Resolves to
 * undefined when OpenSearch is not configured (neither `OPENSEARCH_URL` nor `OPENSEARCH_DOMAIN`).
 *
 * @example
 * const deps = await buildIndexDeps(loadConfig(), { deadLetters });
 * if (deps === undefined) log('OpenSearch not configured: indexing is off');
 */
export async function buildIndexDeps(
  config: SluiceConfig,
  options: BuildIndexOptions = {},
): Promise<IndexDeps | undefined> {
  const settings = config.opensearch;
  const node = await resolveConfiguredEndpoint(config, options.describeDomain);
  if (node === undefined) return undefined;
  const client = clientForConfig(
    config,
    node,
    options.getCredentials ? { getCredentials: options.getCredentials } : {},
  );
  const writer = new OpenSearchBulkWriter({
    transport: clientBulkTransport(client),
    chunkBytes: settings.chunkBytes,
    concurrency: settings.concurrency,
    requestTimeoutMs: settings.requestTimeoutMs,
  });
  return {
    writer,
    indexPrefix: settings.indexPrefix,
    ...(options.deadLetters ? { deadLetters: options.deadLetters } : {}),
    ...(options.reportItemFailures ? { reportItemFailures: true } : {}),
    close: () => client.close(),
  };
}
