import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kafka, Kafka as KafkaClient, logLevel } from 'kafkajs';
import { type KafkaInvoker, kafkaInvoker } from '../cli/invoke/local-functions';
import { deliverToHandler } from '../cli/kafka/handler-delivery';
import { createMappingGroup, startMappingGroups, stopMappingGroups } from '../cli/kafka/mapping-group';
import { deployedMappings, type FunctionName, functionNames } from '../cli/kafka/mappings';
import { toProducedMessages } from '../cli/kafka/produce-loop';
import { openLocalPipeline } from '../cli/pipeline/local-pipeline';
import { simulateMicroservice } from '../cli/sim/microservice';
import { localClusterArn } from '../cli/sim/msk-event';
import { startKafkaMock } from '../infra/local/kafka-mock';
import { loadConfig } from '../shared/config';
import { kafkaHandler } from '../shared/lambda/kafka-function';

/**
 * `npm run bench -- --consume [--records N] [--runs R] [--json]`: how fast `sluice consume` reads a
 * topic, against a plain kafkajs consumer reading the same topic on the same broker in the same run.
 *
 * The broker is librdkafka's mock cluster (kcat), three brokers; the topic holds N simulated logs
 * (32 source files, spread over all four partitions) written in sends of 100 records, as
 * `sluice produce` does every 100 ms at 1,000 records/s: the mock serves one such record batch per
 * partition per fetch. Each round reads the whole topic several ways, each with new consumer groups,
 * timed from the moment the groups have joined to the last record handled (and, for consume,
 * committed):
 *
 * - plain: one kafkajs consumer, `eachBatch` counting the messages (kafkajs' defaults otherwise);
 * - alone: one group of `sluice consume` at a time (`--functions X`), its function doing nothing;
 * - consume: the three groups of `sluice consume` (cli/kafka/mapping-group.ts, the deployed batch
 *   sizes, a 50 ms window: with a backlog only the last batch is closed by its window) delivering MSK events to handlers whose core does nothing: the mapping emulation itself, up to the
 *   MSK event JSON and the Lambda handler every Kafka function shares (decode, log line, metrics);
 * - consume + functions: the same with the real archive and detect handlers on the embedded stack
 *   (DynamoDB Local and Swift or s3rver), index too when OPENSEARCH_URL is set.
 */

const benchWindowMs = 50;
const pathnames = Array.from({ length: 32 }, (_, i) => `/app/service/module_${i}.py`);

export interface ConsumeRound {
  readonly plain: number;
  /** Records per second of each group running alone (`--functions X`), its function doing nothing. */
  readonly alone: Readonly<Partial<Record<FunctionName, number>>>;
  /** Records per second of each group, the three together in one process, the functions doing nothing. */
  readonly consume: Readonly<Partial<Record<FunctionName, number>>>;
  /** Records per second of each group with the real functions; absent when the stack did not start. */
  readonly functions?: Readonly<Partial<Record<FunctionName, number>>>;
}

export interface ConsumeReport {
  readonly records: number;
  readonly rounds: readonly ConsumeRound[];
  /** Load average (1 min) when the bench started and ended, and the cores it shared. */
  readonly load: { readonly start: number; readonly end: number; readonly cores: number };
  /** Why the functions were not measured, if they were not. */
  readonly functionsSkipped?: string;
}

/** Writes `records` simulated logs to `topic`, in sends of 100. */
async function fillTopic(kafka: Kafka, topic: string, records: number): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const next = simulateMicroservice({ pathnames, seed: 7 });
  const now = Date.now();
  for (let sent = 0; sent < records; sent += 100) {
    const logs = Array.from({ length: Math.min(100, records - sent) }, () => next(now));
    await producer.send({ topic, acks: -1, messages: toProducedMessages(logs, now) });
  }
  await producer.disconnect();
  // The mock keeps about 5 MB per partition and drops older records: every record must still be there.
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const kept = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  if (kept !== records) {
    throw new Error(
      `the mock cluster kept ${kept} of ${records} records (about 5 MB a partition): use fewer --records`,
    );
  }
}

/** A plain kafkajs consumer reading the whole topic: records per second. */
async function readPlain(kafka: Kafka, topic: string, records: number, groupId: string): Promise<number> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  await consumer.run({
    partitionsConsumedConcurrently: 32,
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= records) finish();
    },
  });
  const started = performance.now();
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  return Math.round(records / seconds);
}

