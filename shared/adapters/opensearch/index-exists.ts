import type { Client } from '@opensearch-project/opensearch';
import { TransientSinkError } from '../../errors';
import { sendRequest } from './client-transport';

/**
 * Whether an index (or alias) exists, asked with `POST /<name>/_count` so that a role allowed only
 * `es:ESHttpPost` can ask: OpenSearch answers 404 `index_not_found_exception` for a missing one.
 * No answer, or another error, is a `TransientSinkError`.
 *
 * @example
 * if (!(await indexExists(client, 'rebuild-2026-11'))) throw new ConfigError('create it first');
 */
export async function indexExists(client: Client, name: string, signal?: AbortSignal): Promise<boolean> {
  let status: number;
  try {
    ({ status } = await sendRequest(
      client,
      { method: 'POST', path: `/${encodeURIComponent(name)}/_count` },
      signal ? { signal } : {},
    ));
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new TransientSinkError(`OpenSearch did not answer whether index ${name} exists (${reason})`, {
      cause: error,
    });
  }
  if (status === 404) return false;
  if (status >= 200 && status < 300) return true;
  throw new TransientSinkError(`OpenSearch answered ${status} when asked whether index ${name} exists`);
}
