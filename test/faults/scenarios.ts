// The fault scenarios: one kind of fault at a time, then all of them at once. Every scenario also
// retries failed batches with new boundaries and loses a few commits (the event source mapping's own
// behaviour); `redelivery` does only that, much more often.
import { Faults } from '../helpers/opensearch-double';
import { SlackReplies } from '../helpers/slack-double';
import { type InjectContext, type Scenario, sleep } from './support/drive';
import { ProxyMode } from './support/tcp-fault-proxy';

/** OpenSearch: 429 storms, 5xx, timeouts (hung requests), dropped connections, and 413 until learned. */
async function opensearchFaults(context: InjectContext, budget = 16): Promise<void> {
  const { run, random } = context;
  const ids = context.partitions.flat().map((r) => `logs-${r.partition}-${r.offset}`);
  // Item-level faults on a tenth of the documents: throttled or unavailable, once or twice.
  for (const id of ids) {
    if (random() < 0.1)
      run.opensearch.faultItem(
        id,
        random() < 0.6 ? Faults.throttled(1 + Math.floor(random() * 2)) : Faults.unavailable(1),
      );
  }
  // Whole-request faults while the index runs: a storm of 429s, then 503s, hangs and drops.
  run.opensearch.faultRequests(...Array.from({ length: 4 }, () => Faults.requestThrottled()));
  let injected = 4;
  while (!context.finished() && injected < budget) {
    await sleep(150);
    const roll = random();
    if (roll < 0.4) run.opensearch.faultRequests(Faults.requestThrottled());
    else if (roll < 0.7) run.opensearch.faultRequests(Faults.requestUnavailable());
    else if (roll < 0.85) run.opensearch.faultRequests(Faults.hang());
    else run.opensearch.faultRequests(Faults.disconnect());
    injected += 1;
  }
}

/**
 * S3: the server stops (connections refused, open ones cut), resets connections, accepts them without
 * answering, answers 503, and comes back.
 */
async function s3Outage(context: InjectContext, outages = 2): Promise<void> {
  const { run } = context;
  for (let i = 0; i < outages && !context.finished(); i += 1) {
    const at = (i + 1) / (outages + 1);
    while (!context.finished() && context.progress('archive') < at * 0.9) await sleep(20);
    if (context.finished()) break;
    await run.s3.setMode(ProxyMode.refuse);
    await sleep(900);
    await run.s3.setMode(ProxyMode.drop);
    await sleep(400);
    await run.s3.setMode(ProxyMode.hang);
    await sleep(700);
    await run.s3.setMode(ProxyMode.unavailable);
    await sleep(500);
    await run.s3.setMode(ProxyMode.pass);
  }
}

/**
 * DynamoDB: a share of requests throttled (the SDK's own retries absorb these), and two storms where
 * every request is: a short one, and one long enough that the SDK gives up and batches fail.
 */
async function dynamodbThrottling(context: InjectContext, share = 0.06): Promise<void> {
  const { run } = context;
  run.dynamodb.throttleShare = share;
  for (const [at, ms] of [
    [0.3, 400],
    [0.6, 2500],
  ] as const) {
    while (!context.finished() && context.progress('detect') < at) await sleep(20);
    if (context.finished()) break;
    run.dynamodb.storm = true;
    await sleep(ms);
    run.dynamodb.storm = false;
  }
  while (!context.finished()) await sleep(20);
  run.dynamodb.throttleShare = 0;
}

/** Slack: 429 with Retry-After, 5xx, a timeout and a dropped connection, then an outage for a while. */
async function slackFaults(context: InjectContext): Promise<void> {
  const { run } = context;
  run.slack.enqueue(
    // Slack takes the message but answers late: within SLACK_TIMEOUT (2 s here), then after it.
    SlackReplies.slowOk(1_500),
    SlackReplies.slowOk(3_000),
    SlackReplies.rateLimited(1),
    SlackReplies.serverError(),
    SlackReplies.rateLimited(2),
    SlackReplies.hang(),
    SlackReplies.disconnect(),
    SlackReplies.error(503, 'service_unavailable'),
  );
  while (!context.finished() && context.progress('detect') < 0.4) await sleep(20);
  run.slack.setDefault(SlackReplies.serverError());
  while (!context.finished() && context.progress('detect') < 0.7) await sleep(20);
  run.slack.setDefault(SlackReplies.rateLimited(1));
  while (!context.finished() && context.progress('detect') < 0.85) await sleep(20);
  run.slack.setDefault(SlackReplies.ok());
}

/** Records OpenSearch refuses for good (a mapping error no quarantine can fix): two of them. */
function refuseTwo(
  run: Parameters<NonNullable<Scenario['refuseForGood']>>[0],
  accepted: readonly string[],
  random: () => number,
) {
  const chosen = [0, 1].map(() => accepted[Math.floor(random() * accepted.length)] as string);
  for (const id of chosen) run.opensearch.faultItem(`logs-${id.replace(':', '-')}`, Faults.alwaysRefused());
  return [...new Set(chosen)];
}

export const scenarios: readonly Scenario[] = [
  {
    name: 'opensearch',
    records: 1000,
    opensearchMaxBodyBytes: 48 * 1024,
    inject: (context) => opensearchFaults(context),
  },
  { name: 's3', records: 1000, inject: (context) => s3Outage(context) },
  { name: 'dynamodb', records: 1000, inject: (context) => dynamodbThrottling(context) },
  { name: 'slack', records: 1000, inject: (context) => slackFaults(context) },
  {
    name: 'deadline',
    records: 1000,
    reportBatchItemFailures: true,
    // A third of invocations get little time: the index must stop before it (partial batch
    // responses), archive and detect sometimes overrun it and are retried.
    timeoutMs: (name, random) => {
      if (random() > 0.35) return 60_000;
      return name === 'index' ? 3_100 + Math.floor(random() * 2_500) : 40 + Math.floor(random() * 400);
    },
    inject: (context) => opensearchFaults(context, 20),
  },
  {
    name: 'redelivery',
    records: 1000,
    lostCommitShare: 0.35,
    batchSize: { index: 80, archive: 80, detect: 80 },
  },
  {
    name: 'mixed',
    records: 3000,
    opensearchMaxBodyBytes: 64 * 1024,
    lostCommitShare: 0.15,
    refuseForGood: refuseTwo,
    timeoutMs: (name, random) =>
      random() < 0.1 && name !== 'index' ? 60 + Math.floor(random() * 300) : 60_000,
    inject: async (context) => {
      await Promise.all([
        opensearchFaults(context, 12),
        s3Outage(context, 1),
        dynamodbThrottling(context, 0.04),
        slackFaults(context),
      ]);
    },
  },
];
