// One fault run: the three MSK functions' and the sweeper's own Lambda handlers (functions/*/create-handler.ts,
// the objects Lambda runs), invoked with Lambda-shaped contexts,
// and, in front of every service, something that can fail: a TCP fault proxy before the shared S3
// server, a throttling proxy before DynamoDB Local, the OpenSearch double with scripted faults, and
// the Slack double with scripted replies.
import type { MSKEvent } from 'aws-lambda';
import { localContext } from '../../../cli/invoke/lambda-context';
import { createArchiveHandler } from '../../../functions/archive/create-handler';
import { createDetectHandler } from '../../../functions/detect/create-handler';
import { createIndexHandler } from '../../../functions/index/create-handler';
import { createSweepHandler } from '../../../functions/sweep/create-handler';
import type { SweepReport } from '../../../functions/sweep/sweep';
import { createDynamoClient } from '../../../shared/adapters/dynamodb/client';
import { dynamoDetectListing } from '../../../shared/adapters/dynamodb/listing';
import { alertLinks } from '../../../shared/alerts/alert-links';
import type { Alert, AlertLinks } from '../../../shared/alerts/types';
import { readBatch } from '../../../shared/batch/read-batch';
import type { BatchRead } from '../../../shared/batch/types';
import { loadConfig, type SluiceConfig } from '../../../shared/config';
import { parseKafkaEvent } from '../../../shared/kafka/event';
import { parseRules } from '../../../shared/rules/parse';
import type { DetectListing } from '../../../shared/rules/store';
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
 * over the threshold), so the oracle can check them exactly; `spaced` checks realert under concurrency;
 * `new-error` must alert exactly once per distinct fingerprint of the topic.
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
  - name: new-error
    type: new
    where: { level: [error, fatal] }
    fingerprint: [service, pathname, message]
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
  /** What the checks read the outcome with: the table (through the DynamoDB proxy) and alert links. */
  readonly readers: { readonly listing: DetectListing; readonly links: (alert: Alert) => AlertLinks };
  /** Reads the whole topic once, as the oracle sees it. */
  readAll(event: MSKEvent): BatchRead;
  sweepOnce(now: () => number): Promise<SweepReport | undefined>;
  close(): Promise<void>;
}

/** Records how a function classified each record it read, and checks the accounting of each batch. */
function observer(name: FunctionName, classes: Map<string, RecordClass>, violations: string[]) {
  const note = (id: string, cls: RecordClass) => {
    const before = classes.get(id);
    if (before !== undefined && before !== cls) violations.push(`${name}: ${id} was ${before}, now ${cls}`);
    classes.set(id, cls);
  };
  return (read: BatchRead) => {
    const { records, accepted, deadLettered, skipped } = read.counts;
    if (records !== accepted + deadLettered + skipped)
      violations.push(
        `${name}: a batch of ${records} records counted ${accepted}+${deadLettered}+${skipped}`,
      );
    for (const { record } of read.accepted) note(recordId(record), 'accepted');
    for (const { record } of read.deadLettered) note(recordId(record), 'deadLettered');
    for (const { record } of read.skipped) note(recordId(record), 'skipped');
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
    // Short, so that the late answers of the slack scenario come after it without slowing the suite.
    SLACK_TIMEOUT: '2s',
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
  const observing = (name: FunctionName) => ({
    logSink: (line: string) => logs.push(line),
    onRead: observer(name, classes[name], violations),
  });
  const index = createIndexHandler(config, observing('index'));
  const archive = createArchiveHandler(config, observing('archive'));
  const detect = createDetectHandler(config, { ...observing('detect'), rules });
  let clock: () => number = Date.now;
  const sweeper = createSweepHandler(config, { logSink: (line) => logs.push(line), now: () => clock() });
  const readers = {
    listing: dynamoDetectListing({ client: createDynamoClient(config), table: config.dynamodb.table }),
    links: alertLinks({
      bucket: config.s3.bucket,
      region: config.region,
      dashboardsUrl: config.dashboardsUrl,
    }),
  };
  return {
    config,
    rules,
    s3,
    dynamodb,
    opensearch,
    slack,
    handlers: { index, archive, detect },
    classes,
    violations,
    logs,
    readers,
    readAll: (event) => readBatch(parseKafkaEvent(event), config),
    async sweepOnce(now) {
      clock = now;
      try {
        return await sweeper({}, localContext('sweep', 55_000));
      } catch {
        return undefined; // DynamoDB throttled the sweeper: the next minute's run tries again
      }
    },
    async close() {
      await Promise.all([index.close(), archive.close(), detect.close(), sweeper.close()]);
      await Promise.all([s3.close(), dynamodb.close(), opensearch.close(), slack.close()]);
    },
  };
}
