import { gzipSync } from 'node:zlib';
import { indexBatch } from '../../functions/index/index-batch';
import { DEFAULT_GZIP_LEVEL, OpenSearchBulkWriter } from '../../shared/adapters/opensearch/bulk-writer';
import { encodeDocuments } from '../../shared/adapters/opensearch/encode';
import { toBulkDocuments } from '../../shared/adapters/opensearch/to-documents';
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

/** One gzip level on one batch's `_bulk` NDJSON: compressed size and CPU time of the compression alone. */
export interface BulkGzipFigures {
  readonly level: number;
  readonly bytes: number;
  readonly ratio: number;
  readonly ms: number;
}

/**
 * Compresses the batch's `_bulk` NDJSON at each level (median of `runs`): the figures behind
 * `DEFAULT_GZIP_LEVEL` (docs/opensearch.md).
 *
 * @example
 * measureBulkGzipLevels(read, [1, 6]); // [{ level: 1, bytes, ratio, ms }, { level: 6, ... }]
 */
export function measureBulkGzipLevels(
  read: BatchRead,
  levels: readonly number[],
  runs = 5,
): BulkGzipFigures[] {
  const { ndjson } = encodeDocuments(toBulkDocuments(read.accepted, 'logs-'));
  return levels.map((level) => {
    const times: number[] = [];
    let bytes = 0;
    for (let run = 0; run < runs; run += 1) {
      const start = process.hrtime.bigint();
      bytes = gzipSync(ndjson, { level }).length;
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const ms = Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
    return { level, bytes, ratio: Math.round((ndjson.length / bytes) * 10) / 10, ms };
  });
}
