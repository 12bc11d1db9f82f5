// `npx tsx bench/scale/check-dynamodb.ts [--partitions N] [--writes N]`: the model's hot-item
// assumption checked where the local stack can, on DynamoDB Local (AWS_ENDPOINT_URL_DYNAMODB, or one
// started here): N partitions' batches write one window item at once through detect's own store.

import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { ensureTable } from '../../infra/local/dynamodb-table';
import { localCredentials, localRegion } from '../../infra/local/local-credentials';
import { DynamoWindows } from '../../shared/adapters/dynamodb/windows';
import type { WindowDelta } from '../../shared/rules/aggregate';
import { CountMode } from '../../shared/rules/leaves/plan';

/** What the check saw. */
export interface HotItemCheck {
  readonly partitions: number;
  readonly writes: number;
  readonly seconds: number;
  readonly writesPerSecond: number;
  /** Per write, request to answer (ms). */
  readonly medianMs: number;
  readonly p99Ms: number;
  /** The item's count after all writes, less the write that laid it out: must equal the writes (one record each). */
  readonly count: number;
  /** Writes refused by a mark and re-planned: the model assumes partitions never refuse each other. */
  readonly conflicts: number;
}

const delta = (windowStart: number, partition: number, offset: number): WindowDelta => ({
  rule: 'scale-check',
  group: '/app/hot.py',
  windowStart,
  windowMs: 10_000,
  partitions: [{ topic: 'logs', partition, offsets: [offset] }],
  records: 1,
  samples: [],
  services: [],
  kubernetes: undefined,
});

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * `partitions` writers, each writing the same window item `writesEach` times in a row (one record a
 * write, its offsets rising), all at once: writes a second on one item, their latency, and the count
 * (exact under contention: every write is counted once).
 *
 * @example
 * await checkHotItem(windows, 12, 50, Date.UTC(2026, 11, 5)); // { writesPerSecond: 690, count: 600, ... }
 */
export async function checkHotItem(
  windows: DynamoWindows,
  partitions: number,
  writesEach: number,
  windowStart: number,
): Promise<HotItemCheck> {
  const latencies: number[] = [];
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const options = { expiresAt: () => expiresAt, mode: CountMode.live, concurrency: 1 };
  // The window is laid out first by one write of a partition of its own: writers racing to create a
  // fresh window's root is a one-off per window, not the steady state the model assumes.
  await windows.applyBatch([delta(windowStart, partitions, 0)], options);
  const started = process.hrtime.bigint();
  let count = 0;
  let conflicts = 0;
  await Promise.all(
    Array.from({ length: partitions }, async (_, partition) => {
      for (let offset = 0; offset < writesEach; offset += 1) {
        const start = process.hrtime.bigint();
        const batch = await windows.applyBatch([delta(windowStart, partition, offset)], options);
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
        count = Math.max(count, (batch.windows[0]?.count ?? 0) - 1);
        conflicts += batch.conflicts;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const writes = partitions * writesEach;
  return {
    partitions,
    writes,
    seconds,
    writesPerSecond: writes / seconds,
    medianMs: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    count,
    conflicts,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { partitions: { type: 'string', default: '12' }, writes: { type: 'string', default: '100' } },
  });
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = process.env.AWS_ENDPOINT_URL_DYNAMODB ? undefined : await startDynamoDbLocal();
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? started?.endpoint;
  const client = new DynamoDBClient({ region: localRegion, endpoint, credentials: localCredentials });
  const table = `sluice-scale-check-${Date.now()}`;
  try {
    await ensureTable(client, table);
    const windows = new DynamoWindows({ client, table });
    // A warm-up round first (the JVM compiles as it goes); each round writes a window of its own.
    for (const [round, partitions] of [0, 1, Number(values.partitions)].entries()) {
      if (partitions === 0) {
        await checkHotItem(windows, 4, 50, Date.UTC(2026, 11, 4));
        continue;
      }
      const check = await checkHotItem(
        windows,
        partitions,
        Number(values.writes),
        Date.UTC(2026, 11, 5) + round * 10_000,
      );
      process.stdout.write(
        `DynamoDB Local, one window item, ${check.partitions} partition(s) writing at once: ${check.writes} writes in ${check.seconds.toFixed(2)} s = ${Math.round(check.writesPerSecond)} writes/s; per write median ${check.medianMs.toFixed(1)} ms, p99 ${check.p99Ms.toFixed(1)} ms; count ${check.count} (${check.count === check.writes ? 'exact' : 'WRONG'}), ${check.conflicts} refused writes\n`,
      );
      if (check.count !== check.writes) process.exitCode = 1;
    }
  } finally {
    client.destroy();
    await started?.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`check-dynamodb: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
