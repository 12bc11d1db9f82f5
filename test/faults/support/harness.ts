// One fault run: the three MSK functions built exactly as their Lambda handlers build them
// (functions/*/step.ts inside shared/lambda/kafka-handler.ts), the sweeper (functions/sweep/sweep.ts),
// and, in front of every service, something that can fail: a TCP fault proxy before the shared S3
// server, a throttling proxy before DynamoDB Local, the OpenSearch double with scripted faults, and
// the Slack double with scripted replies.
import type { MSKEvent } from 'aws-lambda';
import { archiveStep, buildArchiveDeps } from '../../../functions/archive/step';
import { buildDetectDeps } from '../../../functions/detect/deps';
import { detectStep } from '../../../functions/detect/step';
import type { DetectDeps } from '../../../functions/detect/types';
import { indexStep } from '../../../functions/index/step';
import { type SweepReport, sweep } from '../../../functions/sweep/sweep';
import { readBatch } from '../../../shared/batch/read-batch';
import type { BatchRead } from '../../../shared/batch/types';
import { loadConfig, type SluiceConfig } from '../../../shared/config';
import { parseKafkaEvent } from '../../../shared/kafka/event';
import { type KafkaStep, kafkaHandler } from '../../../shared/lambda/kafka-handler';
import { createLogger } from '../../../shared/log';
import { parseRules } from '../../../shared/rules/parse';
import type { RuleSet } from '../../../shared/rules/types';
import { freshBucket, freshTable, testConfig } from '../../helpers/local-stack';
import { OpenSearchDouble } from '../../helpers/opensearch-double';
import { SlackDouble } from '../../helpers/slack-double';
import { DynamoFaultProxy } from './dynamo-fault-proxy';
import type { KafkaInvoke } from './event-source-mapping';
import { TcpFaultProxy } from './tcp-fault-proxy';
import { recordId } from './topic';

/**
 * The rules of the fault runs. `realert: 0s` rules have exactly one right set of alerts (every window
 * over the threshold), so the oracle can check them exactly; `spaced` checks realert under concurrency.
 */
export const FAULT_RULES = `rules:
  - name: burst
    where: { level: [error, fatal] }
    groupBy: pathname
    window: 10s
    threshold: 16
    realert: 0s
  - name: hop
    where: { level: error }
    groupBy: pathname
    window: 30s
    slide: 10s
    threshold: 48
    realert: 0s
  - name: spaced
    where: { level: error }
    groupBy: pathname
    window: 10s
    threshold: 15
    realert: 1m
  - name: exception
    where: { message: { contains: exception } }
    groupBy: kubernetes.container
    window: 1m
    threshold: 0
    realert: 0s
`;

export const FunctionName = { index: 'index', archive: 'archive', detect: 'detect' } as const;
export type FunctionName = (typeof FunctionName)[keyof typeof FunctionName];

/** How one function classified a record (every delivery must agree). */
export type RecordClass = 'accepted' | 'deadLettered' | 'skipped';

export interface FaultRunOptions {
  readonly reportBatchItemFailures?: boolean;
  /** Largest `_bulk` body the OpenSearch double takes (413 above it). */
  readonly opensearchMaxBodyBytes?: number;
  readonly random: () => number;
}

/** Everything one run needs and everything it observed. */
export interface FaultRun {
  readonly config: SluiceConfig;
  readonly rules: RuleSet;
  readonly s3: TcpFaultProxy;
  readonly dynamodb: DynamoFaultProxy;
  readonly opensearch: OpenSearchDouble;
  readonly slack: SlackDouble;
  readonly handlers: Record<FunctionName, KafkaInvoke>;
  /** Per function: the class each delivered record got. */
  readonly classes: Record<FunctionName, Map<string, RecordClass>>;
  /** Problems seen while the run went: a batch whose counts broke the law, a record classified two ways. */
  readonly violations: string[];
  /** Every log line the functions wrote (for the secret checks). */
  readonly logs: string[];
  /** The sweeper's dependencies (its own store and Slack sender, like a separate Lambda). */
  readonly sweepDeps: DetectDeps;
  /** Reads the whole topic once, as the oracle sees it. */
  readAll(event: MSKEvent): BatchRead;
  sweepOnce(now: () => number): Promise<SweepReport | undefined>;
  close(): Promise<void>;
}

