import { gzipSync } from 'node:zlib';
import { archiveBatch } from '../../functions/archive/archive-batch';
import { archiveLine } from '../../shared/adapters/s3/archive-encoder';
import { defaultGzipLevel } from '../../shared/adapters/s3/gzip-level';
import type { EncodedObject, ObjectInfo, ObjectStore } from '../../shared/adapters/s3/types';
import type { BatchRead } from '../../shared/batch/types';

/** An object store that only counts PUTs: the bench measures encoding, not the network. */
class CountingStore implements ObjectStore {
  puts = 0;
  bytes = 0;
  async put(object: EncodedObject): Promise<void> {
    this.puts += 1;
    this.bytes += object.body.byteLength;
  }
  async *list(): AsyncIterable<ObjectInfo> {}
  async listPrefixes(): Promise<string[]> {
    return [];
  }
  async records(): Promise<number | undefined> {
    return undefined;
  }
  async get(): Promise<Uint8Array | undefined> {
    return undefined;
  }
  async delete(): Promise<void> {}
}

/**
 * The archive stage of `npm run bench`: NDJSON + gzip of the accepted records and the dead-letter
 * entries of one batch, exactly as `archiveBatch` does it, with the S3 PUTs counted instead of made.
 *
 * @example
 * const { calls } = await benchArchive(read); // { s3: 4 }
 */
export async function benchArchive(read: BatchRead): Promise<{ calls: { s3: number } }> {
  const store = new CountingStore();
  await archiveBatch(read, { store, gzipLevel: defaultGzipLevel, concurrency: 8 });
  return { calls: { s3: store.puts } };
}

/** One gzip level on one batch: compressed size and CPU time of the compression alone. */
export interface GzipLevelFigures {
  readonly level: number;
  readonly bytes: number;
  readonly ratio: number;
  readonly ms: number;
}

/**
 * Compresses the batch's NDJSON at each level (median of `runs`): the figures behind `defaultGzipLevel`.
 *
 * @example
 * measureGzipLevels(read, [1, 6, 9]); // [{ level: 1, bytes, ratio, ms }, ...]
 */
export function measureGzipLevels(read: BatchRead, levels: readonly number[], runs = 5): GzipLevelFigures[] {
  const ndjson = Buffer.from(
    `${read.accepted.map((item) => JSON.stringify(archiveLine(item))).join('\n')}\n`,
  );
  return levels.map((level) => {
    const times: number[] = [];
    let bytes = 0;
    for (let run = 0; run < runs + 1; run += 1) {
      const start = process.hrtime.bigint();
      bytes = gzipSync(ndjson, { level }).byteLength;
      if (run > 0) times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const ms = times[Math.floor(times.length / 2)] ?? 0;
    return {
      level,
      bytes,
      ratio: Math.round((ndjson.byteLength / bytes) * 100) / 100,
      ms: Math.round(ms * 10) / 10,
    };
  });
}

// `npx tsx bench/stages/archive.ts` prints the level table for the bench batch.
if (require.main === module) {
  const { buildBenchBatch } = require('../batch') as typeof import('../batch');
  const { readBatch } =
    require('../../shared/batch/read-batch') as typeof import('../../shared/batch/read-batch');
  const { parseKafkaEvent } =
    require('../../shared/kafka/event') as typeof import('../../shared/kafka/event');
  const read = readBatch(parseKafkaEvent(buildBenchBatch().event), {
    maxRecordBytes: 1024 * 1024,
    maxClockSkewMs: 900_000,
  });
  process.stdout.write('level   bytes      ratio   gzip ms (median)\n');
  for (const figures of measureGzipLevels(read, [1, 2, 3, 4, 5, 6, 7, 8, 9], 7)) {
    process.stdout.write(
      `${String(figures.level).padEnd(7)} ${String(figures.bytes).padEnd(10)} ${String(figures.ratio).padEnd(7)} ${figures.ms}\n`,
    );
  }
}
