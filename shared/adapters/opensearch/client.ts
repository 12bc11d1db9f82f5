import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import type { SluiceConfig } from '../../config';

export interface OpenSearchClientOptions {
  /** Endpoint URL, e.g. `https://search-logs-abc.eu-west-1.es.amazonaws.com` or `http://localhost:9200`. */
  readonly node: string;
  /** `es` (managed domain), `aoss` (serverless collection) or `none` (plain URL, basic auth in it if any). */
  readonly signing: 'es' | 'aoss' | 'none';
  readonly region: string;
  /** Default timeout of one request, ms (each `_bulk` gets a shorter one near the end of the budget). */
  readonly requestTimeoutMs: number;
  /** Requests in flight at once: sizes the keep-alive pool. */
  readonly concurrency: number;
  /** Credentials for SigV4; default: the AWS SDK's default chain (Lambda role, env, profile). */
  readonly getCredentials?: () => Promise<AwsCredentialIdentity>;
}

/**
 * Builds the OpenSearch client, once per container. Settings chosen on purpose:
 * - no client retries (`maxRetries: 0`): the bulk writer retries only failed items, with backoff, in
 *   the Lambda's time budget; a blind whole-request retry would re-send what already succeeded;
 * - keep-alive sockets (one per request in flight), so warm invocations skip the TCP and TLS
 *   handshakes; a socket the server closed while the container was frozen fails its request fast
 *   (reset), and that request is retried like any failed one;
 * - responses gzip'd (`accept-encoding`); request bodies are compressed by the writer itself;
 * - one node, never marked dead (`resurrectStrategy: 'none'`): there is nothing to fail over to.
 *
 * @example
 * const client = createOpenSearchClient({ node: 'http://localhost:9200', signing: 'none', region: 'us-east-1', requestTimeoutMs: 30_000, concurrency: 2 });
 */
export function createOpenSearchClient(options: OpenSearchClientOptions): Client {
  const signer =
    options.signing === 'none'
      ? {}
      : AwsSigv4Signer({
          region: options.region,
          service: options.signing,
          getCredentials: options.getCredentials ?? defaultProvider(),
        });
  return new Client({
    ...signer,
    node: options.node,
    maxRetries: 0,
    requestTimeout: options.requestTimeoutMs,
    suggestCompression: true,
    resurrectStrategy: 'none',
    agent: {
      keepAlive: true,
      keepAliveMsecs: 1_000,
      maxSockets: options.concurrency + 1,
      maxFreeSockets: options.concurrency + 1,
    },
  });
}

/**
 * The client for `node` with the configuration's signing, region, timeout and concurrency
 * (any of them overridden).
 *
 * @example
 * const client = clientForConfig(config, 'http://localhost:9200');
 */
export function clientForConfig(
  config: SluiceConfig,
  node: string,
  overrides: Partial<Omit<OpenSearchClientOptions, 'node'>> = {},
): Client {
  return createOpenSearchClient({
    node,
    signing: config.opensearch.signing,
    region: config.region,
    requestTimeoutMs: config.opensearch.requestTimeoutMs,
    concurrency: config.opensearch.concurrency,
    ...overrides,
  });
}
