import { resolve } from 'node:path';
import type { BatchCounts } from '../../shared/batch/types';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { onInterrupt } from '../interrupt';
import type { KafkaInvoker } from '../invoke/local-functions';
import { brokersOption, createKafka, defaultTopic, requireTopic } from '../kafka/client';
import { type FunctionProgress, formatConsumeProgress } from '../kafka/consume-progress';
import { durationFlag } from '../kafka/flags';
import { deliverToHandler } from '../kafka/handler-delivery';
import {
  createMappingGroup,
  describeInFlight,
  type MappingGroup,
  startMappingGroups,
  stopMappingGroups,
} from '../kafka/mapping-group';
import { deployedMappings, type FunctionName, functionNames } from '../kafka/mappings';
import { statusTerminal, untilStopped } from '../kafka/terminal';
import { openLocalPipeline } from '../pipeline/local-pipeline';
import { localClusterArn } from '../sim/msk-event';
import { LiveWindows } from '../start/live-windows';

const help = `
Usage: sluice consume [--brokers HOST:PORT,...] [--topic T] [--functions index,archive,detect]
                      [--from earliest|latest] [--batch-window DURATION] [--duration S]
                      [--data-dir DIR] [--rules FILE]

Emulates the MSK event source mappings against any Kafka: one consumer group per function
(sluice-index, sluice-archive, sluice-detect), each gathering records from every partition into
MSK-shaped batches (base64 values, byte-array headers) until the mapping's batch size or window,
running the same code as the Lambda function, and committing offsets only after the function
succeeded. A failed batch is retried whole with backoff (never skipped). Ctrl-C lets the batch in
flight finish, commits it, and leaves the records still being gathered to be read again next time;
a second Ctrl-C stops at once and names the batch left uncommitted (read again next time).

Services the environment names are used (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB,
OPENSEARCH_URL, SLACK_WEBHOOK_URL); the others come from the embedded stack in the data dir. Without
OPENSEARCH_URL the index function does not run. Without SLACK_WEBHOOK_URL alerts are printed here.

  --brokers LIST          bootstrap brokers (default SLUICE_KAFKA_BROKERS, else localhost:9092)
  --topic T               the topic (default logs)
  --functions LIST        which functions consume (default index,archive,detect)
  --from P                where a new consumer group starts: earliest (default) or latest
  --batch-window D        one batching window for every function, e.g. 1s (default: the deployed
                          mappings': index 5s, archive 60s, detect 1s)
  --duration S            stop after S seconds (default: run until Ctrl-C)
  --data-dir DIR          the embedded stack's state (default .sluice/)
  --rules FILE            the rules file (default SLUICE_RULES, else the bundled rules)

Example (see docs/local-kafka.md):
  sluice consume --brokers localhost:9092 --topic logs --batch-window 2s
`;

/** One function's group and its running figures. */
interface GroupState extends MappingGroup {
  readonly name: FunctionName;
  records: number;
  counts: { -readonly [K in keyof BatchCounts]: BatchCounts[K] };
}

const emptyCounts = (): GroupState['counts'] => ({ records: 0, accepted: 0, deadLettered: 0, skipped: 0 });

function parseFunctions(text: string | undefined): FunctionName[] {
  if (text === undefined) return [...functionNames];
  const names = [...new Set(text.split(',').map((name) => name.trim()))].filter((name) => name !== '');
  for (const name of names) {
    if (!(functionNames as readonly string[]).includes(name)) {
      throw new UsageError(`sluice consume: --functions "${name}" is not one of ${functionNames.join(', ')}`);
    }
  }
  if (names.length === 0) throw new UsageError('sluice consume: --functions needs at least one function');
  return names as FunctionName[];
}

