import { parseArgs } from 'node:util';
import { readBatch } from '../shared/batch/read-batch';
import type { BatchRead } from '../shared/batch/types';
import { parseKafkaEvent } from '../shared/kafka/event';
import { buildBenchBatch } from './batch';
import { measure, type StageSample, watchPeakRss } from './measure';
import { stages } from './stage-registry';

const readOptions = { maxRecordBytes: 1024 * 1024, maxClockSkewMs: 15 * 60_000 };

/** The floor every stage is compared with: base64 decoding plus JSON.parse of every value. */
function floor(values: readonly string[]): number {
  let fields = 0;
  for (const value of values) {
    const parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as object;
    fields += Object.keys(parsed).length;
  }
  return fields;
}

async function run(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, runs: { type: 'string' } } });
  const runs = Number(values.runs ?? 7);
  const rss = watchPeakRss();
  const batch = buildBenchBatch();
  const recordValues = Object.values(batch.event.records)
    .flat()
    .map((record) => record.value);
  const perSecond = (sample: StageSample): number => Math.round(batch.records / (sample.wallMs / 1000));

  const floorSample = await measure(() => floor(recordValues), runs);
  const normalizeSample = await measure(() => readBatch(parseKafkaEvent(batch.event), readOptions), runs);
  const read: BatchRead = readBatch(parseKafkaEvent(batch.event), readOptions);

  const recordsPerSecond: Record<string, number> = { normalize: perSecond(normalizeSample) };
  const cpuMsPerBatch: Record<string, number> = { normalize: round(normalizeSample.cpuMs) };
  const callsPerBatch: Record<string, number> = {};
  let distinctWindowKeys: number | undefined;
  for (const stage of stages) {
    let calls: Record<string, number> = {};
    const sample = await measure(async () => {
      const result = await stage.run(read);
      calls = result.calls;
      if (result.distinctWindowKeys !== undefined) distinctWindowKeys = result.distinctWindowKeys;
    }, runs);
    recordsPerSecond[stage.name] = perSecond(sample);
    cpuMsPerBatch[stage.name] = round(sample.cpuMs);
    Object.assign(callsPerBatch, calls);
  }
  rss.stop();

  const report = {
    batch: { records: batch.records, bytes: batch.bytes },
    floorRecordsPerSecond: perSecond(floorSample),
    recordsPerSecond,
    cpuMsPerBatch,
    ...(Object.keys(callsPerBatch).length > 0 ? { callsPerBatch } : {}),
    ...(distinctWindowKeys !== undefined ? { distinctWindowKeys } : {}),
    peakRssBytes: rss.peak(),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  print(report.floorRecordsPerSecond, report, batch.bytes);
}

const round = (value: number): number => Math.round(value * 10) / 10;

function print(
  floorRate: number,
  report: { recordsPerSecond: Record<string, number>; cpuMsPerBatch: Record<string, number>; batch: { records: number } },
  bytes: number,
): void {
  const lines = [
    `batch: ${report.batch.records} records, ${(bytes / 1024 / 1024).toFixed(2)} MB (one MSK invoke)`,
    `floor (base64 + JSON.parse): ${floorRate.toLocaleString('en-US')} records/s`,
    '',
    'stage        records/s   x floor   CPU ms/batch',
    ...Object.entries(report.recordsPerSecond).map(
      ([name, rate]) =>
        `${name.padEnd(12)} ${rate.toLocaleString('en-US').padStart(9)}   ${(rate / floorRate).toFixed(2).padStart(7)}   ${String(report.cpuMsPerBatch[name]).padStart(12)}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

run().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
