import { indexBatch } from '../../functions/index/index-batch';
import { DEFAULT_GZIP_LEVEL, OpenSearchBulkWriter } from '../../shared/adapters/opensearch/bulk-writer';
import type { BulkHttpResult, BulkTransport } from '../../shared/adapters/opensearch/types';
import type { BatchRead } from '../../shared/batch/types';

/** A `_bulk` transport that only counts requests and answers "created" for every item. */
export class CountingTransport implements BulkTransport {
  requests = 0;
  async bulk(_body: Buffer, options: { documents: number }): Promise<BulkHttpResult> {
    this.requests += 1;
    const items = Array.from({ length: options.documents }, () => ({ create: { status: 201 } }));
    return { kind: 'response', status: 200, body: { errors: false, items } };
  }
}

/**
 * The index stage of `npm run bench`: documents, NDJSON bodies chunked by bytes and gzip'd, and the
 * answers classified, exactly as `indexBatch` does it, with the `_bulk` requests counted, not made.
 *
 * @example
 * const { calls } = await benchIndex(read); // { opensearch: 2 }
 */
export async function benchIndex(
  read: BatchRead,
  gzipLevel = DEFAULT_GZIP_LEVEL,
): Promise<{ calls: { opensearch: number } }> {
  const transport = new CountingTransport();
  const writer = new OpenSearchBulkWriter({ transport, gzipLevel });
  await indexBatch(
    read,
    { writer, indexPrefix: 'logs-', close: async () => {} },
    { remainingMs: () => 900_000 },
  );
  return { calls: { opensearch: transport.requests } };
}
