import { join, resolve } from 'node:path';
import type { MSKEvent } from 'aws-lambda';
import { readBatch } from '../../shared/batch/read-batch';
import type { BatchRead } from '../../shared/batch/types';
import { parseKafkaEvent } from '../../shared/kafka/event';
import type { KafkaStep } from '../../shared/lambda/kafka-handler';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { onInterrupt } from '../interrupt';
import { startLiveView } from '../live/live-view';
import { ConsumerGroup, type ConsumerGroupOptions } from '../pipeline/consumer-group';
import { openLocalPipeline } from '../pipeline/local-pipeline';
import { MemoryTopic } from '../pipeline/memory-topic';
import { defaultPathnames, simulateMicroservice } from '../sim/microservice';
import { claimDataDir } from '../start/claim-data-dir';
import { LiveWindows } from '../start/live-windows';
import { formatProgress } from '../start/progress';
import { readTopicOffsets, writeTopicOffsets } from '../start/topic-offsets';

const help = `
Usage: sluice start [--duration SECONDS] [--rate N] [--error-share F] [--pathnames A,B]
                    [--partitions N] [--data-dir DIR] [--rules FILE] [--port N]

Runs the whole pipeline on this machine: a simulated microservice writes JSON logs to an in-memory
Kafka topic; the index, archive and detect functions consume it as the MSK event source mappings
would (one consumer group each, batches, commit after success, retry on failure); the sweeper runs
every 10 seconds. Services the environment names are used (AWS_ENDPOINT_URL_S3,
AWS_ENDPOINT_URL_DYNAMODB, OPENSEARCH_URL, SLACK_WEBHOOK_URL); the others come from the embedded
stack. Without SLACK_WEBHOOK_URL alerts are printed here. State is kept in the data dir. A live page
(errors per pathname against the threshold, alerts, throughput) is served on 127.0.0.1 while it runs.

  --duration S      stop after S seconds (default: run until Ctrl-C)
  --rate N          records per second the service writes (default 200: 2 every 10 ms)
  --error-share F   share of records that are errors, 0..1 (default 0.3)
  --pathnames A,B   the source files that log (default ${defaultPathnames.join(',')})
  --partitions N    partitions of the topic (default 2)
  --data-dir DIR    the embedded stack's state (default .sluice/)
  --rules FILE      the rules file (default SLUICE_RULES, else the bundled rules)
  --port N          port of the live page on 127.0.0.1 (default: a free one, printed at start)

Example:
  npm start -- --duration 30
`;

const number = (
  text: string | undefined,
  flag: string,
  fallback: number,
  check: (n: number) => boolean,
): number => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || !check(value))
    throw new UsageError(`sluice start: ${flag} ${text} is out of range (see --help)`);
  return value;
};

/** Consumer settings per function, like the deployed mappings: detect small and fast, archive large. */
const mappings: Record<KafkaStep['name'], Omit<ConsumerGroupOptions, 'groupId'>> = {
  detect: { batchSize: 500, batchWindowMs: 250 },
  index: { batchSize: 2000, batchWindowMs: 1000 },
  archive: { batchSize: 5000, batchWindowMs: 2000 },
};

/** A consumer group and the function it feeds. */
interface NamedGroup {
  readonly name: string;
  readonly group: ConsumerGroup;
}
const named = (name: string, group: ConsumerGroup): NamedGroup => ({ name, group });

