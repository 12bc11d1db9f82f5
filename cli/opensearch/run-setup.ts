import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { Client } from '@opensearch-project/opensearch';
import { renderOpenSearchAssets } from '../../infra/opensearch/assets';
import { clientForConfig } from '../../shared/adapters/opensearch/client';
import { sendRequest } from '../../shared/adapters/opensearch/client-transport';
import { type DescribeDomain, resolveConfiguredEndpoint } from '../../shared/adapters/opensearch/endpoint';
import { OpenSearchSetupError } from '../../shared/adapters/opensearch/errors';
import {
  applyIndexTemplate,
  applyIsmPolicy,
  importDashboards,
  type OpenSearchHttp,
  type SetupStep,
} from '../../shared/adapters/opensearch/setup';
import type { SluiceConfig } from '../../shared/config';
import { ConfigError } from '../../shared/errors';

export interface SetupOptions {
  /** ISM retention, ms (default: `config.opensearch.retentionMs`). */
  readonly retentionMs?: number;
  /** Read only: report what would change. */
  readonly dryRun?: boolean;
  /** Injected for tests. */
  readonly describeDomain?: DescribeDomain;
  readonly getCredentials?: () => Promise<AwsCredentialIdentity>;
}

/**
 * Where Dashboards answers: `DASHBOARDS_URL`, else the `/_dashboards` path of an AWS managed domain,
 * else nowhere known (the import is skipped with a hint).
 */
export function dashboardsUrl(config: SluiceConfig, node: string): string | undefined {
  if (config.dashboardsUrl !== undefined) return config.dashboardsUrl;
  return config.opensearch.signing === 'es' ? `${node.replace(/\/+$/, '')}/_dashboards` : undefined;
}

/** HTTP through a client; a request that gets no answer becomes a setup error naming the URL. */
function reachable(client: Client, url: string): OpenSearchHttp {
  return async (request) => {
    try {
      return await sendRequest(client, request, request.headers ? { headers: request.headers } : {});
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new OpenSearchSetupError(`cannot reach ${new URL(url).origin} (${reason})`, { cause: error });
    }
  };
}

/**
 * `sluice opensearch setup`: applies the index template, the ISM retention policy and the Dashboards
 * saved objects, each idempotently (an unchanged resource is left alone), and says what it did.
 *
 * @example
 * for (const step of await runOpenSearchSetup(loadConfig())) console.log(step.resource, step.action);
 */
export async function runOpenSearchSetup(
  config: SluiceConfig,
  options: SetupOptions = {},
): Promise<SetupStep[]> {
  const settings = config.opensearch;
  const node = await resolveConfiguredEndpoint(config, options.describeDomain);
  if (node === undefined) {
    throw new ConfigError(
      'OpenSearch is not configured: set OPENSEARCH_URL (or OPENSEARCH_DOMAIN for an AWS domain)',
    );
  }
  const clientFor = (url: string, signing: 'es' | 'aoss' | 'none') =>
    clientForConfig(config, url, {
      signing,
      concurrency: 1,
      ...(options.getCredentials ? { getCredentials: options.getCredentials } : {}),
    });
  const assets = renderOpenSearchAssets(settings.indexPrefix, options.retentionMs ?? settings.retentionMs);
  const client = clientFor(node, settings.signing);
  const dashboards = dashboardsUrl(config, node);
  const dashboardsClient =
    dashboards === undefined
      ? undefined
      : clientFor(
          dashboards,
          new URL(dashboards).hostname.endsWith('.amazonaws.com') ? settings.signing : 'none',
        );
  const http = reachable(client, node);
  const dashboardsHttp = dashboardsClient && dashboards ? reachable(dashboardsClient, dashboards) : undefined;
  try {
    return [
      await applyIndexTemplate(http, assets, options.dryRun),
      await applyIsmPolicy(http, assets, options.dryRun),
      await importDashboards(dashboardsHttp, assets, options.dryRun),
    ];
  } finally {
    await client.close();
    await dashboardsClient?.close();
  }
}
