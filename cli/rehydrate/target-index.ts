import { renderOpenSearchAssets } from '../../infra/opensearch/assets';
import { describeError } from '../../shared/adapters/opensearch/classify';
import { clientForConfig } from '../../shared/adapters/opensearch/client';
import { sendRequest } from '../../shared/adapters/opensearch/client-transport';
import { resolveConfiguredEndpoint } from '../../shared/adapters/opensearch/endpoint';
import type { SluiceConfig } from '../../shared/config';
import { ConfigError, SluiceError } from '../../shared/errors';

/** What creating the target index did. */
export type TargetIndexAction = 'created' | 'exists';

/**
 * Creates the separate index `sluice rehydrate --index NAME` writes to, with the settings and mappings
 * of the sluice index template (infra/opensearch), so a rebuild can be checked before it replaces
 * anything. An index that exists already is left as it is.
 *
 * @example
 * await createTargetIndex(config, 'rebuild-2026-11'); // 'created'
 */
export async function createTargetIndex(config: SluiceConfig, name: string): Promise<TargetIndexAction> {
  const node = await resolveConfiguredEndpoint(config);
  if (node === undefined) {
    throw new ConfigError(
      `OpenSearch is not configured: set OPENSEARCH_URL or OPENSEARCH_DOMAIN to create index ${name}`,
    );
  }
  const { indexTemplate } = renderOpenSearchAssets(
    config.opensearch.indexPrefix,
    config.opensearch.retentionMs,
  );
  const { settings, mappings } = indexTemplate.template as { settings: unknown; mappings: unknown };
  const client = clientForConfig(config, node, { concurrency: 1 });
  try {
    const answer = await sendRequest(client, {
      method: 'PUT',
      path: `/${encodeURIComponent(name)}`,
      body: { settings, mappings } as Record<string, unknown>,
    });
    if (answer.status >= 200 && answer.status < 300) return 'created';
    const { type, reason } = describeError((answer.body as { error?: unknown } | undefined)?.error);
    if (type === 'resource_already_exists_exception') return 'exists';
    throw new SluiceError(`OpenSearch refused to create index ${name}: ${answer.status} ${type}: ${reason}`);
  } catch (error) {
    if (error instanceof SluiceError) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new SluiceError(`cannot reach OpenSearch to create index ${name} (${reason})`, { cause: error });
  } finally {
    await client.close();
  }
}