/** `sluice start`: the simulated pipeline with a live view. */
export const startCommand: Command = {
  name: 'start',
  summary: 'run the whole pipeline locally on a simulated microservice, with live progress',
  help,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        duration: { type: 'string' },
        rate: { type: 'string' },
        'error-share': { type: 'string' },
        pathnames: { type: 'string' },
        partitions: { type: 'string' },
        'data-dir': { type: 'string' },
        rules: { type: 'string' },
        port: { type: 'string' },
      },
      'start',
    );
    const durationMs = number(values.duration, '--duration', Number.POSITIVE_INFINITY, (n) => n > 0) * 1000;
    const rate = number(values.rate, '--rate', 200, (n) => n > 0 && n <= 100_000);
    const errorShare = number(values['error-share'], '--error-share', 0.3, (n) => n >= 0 && n <= 1);
    const partitions = number(
      values.partitions,
      '--partitions',
      2,
      (n) => Number.isInteger(n) && n >= 1 && n <= 64,
    );
    const port = number(values.port, '--port', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 65_535);
    const pathnames = values.pathnames?.split(',').filter((p) => p !== '') ?? [...defaultPathnames];
    if (pathnames.length === 0) throw new UsageError('sluice start: --pathnames needs at least one name');
    const dataDir = resolve(values['data-dir'] ?? '.sluice');
    const out = process.stdout;
    const tty = out.isTTY === true;
    let lineShown = false;
    const clearLine = () => {
      if (tty && lineShown) out.write('\r\x1b[2K');
      lineShown = false;
    };
    const say = (line: string) => {
      clearLine();
      out.write(`${line}\n`);
    };

    // From here on, the first Ctrl-C ends the run cleanly and a second one stops it at once.
    let abandon = () => {};
    const interrupt = onInterrupt(() => abandon());

    const releaseDataDir = claimDataDir(dataDir);
    say('sluice: starting the local stack ...');
    const pipeline = await openLocalPipeline({
      dataDir,
      ...(values.rules === undefined ? {} : { rulesFile: values.rules }),
      slackOut: {
        write: (text: string) => {
          clearLine();
          return out.write(text);
        },
      },
      log: say,
    });
    const { config, stack, steps } = pipeline;
    say(`  DynamoDB   ${stack.dynamodb.endpoint} (${stack.dynamodb.kind}), table ${config.dynamodb.table}`);
    say(`  S3         ${stack.s3.endpoint} (${stack.s3.kind}), bucket ${config.s3.bucket}`);
    say(
      `  OpenSearch ${steps.index ? (config.opensearch.url ?? config.opensearch.domainName) : 'not configured (set OPENSEARCH_URL to index)'}`,
    );
    say(
      `  Slack      ${config.slack.webhookUrl || config.slack.webhookParameter ? 'webhook configured' : 'alerts printed here'}`,
    );
    say(`  rules      ${pipeline.rules.rules.map((r) => r.name).join(', ')} (${pipeline.rules.source})`);
    say(`  data dir   ${dataDir}`);

    const offsetsFile = join(dataDir, 'topic.json');
    const topic = new MemoryTopic('logs', partitions, readTopicOffsets(offsetsFile));
    const startOffsets = topic.nextOffsets();
    const live = new LiveWindows(pipeline.rules.rules);
    const totals = {
      accepted: 0,
      deadLettered: 0,
      skipped: 0,
      indexed: steps.index ? 0 : null,
      archived: 0,
      alerts: 0,
    };

    // The totals are read once a second, from the first tick on (after everything below exists).
    const view = await startLiveView({
      rules: pipeline.rules.rules,
      windows: live,
      port,
      totals: () => ({ ...totals, produced, lag: Math.max(...groups.map((g) => g.lag())) }),
    }).catch(async (error: unknown) => {
      await pipeline.close();
      throw error;
    });
    say(`  live view  ${view.url}`);

    /** One consumer group delivering to `step`, like its event source mapping. */
    const consume = <R extends object>(
      step: KafkaStep<R>,
      record: (read: BatchRead, report: R) => void,
    ): NamedGroup =>
      named(
        step.name,
        new ConsumerGroup(
          topic,
          { groupId: `sluice-${step.name}`, ...mappings[step.name] },
          async (event: MSKEvent) => {
            const read = readBatch(parseKafkaEvent(event), config);
            const deadline = Date.now() + 60_000;
            const result = await step.run(read, { remainingMs: () => deadline - Date.now() });
            record(read, result.report);
          },
          startOffsets,
        ),
      );
    const consumers: NamedGroup[] = [
      consume(steps.archive, (read, report) => {
        totals.accepted += read.counts.accepted;
        totals.deadLettered += read.counts.deadLettered;
        totals.skipped += read.counts.skipped;
        totals.archived += report.archived;
      }),
      consume(steps.detect, (read, report) => {
        live.add(read.accepted);
        totals.alerts += report.alertsFired;
        view.recorder.recordAlerts(report.alerts, Date.now());
      }),
      ...(steps.index
        ? [
            consume(steps.index, (_read, report) => {
              totals.indexed = (totals.indexed ?? 0) + report.indexed;
            }),
          ]
        : []),
    ];
    const groups = consumers.map((consumer) => consumer.group);

    const next = simulateMicroservice({ pathnames, errorShare, seed: Date.now() % 2 ** 31 });
    const started = Date.now();
    let produced = 0;
    const producer = setInterval(() => {
      // Catch up to the rate over elapsed time, so timer jitter does not slow the service down.
      const now = Date.now();
      const due = Math.floor(((now - started) * rate) / 1000);
      for (; produced < due; produced += 1) topic.append(produced % partitions, next(now).value, now);
      const lowest = topic
        .nextOffsets()
        .map((_, p) => Math.min(...groups.map((g) => g.committedOffsets()[p] ?? 0)));
      topic.trim(lowest);
    }, 10);
    for (const group of groups) group.start();

    let lastProduced = 0;
    let lastTick = started;
    let perSecond = 0;
    const snapshot = () => {
      const now = Date.now();
      if (now - lastTick >= 900) {
        perSecond = ((produced - lastProduced) * 1000) / (now - lastTick);
        lastProduced = produced;
        lastTick = now;
      }
      return formatProgress({
        elapsedMs: now - started,
        produced,
        recordsPerSecond: perSecond,
        ...totals,
        lag: Math.max(...groups.map((g) => g.lag())),
        windows: live.current(),
      });
    };
    let ticks = 0;
    const progress = setInterval(() => {
      ticks += 1;
      if (tty) {
        clearLine();
        out.write(snapshot().slice(0, (out.columns ?? 160) - 1));
        lineShown = true;
      } else if (ticks % 5 === 0) {
        say(snapshot());
      }
    }, 1000);
    const sweeper = setInterval(() => {
      pipeline
        .sweep()
        .catch((error: unknown) => say(`sweep failed: ${error instanceof Error ? error.message : error}`));
    }, 10_000);

    abandon = () => {
      clearLine();
      writeTopicOffsets(offsetsFile, topic.nextOffsets());
      const left = consumers.map(({ name, group }) => `${name} ${group.lag()}`).join(', ');
      say(
        `sluice: stopped at once; records written but not processed: ${left} ` +
          `(of ${produced} written; they were only in the in-memory topic)`,
      );
    };
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      interrupt.requested,
      new Promise<void>((done) => {
        if (Number.isFinite(durationMs)) timer = setTimeout(done, durationMs);
      }),
    ]);
    clearTimeout(timer);

    clearInterval(producer);
    clearInterval(progress);
    clearInterval(sweeper);
    say(
      `sluice: stopping: delivering the ${Math.max(...groups.map((g) => g.lag()))} records not yet processed, ` +
        'then stopping the local stack (Ctrl-C again to stop at once) ...',
    );
    const left = await Promise.all(groups.map((group) => group.stop(30_000)));
    writeTopicOffsets(offsetsFile, topic.nextOffsets());
    const sweep = await pipeline.sweep();
    say(snapshot());
    const undelivered = Math.max(...left);
    if (undelivered > 0) say(`sluice: ${undelivered} records were not processed before the drain timed out`);
    say(
      `sluice: ${produced} records written; ${totals.accepted} accepted, ${totals.deadLettered} dead-lettered, ` +
        `${totals.skipped} skipped; ${totals.alerts} alerts fired, ${sweep.pending} pending delivery. ` +
        `State kept in ${dataDir} (see: sluice state).`,
    );
    await view.close();
    await pipeline.close();
    releaseDataDir();
    interrupt.dispose();
    return undelivered > 0 ? 1 : 0;
  },
};