/** Wraps a step to record how it classified each record and to check the accounting of each batch. */
function observed<R extends object>(
  step: KafkaStep<R>,
  classes: Map<string, RecordClass>,
  violations: string[],
): KafkaStep<R> {
  const note = (id: string, cls: RecordClass) => {
    const before = classes.get(id);
    if (before !== undefined && before !== cls)
      violations.push(`${step.name}: ${id} was ${before}, now ${cls}`);
    classes.set(id, cls);
  };
  return {
    name: step.name,
    run(read, context) {
      const { records, accepted, deadLettered, skipped } = read.counts;
      if (records !== accepted + deadLettered + skipped)
        violations.push(
          `${step.name}: a batch of ${records} records counted ${accepted}+${deadLettered}+${skipped}`,
        );
      for (const { record } of read.accepted) note(recordId(record), 'accepted');
      for (const { record } of read.deadLettered) note(recordId(record), 'deadLettered');
      for (const { record } of read.skipped) note(recordId(record), 'skipped');
      return step.run(read, context);
    },
  };
}

/**
 * Opens a run on a fresh bucket and table of the shared test stack, behind fresh proxies and doubles.
 *
 * @example
 * const run = await openFaultRun({ random });
 * try { ... } finally { await run.close(); }
 */
export async function openFaultRun(options: FaultRunOptions): Promise<FaultRun> {
  const stack = await testConfig({ bucket: await freshBucket('faults'), table: await freshTable('faults') });
  const s3Endpoint = new URL(stack.s3.endpoint ?? '');
  const s3 = await TcpFaultProxy.start(s3Endpoint.hostname, Number(s3Endpoint.port));
  const dynamodb = await DynamoFaultProxy.start(new URL(stack.dynamodb.endpoint ?? ''), options.random);
  const opensearch = await OpenSearchDouble.start(
    options.opensearchMaxBodyBytes === undefined ? {} : { maxBodyBytes: options.opensearchMaxBodyBytes },
  );
  const slack = await SlackDouble.start();
  const config = loadConfig({
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: stack.credentials?.accessKeyId,
    AWS_SECRET_ACCESS_KEY: stack.credentials?.secretAccessKey,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
    SLUICE_BUCKET: stack.s3.bucket,
    SLUICE_TABLE: stack.dynamodb.table,
    SLUICE_MAX_RECORD_BYTES: '16384',
    SLUICE_REPORT_BATCH_ITEM_FAILURES: options.reportBatchItemFailures ? 'true' : 'false',
    OPENSEARCH_URL: opensearch.url,
    OPENSEARCH_REQUEST_TIMEOUT: '800ms',
    SLACK_WEBHOOK_URL: slack.url,
    SLACK_BUDGET_PER_MINUTE: '100000',
  });
  const parsed = parseRules(FAULT_RULES, 'faults');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  const rules = parsed.ruleSet;
  const logs: string[] = [];
  const violations: string[] = [];
  const classes = {
    index: new Map<string, RecordClass>(),
    archive: new Map<string, RecordClass>(),
    detect: new Map<string, RecordClass>(),
  };
  const handler = <R extends object>(step: KafkaStep<R>): KafkaInvoke => {
    const wrapped = kafkaHandler(config, observed(step, classes[step.name], violations), {
      log: createLogger({ write: (line) => logs.push(line), fields: { function: step.name } }),
      writeMetrics: (line) => logs.push(line),
    });
    return (event, context) => wrapped(event, context);
  };
  const sweepDeps = await buildDetectDeps(config, rules);
  return {
    config,
    rules,
    s3,
    dynamodb,
    opensearch,
    slack,
    handlers: {
      index: handler(indexStep(config)),
      archive: handler(archiveStep(buildArchiveDeps(config))),
      detect: handler(detectStep(config, { rules })),
    },
    classes,
    violations,
    logs,
    sweepDeps,
    readAll: (event) => readBatch(parseKafkaEvent(event), config),
    async sweepOnce(now) {
      try {
        return await sweep(sweepDeps, now);
      } catch {
        return undefined; // DynamoDB throttled the sweeper: the next minute's run tries again
      }
    },
    async close() {
      await Promise.all([s3.close(), dynamodb.close(), opensearch.close(), slack.close()]);
    },
  };
}