/** `sluice consume`: the MSK event source mappings, emulated with kafkajs against any Kafka. */
export const consumeCommand: Command = {
  name: 'consume',
  summary: 'consume a real Kafka topic like the MSK event source mappings (kafkajs)',
  help,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        brokers: { type: 'string' },
        topic: { type: 'string' },
        functions: { type: 'string' },
        from: { type: 'string' },
        'batch-window': { type: 'string' },
        duration: { type: 'string' },
        'data-dir': { type: 'string' },
        rules: { type: 'string' },
      },
      'consume',
    );
    const brokers = brokersOption(values.brokers, 'consume');
    const topic = values.topic ?? defaultTopic;
    const wanted = parseFunctions(values.functions);
    if (values.from !== undefined && values.from !== 'earliest' && values.from !== 'latest') {
      throw new UsageError(`sluice consume: --from must be earliest or latest, got "${values.from}"`);
    }
    const fromBeginning = values.from !== 'latest';
    const window =
      values['batch-window'] === undefined
        ? undefined
        : durationFlag(values['batch-window'], '--batch-window', 'consume', 1000);
    const durationMs = durationFlag(values.duration, '--duration', 'consume', Number.POSITIVE_INFINITY);
    const dataDir = resolve(values['data-dir'] ?? '.sluice');

    // Fail fast, before anything is started: one line when no broker answers or the topic is missing.
    await requireTopic(brokers, topic);

    const term = statusTerminal();
    const pipeline = await openLocalPipeline({
      dataDir,
      ...(values.rules === undefined ? {} : { rulesFile: values.rules }),
      slackOut: {
        write: (text: string) => {
          term.clear();
          return process.stdout.write(text);
        },
      },
      log: term.say,
    });
    const { functions } = pipeline;
    const kafka = createKafka(brokers, 'sluice-consume', term.say);
    const live = new LiveWindows(pipeline.rules.rules);
    const figures = { indexed: 0, archived: 0, alerts: 0 };
    const event = { bootstrapServers: brokers.join(','), eventSourceArn: localClusterArn };
    const groups: GroupState[] = [];

    const addGroup = <R extends object>(
      name: FunctionName,
      invoke: KafkaInvoker<R>,
      onReport: (report: R) => void,
    ) => {
      const mapping = deployedMappings[name];
      const group = createMappingGroup(kafka, {
        name,
        groupId: mapping.groupId,
        settings: { batchSize: mapping.batchSize, batchWindowMs: window ?? mapping.batchWindowMs },
        say: term.say,
        deliver: deliverToHandler(invoke, event, (read, report) => {
          state.records += read.counts.records;
          for (const key of ['records', 'accepted', 'deadLettered', 'skipped'] as const) {
            state.counts[key] += read.counts[key];
          }
          if (name === 'detect') live.add(read.accepted);
          onReport(report);
        }),
      });
      const state: GroupState = { ...group, name, records: 0, counts: emptyCounts() };
      groups.push(state);
    };

    for (const name of wanted) {
      if (name === 'index') {
        if (functions.index) addGroup('index', functions.index, (r) => (figures.indexed += r.indexed));
        else
          term.say(
            'index: OpenSearch is not configured (set OPENSEARCH_URL); the index function does not run',
          );
      } else if (name === 'archive') {
        addGroup('archive', functions.archive, (r) => (figures.archived += r.archived));
      } else {
        addGroup('detect', functions.detect, (r) => (figures.alerts += r.alertsFired));
      }
    }
    if (groups.length === 0) {
      await pipeline.close();
      throw new UsageError('sluice consume: no function left to run (index needs OPENSEARCH_URL)');
    }

    const started = Date.now();
    const running = groups.map((g) => g.name);
    term.say(
      `sluice consume: ${topic} at ${brokers.join(',')} -> ${running
        .map((name) => `${name} (${deployedMappings[name].groupId})`)
        .join(', ')}; data dir ${dataDir}; Ctrl-C to stop`,
    );
    // From here on the first Ctrl-C stops gracefully (also during the join), the second at once.
    const signals = onInterrupt(() => {
      const left = describeInFlight(groups);
      term.clear();
      process.stderr.write(
        `sluice consume: stopped at once; ${left.length > 0 ? `not committed, read again next time: ${left.join('; ')}` : 'no batch was in flight'}\n`,
      );
    });
    try {
      await startMappingGroups(groups, topic, fromBeginning);
    } catch (error) {
      signals.dispose();
      await pipeline.close();
      throw error;
    }

    const snapshot = () => {
      const counts = groups[0]?.counts ?? emptyCounts();
      return formatConsumeProgress({
        elapsedMs: Date.now() - started,
        functions: groups.map(
          (g): FunctionProgress => ({
            name: g.name,
            records: g.records,
            lag: g.batcher.lag(),
            retries: g.batcher.retries,
          }),
        ),
        accepted: counts.accepted,
        deadLettered: counts.deadLettered,
        skipped: counts.skipped,
        indexed: running.includes('index') ? figures.indexed : null,
        archived: running.includes('archive') ? figures.archived : null,
        alerts: running.includes('detect') ? figures.alerts : null,
        windows: live.current(),
      });
    };
    const progress = setInterval(() => term.status(snapshot()), 1000);
    const sweeper = running.includes('detect')
      ? setInterval(() => {
          pipeline
            .sweep()
            .catch((error: unknown) =>
              term.say(`sweep failed: ${error instanceof Error ? error.message : String(error)}`),
            );
        }, 10_000)
      : undefined;

    await untilStopped(durationMs, signals.requested);
    clearInterval(progress);
    if (sweeper) clearInterval(sweeper);
    term.say('sluice consume: stopping: finishing the batches in flight (Ctrl-C again to stop at once) ...');
    await stopMappingGroups(groups);
    signals.dispose();
    if (sweeper) await pipeline.sweep().catch(() => undefined);
    term.say(snapshot());
    term.say(
      `sluice consume: ${groups.map((g) => `${g.name} ${g.records}`).join(', ')} records processed and committed. ` +
        `State kept in ${dataDir} (see: sluice state).`,
    );
    await pipeline.close();
    return 0;
  },
};
