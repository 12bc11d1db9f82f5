import type { Client } from '@opensearch-project/opensearch';
import type { BulkHttpResult, BulkTransport } from './types';

/** Only what classification reads, so a 10,000-item answer stays small (and whole-request errors). */
const bulkFilterPath = 'errors,items.*._id,items.*.status,items.*.error,error,status';

/** An HTTP answer or failure from the client, as a value. */
export interface HttpResult {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Sends one request through the client's transport (so SigV4 signing, keep-alive and timeouts apply)
 * and returns the answer as a value. An HTTP error status is an answer; only a request that got no
 * answer (refused, reset, timed out, unreadable) throws.
 *
 * @example
 * const { status, body } = await sendRequest(client, { method: 'GET', path: '/_index_template/sluice-logs' });
 */
export async function sendRequest(
  client: Client,
  params: {
    method: string;
    path: string;
    body?: string | Buffer | Record<string, unknown>;
    querystring?: Record<string, string>;
  },
  options: { timeoutMs?: number; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<HttpResult> {
  const { signal } = options;
  signal?.throwIfAborted();
  let abort = () => {};
  const cancelled = () => {
    abort();
  };
  // middy reuses one signal across invocations until it fires: the listener must not outlive the request.
  signal?.addEventListener('abort', cancelled, { once: true });
  try {
    const request = client.transport.request(
      {
        method: params.method,
        path: params.path,
        ...(params.body !== undefined ? { body: params.body } : {}),
        ...(params.querystring ? { querystring: params.querystring } : {}),
      },
      {
        maxRetries: 0,
        ...(options.timeoutMs !== undefined ? { requestTimeout: options.timeoutMs } : {}),
        ...(options.headers ? { headers: options.headers } : {}),
      },
    );
    // Nothing returned: abort() returns the request, a thenable, which an abort listener must not return.
    abort = () => {
      request.abort();
    };
    const response = await request;
    return { status: response.statusCode ?? 0, body: response.body };
  } catch (error) {
    const answered = error as {
      name?: string;
      statusCode?: unknown;
      body?: unknown;
      meta?: { body?: unknown };
    };
    if (answered.name === 'ResponseError' && typeof answered.statusCode === 'number') {
      return { status: answered.statusCode, body: answered.body ?? answered.meta?.body };
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', cancelled);
  }
}

/**
 * The `BulkTransport` over an `@opensearch-project/opensearch` client: POST `/_bulk` with the body as
 * given (gzip'd by the writer, `content-encoding: gzip`), no client-side retries (the writer retries
 * item by item), and the request timeout the writer computed from the time budget.
 *
 * @example
 * const writer = new OpenSearchBulkWriter({ transport: clientBulkTransport(client) });
 */
export function clientBulkTransport(client: Client): BulkTransport {
  return {
    async bulk(body, { gzip, timeoutMs, signal }): Promise<BulkHttpResult> {
      try {
        const { status, body: answer } = await sendRequest(
          client,
          { method: 'POST', path: '/_bulk', body, querystring: { filter_path: bulkFilterPath } },
          {
            timeoutMs,
            ...(signal ? { signal } : {}),
            headers: {
              'content-type': 'application/x-ndjson',
              ...(gzip ? { 'content-encoding': 'gzip' } : {}),
            },
          },
        );
        return { kind: 'response', status, body: answer };
      } catch (error) {
        const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
        return { kind: 'network', detail: `${name}: ${message}` };
      }
    },
  };
}
