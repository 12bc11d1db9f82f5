import { DescribeDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { SluiceConfig } from '../../config';
import { ConfigError, TransientSinkError } from '../../errors';
import { indexPrefixProblem } from './naming';

/** The parts of DescribeDomain's `DomainStatus` that say where the domain answers. */
export interface DomainEndpoints {
  readonly DomainName?: string | undefined;
  readonly Endpoint?: string | undefined;
  readonly EndpointV2?: string | undefined;
  readonly Endpoints?: Record<string, string> | undefined;
  readonly Deleted?: boolean | undefined;
}

/**
 * The HTTPS URL of a domain from its DescribeDomain status: the VPC endpoint for a VPC domain, else
 * the public one (IPv4, then dual-stack). Throws a `ConfigError` that says what to do when the domain
 * has none yet (still being created) or is being deleted.
 *
 * @example
 * endpointUrl({ Endpoints: { vpc: 'vpc-logs-abc.eu-west-1.es.amazonaws.com' } });
 * // 'https://vpc-logs-abc.eu-west-1.es.amazonaws.com'
 */
export function endpointUrl(status: DomainEndpoints): string {
  const name = status.DomainName ?? 'the domain';
  if (status.Deleted) throw new ConfigError(`OpenSearch domain ${name} is being deleted`);
  const host = status.Endpoints?.vpc ?? status.Endpoint ?? status.EndpointV2 ?? status.Endpoints?.vpcv2;
  if (!host) {
    throw new ConfigError(
      `OpenSearch domain ${name} has no endpoint yet (still being created?); set OPENSEARCH_URL or retry later`,
    );
  }
  return `https://${host}`;
}

/** Looks a domain up by name; injected so the resolution logic runs without AWS. */
export type DescribeDomain = (name: string) => Promise<DomainEndpoints>;

/**
 * DescribeDomain through the AWS SDK (needs `es:DescribeDomain` on the domain). Imported statically and by
 * name: esbuild cannot tree-shake a client loaded with `import()`, which put all 100 of its commands in
 * the index bundle; this way it holds DescribeDomain alone, and loads no slower.
 */
export function sdkDescribeDomain(region: string): DescribeDomain {
  return async (name) => {
    const client = new OpenSearchClient({ region });
    const { DomainStatus } = await client.send(new DescribeDomainCommand({ DomainName: name }));
    if (!DomainStatus) throw new ConfigError(`OpenSearch domain ${name}: DescribeDomain returned no status`);
    return DomainStatus;
  };
}

/**
 * Where OpenSearch is: `OPENSEARCH_URL` when set, else the endpoint of the domain `OPENSEARCH_DOMAIN`
 * names, else undefined (OpenSearch not configured). A domain that does not exist is a `ConfigError`;
 * any other failure of the lookup (throttling, network) a `TransientSinkError`, so the batch is retried.
 *
 * @example
 * await resolveOpenSearchUrl({ url: undefined, domainName: 'logs' }, sdkDescribeDomain('eu-west-1'));
 */
export async function resolveOpenSearchUrl(
  settings: { readonly url: string | undefined; readonly domainName: string | undefined },
  describe: DescribeDomain,
): Promise<string | undefined> {
  if (settings.url !== undefined) return settings.url;
  if (settings.domainName === undefined) return undefined;
  try {
    return endpointUrl(await describe(settings.domainName));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const message = `cannot resolve OpenSearch domain ${settings.domainName} (${reason})`;
    if (error instanceof Error && error.name === 'ResourceNotFoundException') {
      throw new ConfigError(`${message}: check OPENSEARCH_DOMAIN and the region, or set OPENSEARCH_URL`, {
        cause: error,
      });
    }
    throw new TransientSinkError(message, { cause: error });
  }
}

/**
 * The endpoint the configuration names (after checking the index prefix), or undefined when
 * OpenSearch is not configured. Shared by the index function and `sluice opensearch setup`.
 *
 * @example
 * const node = await resolveConfiguredEndpoint(loadConfig());
 */
export async function resolveConfiguredEndpoint(
  config: SluiceConfig,
  describe: DescribeDomain = sdkDescribeDomain(config.region),
): Promise<string | undefined> {
  const prefix = config.opensearch.indexPrefix;
  const problem = indexPrefixProblem(prefix);
  if (problem) throw new ConfigError(`OPENSEARCH_INDEX_PREFIX ${problem}, got "${prefix}"`);
  return resolveOpenSearchUrl(config.opensearch, describe);
}
