import { readBatch } from '../shared/batch/read-batch';
import { parseKafkaEvent } from '../shared/kafka/event';
import { simulatedInvokes } from './batch';
import { stages } from './stage-registry';

/**
 * `npm run bench -- --soak [--records N] [--json]`: replays N (default one million) simulated records,
 * one full MSK invoke at a time, through what each of the three functions does with a batch (the
 * shared decode step, then the index, archive and detect stages of bench/stages, whose sinks count
 * their calls instead of making them), and reports throughput and memory as it goes. Memory must not
 * grow with the number of records processed: nothing may be kept from one batch to the next.
 */

const readOptions = { maxRecordBytes: 1024 * 1024, maxClockSkewMs: 15 * 60_000 };

export interface SoakCheckpoint {
  readonly records: number;
  /** Records per second of the pipeline so far (decode + the three stages; generating the batches excluded). */
  readonly recordsPerSecond: number;
  /** Highest resident set size seen so far, bytes. */
  readonly peakRssBytes: number;
  /** Resident set size at this checkpoint, bytes. */
  readonly rssBytes: number;
  /** V8 heap in use at this checkpoint, bytes. */
  readonly heapUsedBytes: number;
}

export interface SoakReport {
  readonly records: number;
  readonly batches: number;
  readonly recordsPerBatch: number;
  readonly checkpoints: SoakCheckpoint[];
  /** Calls the sinks would have made, over the whole run. */
  readonly calls: Record<string, number>;
  /** Peak RSS at the last checkpoint over peak RSS at the first, minus one (0.05 = 5 % more). */
  readonly peakGrowth: number;
  readonly wallSeconds: number;
}

/**
 * Runs the soak. `every`: records between checkpoints (default 100,000, or half a shorter run).
 *
 * @example
 * const report = await runSoak(1_000_000);
 * report.checkpoints.at(-1)?.recordsPerSecond;
 */
export async function runSoak(
  total = 1_000_000,
  every = Math.max(1, Math.min(100_000, Math.floor(total / 2))),
): Promise<SoakReport> {
  const started = Date.now();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const calls: Record<string, number> = {};
  const checkpoints: SoakCheckpoint[] = [];
  let records = 0;
  let batches = 0;
  let busyNs = 0n;
  let nextCheckpoint = every;
  try {
    for (const { event, records: count } of simulatedInvokes({
      total,
      seed: 11,
      startMs: Date.UTC(2026, 10, 22, 12, 0, 0),
      // 2,000 records a second of event time, like a busy service.
      recordsPerMs: 2,
    })) {
      const start = process.hrtime.bigint();
      const read = readBatch(parseKafkaEvent(event), readOptions);
      for (const stage of stages) {
        const result = await stage.run(read);
        for (const [sink, n] of Object.entries(result.calls)) calls[sink] = (calls[sink] ?? 0) + n;
      }
      busyNs += process.hrtime.bigint() - start;
      records += count;
      batches += 1;
      peak = Math.max(peak, process.memoryUsage.rss());
      if (records >= nextCheckpoint || records >= total) {
        const memory = process.memoryUsage();
        checkpoints.push({
          records,
          recordsPerSecond: Math.round(records / (Number(busyNs) / 1e9)),
          peakRssBytes: peak,
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
        });
        while (nextCheckpoint <= records) nextCheckpoint += every;
      }
      // Let the sampler and timers run between batches, as between invokes.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    clearInterval(sampler);
  }
  const first = checkpoints[0];
  const last = checkpoints[checkpoints.length - 1];
  return {
    records,
    batches,
    recordsPerBatch: Math.round(records / Math.max(1, batches)),
    checkpoints,
    calls,
    peakGrowth: first && last ? Math.round((last.peakRssBytes / first.peakRssBytes - 1) * 1000) / 1000 : 0,
    wallSeconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

/** The soak report as a table. */
export function describeSoak(report: SoakReport): string {
  return [
    `soak: ${report.records.toLocaleString('en-US')} records in ${report.batches} invokes of ~${report.recordsPerBatch} records (decode + index + archive + detect, sinks counted), ${report.wallSeconds} s`,
    '',
    '   records   records/s   peak RSS MiB   RSS MiB   heap MiB',
    ...report.checkpoints.map(
      (c) =>
        `${c.records.toLocaleString('en-US').padStart(10)} ${c.recordsPerSecond.toLocaleString('en-US').padStart(11)} ${mib(c.peakRssBytes).padStart(14)} ${mib(c.rssBytes).padStart(9)} ${mib(c.heapUsedBytes).padStart(10)}`,
    ),
    '',
    `peak RSS growth from the first checkpoint to the last: ${(report.peakGrowth * 100).toFixed(1)} % (must stay under 10 %)`,
    `calls: ${JSON.stringify(report.calls)}`,
  ].join('\n');
}
