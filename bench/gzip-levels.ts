import { gzipSync } from 'node:zlib';
import { encodeDocuments } from '../shared/adapters/opensearch/encode';
import { toBulkDocuments } from '../shared/adapters/opensearch/to-documents';
import { archiveLine } from '../shared/adapters/s3/archive-encoder';
import type { BatchRead } from '../shared/batch/types';

/** One gzip level on one body: compressed size and CPU time of the compression alone. */
export interface GzipLevelFigures {
  readonly level: number;
  readonly bytes: number;
  readonly ratio: number;
  readonly ms: number;
}

/**
 * Compresses `body` at each level, `runs` times after one warm-up (median time): the figures behind
 * the gzip levels of the index (`DEFAULT_GZIP_LEVEL`) and archive (`defaultGzipLevel`) functions.
 *
 * @example
 * measureGzipLevels(Buffer.from(ndjson), [1, 6, 9]); // [{ level: 1, bytes, ratio, ms }, ...]
 */
export function measureGzipLevels(body: Buffer, levels: readonly number[], runs = 7): GzipLevelFigures[] {
  return levels.map((level) => {
    const times: number[] = [];
    let bytes = 0;
    for (let run = 0; run < runs + 1; run += 1) {
      const start = process.hrtime.bigint();
      bytes = gzipSync(body, { level }).byteLength;
      if (run > 0) times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const ms = times[Math.floor(times.length / 2)] ?? 0;
    return {
      level,
      bytes,
      ratio: Math.round((body.byteLength / bytes) * 100) / 100,
      ms: Math.round(ms * 10) / 10,
    };
  });
}

/** The bodies the two functions compress for one batch: index's `_bulk` NDJSON and archive's NDJSON. */
export function gzippedBodies(read: BatchRead): { readonly index: Buffer; readonly archive: Buffer } {
  return {
    index: encodeDocuments(toBulkDocuments(read.accepted, 'logs-')).ndjson,
    archive: Buffer.from(`${read.accepted.map((item) => JSON.stringify(archiveLine(item))).join('\n')}\n`),
  };
}

/** `npm run bench -- --gzip-levels`: levels 1 to 9 on both bodies of the bench batch, as a table. */
export function describeGzipLevels(read: BatchRead): string {
  const rows = ['body      level   bytes      ratio   gzip ms (median of 7)'];
  for (const [name, body] of Object.entries(gzippedBodies(read))) {
    for (const figures of measureGzipLevels(body, [1, 2, 3, 4, 5, 6, 7, 8, 9])) {
      rows.push(
        `${name.padEnd(9)} ${String(figures.level).padEnd(7)} ${String(figures.bytes).padEnd(10)} ${String(figures.ratio).padEnd(7)} ${figures.ms}`,
      );
    }
  }
  return rows.join('\n');
}
