import { parseArgs } from 'node:util';
import { readBatch } from '../shared/batch/read-batch';
import { parseKafkaEvent } from '../shared/kafka/event';
import { buildBenchBatch } from './batch';
import { type CardinalityPoint, sweepCardinality } from './cardinality';
import { measureColdStarts } from './cold-start';
import { describeConsume, runConsumeBench } from './consume';
import { describeGzipLevels } from './gzip-levels';
import { measureInterleaved, type StageSample, type Work, watchPeakRss } from './measure';
import { runScaleCommand } from './scale/command';
import { describeSoak, runSoak } from './soak';
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

const round = (value: number): number => Math.round(value * 10) / 10;

async function run(): Promise<void> {
  // The capacity model has options of its own (bench/scale/command.ts).
  if (process.argv.includes('--scale')) return runScaleCommand(process.argv.slice(2));
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean' },
      runs: { type: 'string' },
      'cold-start': { type: 'boolean' },
      soak: { type: 'boolean' },
      consume: { type: 'boolean' },
      'gzip-levels': { type: 'boolean' },
      records: { type: 'string' },
    },
  });
  if (values.consume) {
    const report = await runConsumeBench(
      values.records === undefined ? undefined : Number(values.records),
      values.runs === undefined ? undefined : Number(values.runs),
    );
    process.stdout.write(
      values.json ? `${JSON.stringify({ consume: report })}\n` : `${describeConsume(report)}\n`,
    );
    return;
  }
  if (values.soak) {
    const report = await runSoak(values.records === undefined ? undefined : Number(values.records));
    process.stdout.write(values.json ? `${JSON.stringify({ soak: report })}\n` : `${describeSoak(report)}\n`);
    if (report.peakGrowth > 0.1) process.exitCode = 1;
    return;
  }
  if (values['cold-start']) {
    const starts = await measureColdStarts();
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ coldStart: starts })}\n`);
      return;
    }
    const rows = Object.entries(starts).map(
      ([name, s]) =>
        `${name.padEnd(8)} ${(s.bundleBytes / 1024).toFixed(0).padStart(8)} KiB ${(s.gzipBytes / 1024).toFixed(0).padStart(8)} KiB ${s.moduleLoadMs.toFixed(1).padStart(10)} ms`,
    );
    process.stdout.write(`function   bundle    gzip'd   module load\n${rows.join('\n')}\n`);
    return;
  }
  if (values['gzip-levels']) {
    const read = readBatch(parseKafkaEvent(buildBenchBatch().event), readOptions);
    process.stdout.write(`${describeGzipLevels(read)}\n`);
    return;
  }
  const rss = watchPeakRss();
  const batch = buildBenchBatch();
  const recordValues = Object.values(batch.event.records)
    .flat()
    .map((record) => record.value);
  const read = readBatch(parseKafkaEvent(batch.event), readOptions);

  const calls: Record<string, number> = {};
  let distinctWindowKeys: number | undefined;
  let windowWrites: number | undefined;
  let fingerprintWrites: number | undefined;
  const works: Work[] = [
    { name: 'floor', run: () => floor(recordValues) },
    { name: 'normalize', run: () => readBatch(parseKafkaEvent(batch.event), readOptions) },
    ...stages.map((stage) => ({
      name: stage.name,
      run: async () => {
        const result = await stage.run(read);
        Object.assign(calls, result.calls);
        if (result.distinctWindowKeys !== undefined) distinctWindowKeys = result.distinctWindowKeys;
        if (result.windowWrites !== undefined) windowWrites = result.windowWrites;
        if (result.fingerprintWrites !== undefined) fingerprintWrites = result.fingerprintWrites;
      },
    })),
  ];
  const runs = Number(values.runs ?? 15);
  const samples = await measureInterleaved(works, runs);
  const cardinality = await sweepCardinality(runs);
  rss.stop();

  const perSecond = (sample: StageSample | undefined): number =>
    sample === undefined ? 0 : Math.round(batch.records / (sample.wallMs / 1000));
  const measured = works.slice(1).map((work) => work.name);
  const report = {
    batch: { records: batch.records, bytes: batch.bytes },
    floorRecordsPerSecond: perSecond(samples.get('floor')),
    floorCpuMsPerBatch: round(samples.get('floor')?.cpuMs ?? 0),
    recordsPerSecond: Object.fromEntries(measured.map((name) => [name, perSecond(samples.get(name))])),
    cpuMsPerBatch: Object.fromEntries(measured.map((name) => [name, round(samples.get(name)?.cpuMs ?? 0)])),
    wallMsPerBatch: Object.fromEntries(
      ['floor', ...measured].map((name) => [name, round(samples.get(name)?.wallMs ?? 0)]),
    ),
    ...(Object.keys(calls).length > 0 ? { callsPerBatch: calls } : {}),
    ...(distinctWindowKeys !== undefined ? { distinctWindowKeys } : {}),
    ...(windowWrites !== undefined ? { windowWritesPerBatch: windowWrites } : {}),
    ...(fingerprintWrites !== undefined ? { fingerprintWritesPerBatch: fingerprintWrites } : {}),
    peakRssBytes: rss.peak(),
    cardinality,
  };
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${describe(report)}\n`);
}

function describe(report: {
  batch: { records: number; bytes: number };
  floorRecordsPerSecond: number;
  floorCpuMsPerBatch: number;
  recordsPerSecond: Record<string, number>;
  cpuMsPerBatch: Record<string, number>;
  wallMsPerBatch: Record<string, number>;
  callsPerBatch?: Record<string, number>;
  distinctWindowKeys?: number;
  windowWritesPerBatch?: number;
  fingerprintWritesPerBatch?: number;
  peakRssBytes: number;
  cardinality: readonly CardinalityPoint[];
}): string {
  const floorRate = report.floorRecordsPerSecond;
  return [
    `batch: ${report.batch.records} records, ${(report.batch.bytes / 1024 / 1024).toFixed(2)} MB (one MSK invoke)`,
    `floor (base64 + JSON.parse of every value): ${floorRate.toLocaleString('en-US')} records/s`,
    '',
    'stage        records/s   x floor   CPU ms/batch   wall ms/batch',
    `${'floor'.padEnd(12)} ${floorRate.toLocaleString('en-US').padStart(9)}      1.00   ${String(report.floorCpuMsPerBatch).padStart(12)}   ${String(report.wallMsPerBatch.floor).padStart(13)}`,
    ...Object.entries(report.recordsPerSecond).map(
      ([name, rate]) =>
        `${name.padEnd(12)} ${rate.toLocaleString('en-US').padStart(9)}   ${(rate / floorRate).toFixed(2).padStart(7)}   ${String(report.cpuMsPerBatch[name]).padStart(12)}   ${String(report.wallMsPerBatch[name]).padStart(13)}`,
    ),
    '',
    `calls per batch: ${JSON.stringify(report.callsPerBatch ?? {})}`,
    ...(report.distinctWindowKeys !== undefined
      ? [
          `distinct window keys: ${report.distinctWindowKeys}, DynamoDB window writes: ${report.windowWritesPerBatch ?? 'n/a'}`,
        ]
      : []),
    ...(report.fingerprintWritesPerBatch !== undefined
      ? [
          `new-error rule (type: new): DynamoDB fingerprint writes: ${report.fingerprintWritesPerBatch} (at most one per distinct fingerprint, none per record)`,
        ]
      : []),
    `peak RSS: ${(report.peakRssBytes / 1024 / 1024).toFixed(0)} MiB`,
    '',
    'detect by distinct groups (one batch of errors, fresh windows):',
    ' groups   records   window keys   window writes   DynamoDB calls   alerts   CPU ms/batch',
    ...report.cardinality.map(
      (p) =>
        `${String(p.groups).padStart(7)} ${String(p.records).padStart(9)} ${String(p.distinctWindowKeys).padStart(13)} ${String(p.windowWrites).padStart(15)} ${String(p.dynamodbCalls).padStart(16)} ${String(p.alerts).padStart(8)} ${String(p.cpuMs).padStart(14)}`,
    ),
  ].join('\n');
}

run().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