/** The groups of `sluice consume` reading the whole topic into `steps`: records per second of each. */
async function readConsume(
  kafka: Kafka,
  brokers: readonly string[],
  topic: string,
  records: number,
  functions: readonly BenchFunction[],
  round: string,
): Promise<Partial<Record<FunctionName, number>>> {
  const ended = new Map<FunctionName, Promise<number>>();
  const groups = functions.map(({ name, invoke, batchSize }) => {
    let done = 0;
    let finish: (at: number) => void = () => {};
    const mapping = deployedMappings[name];
    const group = createMappingGroup(kafka, {
      name,
      groupId: `bench-${name}-${round}`,
      // With a backlog only the last batch is closed by its window, not by its size: 50 ms, so that
      // it does not wait out archive's 60 s.
      settings: { batchSize: batchSize ?? mapping.batchSize, batchWindowMs: benchWindowMs },
      say: (line) => process.stderr.write(`bench: ${line}\n`),
      deliver: deliverToHandler(
        invoke,
        { bootstrapServers: brokers.join(','), eventSourceArn: localClusterArn },
        (read) => {
          done += read.counts.records;
        },
      ),
    });
    ended.set(
      name,
      new Promise<number>((resolve) => {
        finish = resolve;
      }),
    );
    // Done once every record was delivered and its batch committed.
    const poll = setInterval(async () => {
      if (done < records) return;
      clearInterval(poll);
      await group.batcher.idle();
      finish(performance.now());
    }, 2);
    return group;
  });
  await startMappingGroups(groups, topic, true);
  const started = performance.now();
  const rates: Partial<Record<FunctionName, number>> = {};
  for (const [name, end] of ended) rates[name] = Math.round(records / (((await end) - started) / 1000));
  await stopMappingGroups(groups);
  return rates;
}

/** One group's function: its name and its handler, invoked as the event source mapping would. */
interface BenchFunction {
  readonly name: FunctionName;
  readonly invoke: KafkaInvoker<object>;
  /** The mapping's batch size when not the deployed one. */
  readonly batchSize?: number;
}

/** The handler every Kafka function shares (decode, log line, metrics) around a core that does nothing. */
const noop = (name: FunctionName): BenchFunction => {
  const config = loadConfig();
  return {
    name,
    invoke: kafkaInvoker<object>(name, (onBatch) =>
      kafkaHandler(
        { name, config, deps: () => ({}), run: async () => ({ report: {}, metrics: {} }) },
        { onBatch, logSink: () => {} },
      ),
    ),
  };
};

/**
 * Runs the consume bench: `runs` rounds over one topic of `records` records.
 *
 * @example
 * const report = await runConsumeBench(28_000, 5);
 */
