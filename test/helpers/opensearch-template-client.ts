// A client of the OpenSearch double with sluice's index template applied, as `sluice opensearch setup`
// leaves a cluster: the mappings of infra/opensearch/index-template.json decide what is refused.
import type { Client } from '@opensearch-project/opensearch';
import { renderOpenSearchAssets } from '../../infra/opensearch/assets';
import { createOpenSearchClient } from '../../shared/adapters/opensearch/client';
import { sendRequest } from '../../shared/adapters/opensearch/client-transport';
import { applyIndexTemplate } from '../../shared/adapters/opensearch/setup';
import type { OpenSearchDouble } from './opensearch-double';

/**
 * A client of `double` (no signing) after the index template for `prefix` was applied; close it after.
 *
 * @example
 * const client = await templatedClient(await OpenSearchDouble.start());
 */
export async function templatedClient(double: OpenSearchDouble, prefix = 'logs-'): Promise<Client> {
  const client = createOpenSearchClient({
    node: double.url,
    signing: 'none',
    region: 'us-east-1',
    requestTimeoutMs: 5_000,
    concurrency: 2,
  });
  await applyIndexTemplate(
    (request) => sendRequest(client, request),
    renderOpenSearchAssets(prefix, 86_400_000),
  );
  return client;
}