export async function runConsumeBench(records = 28_000, runs = 5): Promise<ConsumeReport> {
  const load = { start: loadavg()[0] ?? 0, cores: availableParallelism() };
  const mock = await startKafkaMock({ log: (line) => process.stderr.write(`bench: ${line}\n`) });
  const kafka = new KafkaClient({
    clientId: 'sluice-bench',
    brokers: [...mock.brokers],
    logLevel: logLevel.ERROR,
  });
  const topic = 'bench-logs';
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-consume-'));
  try {
    await fillTopic(kafka, topic, records);
    let pipeline: Awaited<ReturnType<typeof openLocalPipeline>> | undefined;
    let functionsSkipped: string | undefined;
    try {
      pipeline = await openLocalPipeline({ dataDir, slackOut: { write: () => true }, log: () => {} });
    } catch (error) {
      functionsSkipped = error instanceof Error ? error.message : String(error);
    }
    const real: BenchFunction[] = [];
    if (pipeline?.functions.index) real.push({ name: 'index', invoke: pipeline.functions.index });
    if (pipeline) {
      real.push({ name: 'archive', invoke: pipeline.functions.archive });
      real.push({ name: 'detect', invoke: pipeline.functions.detect });
    }
    const rounds: ConsumeRound[] = [];
    for (let round = 1; round <= runs; round += 1) {
      const plain = await readPlain(kafka, topic, records, `bench-plain-${round}`);
      const alone: Partial<Record<FunctionName, number>> = {};
      for (const name of functionNames) {
        Object.assign(
          alone,
          await readConsume(kafka, mock.brokers, topic, records, [noop(name)], `alone-${round}`),
        );
      }
      const consume = await readConsume(
        kafka,
        mock.brokers,
        topic,
        records,
        functionNames.map(noop),
        `${round}`,
      );
      const functions = pipeline
        ? await readConsume(kafka, mock.brokers, topic, records, real, `real-${round}`)
        : undefined;
      rounds.push({ plain, alone, consume, ...(functions ? { functions } : {}) });
      process.stderr.write(`bench: round ${round}/${runs}: ${JSON.stringify(rounds.at(-1))}\n`);
    }
    await pipeline?.close();
    return {
      records,
      rounds,
      load: { ...load, end: loadavg()[0] ?? 0 },
      ...(functionsSkipped ? { functionsSkipped } : {}),
    };
  } finally {
    await mock.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const figure = (values: readonly number[]): string =>
  `${median(values).toLocaleString('en-US')} (${Math.min(...values).toLocaleString('en-US')}-${Math.max(...values).toLocaleString('en-US')})`;
const ratio = (values: readonly number[]): string =>
  `${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)})`;

/** The bench's table: medians with the range over the rounds, and each against plain in its round. */
export function describeConsume(report: ConsumeReport): string {
  const rows: string[] = [];
  const row = (label: string, pick: (round: ConsumeRound) => number | undefined) => {
    const rounds = report.rounds.filter((round) => pick(round) !== undefined);
    if (rounds.length === 0) return;
    const rates = rounds.map((round) => pick(round) as number);
    const ratios = rounds.map((round) => (pick(round) as number) / round.plain);
    rows.push(`${label.padEnd(30)} ${figure(rates).padStart(28)}   ${ratio(ratios).padStart(18)}`);
  };
  row('plain kafkajs consumer', (round) => round.plain);
  for (const name of functionNames) row(`${name} alone, no-op`, (round) => round.alone[name]);
  for (const name of functionNames) row(`${name} of three, no-op`, (round) => round.consume[name]);
  for (const name of functionNames) row(`${name} of three, function`, (round) => round.functions?.[name]);
  return [
    `consume: ${report.records.toLocaleString('en-US')} records on librdkafka's mock cluster (3 brokers, 4 partitions, sends of 100), ${report.rounds.length} rounds`,
    'groups of sluice consume with their deployed batch sizes, a 50 ms window; "no-op": the MSK event goes through the shared Kafka handler (decode, log line, metrics), the core does nothing',
    `load average ${report.load.start.toFixed(2)} at the start, ${report.load.end.toFixed(2)} at the end, ${report.load.cores} cores`,
    '',
    `${'reader'.padEnd(30)} ${'records/s: median (range)'.padStart(28)}   ${'x plain (range)'.padStart(18)}`,
    ...rows,
    ...(report.functionsSkipped ? ['', `functions not measured: ${report.functionsSkipped}`] : []),
  ].join('\n');
}

/** What one group of `sluice consume` with the real function did on the mock cluster. */
export interface ConsumeProbeResult {
  readonly recordsPerSecond: number;
  /** The same group in the same run with a core that does nothing: the local consume path alone. */
  readonly pathRecordsPerSecond: number;
  readonly records: number;
  /** Why it could not be measured (kcat or the local stack missing, index without OpenSearch). */
  readonly skipped?: string;
}

/**
 * One group of `sluice consume` alone, its real function on the embedded stack, reading a backlog of
 * `records` simulated logs on the mock cluster with batches of `batchSize`: the records per second of
 * one pipeline with one batch in flight, as one partition's event source mapping runs, and in the
 * same run the same group with a core that does nothing (the local consume path: kafkajs, the MSK
 * event JSON, the shared handler), which in Lambda runs on the mapping's pollers instead
 * (bench/scale/check-consume.ts compares the difference with the capacity model).
 *
 * @example
 * await probeConsume('detect', 5000); // { recordsPerSecond: 10900, pathRecordsPerSecond: 37600, records: 28000 }
 */
export async function probeConsume(
  name: FunctionName,
  batchSize: number,
  options: { readonly records?: number; readonly rulesFile?: string } = {},
): Promise<ConsumeProbeResult> {
  const records = options.records ?? 28_000;
  const say = (line: string) => process.stderr.write(`check: ${line}\n`);
  let mock: Awaited<ReturnType<typeof startKafkaMock>>;
  try {
    mock = await startKafkaMock({ log: say });
  } catch (error) {
    return {
      recordsPerSecond: 0,
      pathRecordsPerSecond: 0,
      records,
      skipped: error instanceof Error ? error.message : String(error),
    };
  }
  const kafka = new KafkaClient({
    clientId: 'sluice-check',
    brokers: [...mock.brokers],
    logLevel: logLevel.ERROR,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-check-consume-'));
  try {
    await fillTopic(kafka, 'check-logs', records);
    const pipeline = await openLocalPipeline({
      dataDir,
      slackOut: { write: () => true },
      log: () => {},
      ...(options.rulesFile === undefined ? {} : { rulesFile: options.rulesFile }),
    });
    try {
      const invoke = pipeline.functions[name];
      if (!invoke) {
        return {
          recordsPerSecond: 0,
          pathRecordsPerSecond: 0,
          records,
          skipped: `${name} needs OPENSEARCH_URL`,
        };
      }
      const path = await readConsume(
        kafka,
        mock.brokers,
        'check-logs',
        records,
        [{ ...noop(name), batchSize }],
        'path',
      );
      const rates = await readConsume(
        kafka,
        mock.brokers,
        'check-logs',
        records,
        [{ name, invoke, batchSize }],
        'probe',
      );
      return { recordsPerSecond: rates[name] ?? 0, pathRecordsPerSecond: path[name] ?? 0, records };
    } finally {
      await pipeline.close();
    }
  } finally {
    await mock.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
