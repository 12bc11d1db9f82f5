// Issue 11 items 3 and 4 against DynamoDB Local and the Slack double: a deliverer posts an alert only
// while its lease holds (detect held up by a slow Slack never posts an alert the sweeper took), and a
// post Slack answered late is not taken for a failure.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { buildDetectContainer, detectDepsFor } from '../../../functions/detect/deps';
import { detectBatch } from '../../../functions/detect/detect-batch';
import type { DetectDeps } from '../../../functions/detect/types';
import { sweep } from '../../../functions/sweep/sweep';
import { dynamoDetectListing } from '../../../shared/adapters/dynamodb/listing';
import { slackSenders } from '../../../shared/adapters/slack/senders';
import { SlackWebhook } from '../../../shared/adapters/slack/webhook';
import type { SlackPort } from '../../../shared/alerts/slack-port';
import type { SlackMessage } from '../../../shared/alerts/types';
import type { BatchRead } from '../../../shared/batch/types';
import { deliverAlert, UNKNOWN_OUTCOME_RETRY_MS } from '../../../shared/rules/outbox';
import { parseRules } from '../../../shared/rules/parse';
import { AlertQueue } from '../../../shared/rules/store';
import { freshTable, testConfig, testDynamoClient } from '../../helpers/local-stack';
import { SlackDouble, SlackReplies } from '../../helpers/slack-double';
import { accepted, makeEvent } from '../../shared/rules/make-event';

const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
const parsed = parseRules(
  'rules:\n  - { name: burst, where: { level: error }, groupBy: pathname, window: 10s, threshold: 0, realert: 0s }\n',
  'lease',
);
const ruleSet = parsed.ok ? parsed.ruleSet : assert.fail('rules');

/** One error in each of `groups` source files, all in the window at T0. */
function batchOf(groups: number): BatchRead {
  const events = Array.from({ length: groups }, (_, i) =>
    makeEvent({ '@timestamp': new Date(T0 + 1000).toISOString(), pathname: `/app/${i}.py`, offset: i }),
  );
  return {
    accepted: events.map(accepted),
    deadLettered: [],
    skipped: [],
    counts: { records: groups, accepted: groups, deadLettered: 0, skipped: 0 },
  };
}

let table = '';
/** The alerts of the test's table (a Scan: the listing `sluice state` uses). */
const listAlerts = async () => dynamoDetectListing({ client: await testDynamoClient(), table }).listAlerts();

async function deps(): Promise<DetectDeps> {
  table = await freshTable('lease');
  const config = await testConfig({ table });
  const container = buildDetectContainer(config, {
    rules: ruleSet,
    settings: { budgetPerMinute: 1000 },
  });
  return detectDepsFor(container, new AbortController().signal);
}

describe('a post happens only while its lease holds', () => {
  test('detect held up by a slow Slack never posts an alert the sweeper has taken', async () => {
    const d = await deps();
    let clock = T0 + 5_000;
    const posted: string[] = [];
    let swept = false;
    const sweeperSlack: SlackPort = {
      kind: 'terminal',
      post: async (message: SlackMessage) => {
        posted.push(message.text);
        return { ok: true };
      },
    };
    // Slack takes 4.5 s a post; once the batch's lease (60 s) has run out, the schedule's sweeper runs
    // while detect waits for Slack.
    const slowSlack: SlackPort = {
      kind: 'webhook',
      post: async (message: SlackMessage) => {
        clock += 4_500;
        if (clock > T0 + 5_000 + 62_000 && !swept) {
          swept = true;
          await sweep(d, sweeperSlack, () => clock);
        }
        posted.push(message.text);
        return { ok: true };
      },
    };
    const report = await detectBatch(batchOf(15), d, slowSlack, () => clock);
    assert.equal(report.alerts.length, 15);
    // The next minutes' sweeps deliver whatever detect left.
    for (const minutes of [2, 3]) await sweep(d, sweeperSlack, () => T0 + minutes * 60_000 + 5_000);
    const perAlert = new Map<string, number>();
    for (const text of posted) perAlert.set(text, (perAlert.get(text) ?? 0) + 1);
    assert.equal(perAlert.size, 15, 'every alert was posted');
    assert.deepEqual(
      [...perAlert].filter(([, n]) => n > 1),
      [],
      'none twice',
    );
  });

  test('a deliverer whose lease someone else took posts nothing', async () => {
    const d = await deps();
    await detectBatch(
      batchOf(1),
      d,
      {
        kind: 'terminal',
        post: async () => ({ ok: false, permanent: false, status: 503, error: 'http_503' }),
      },
      () => T0,
    );
    const [mine] = await listAlerts();
    assert.ok(mine);
    // Its retry is due; a sweeper leases it under another token.
    const due = (mine.dueAt ?? 0) + 1;
    assert.ok(await d.store.alerts.lease(mine.key, AlertQueue.deliver, due, due + 60_000, 'sweeper'));
    let posts = 0;
    const outcome = await deliverAlert(
      mine,
      d,
      {
        kind: 'terminal',
        post: async () => {
          posts += 1;
          return { ok: true };
        },
      },
      () => due,
    );
    assert.deepEqual(outcome, { kind: 'lost' });
    assert.equal(posts, 0);
  });
});

describe('a post Slack answers late is not a failure', () => {
  let slack: SlackDouble;
  before(async () => {
    slack = await SlackDouble.start();
  });
  after(async () => {
    await slack.close();
  });
  beforeEach(() => slack.reset());

  test('Slack answering 200 after 7 s: posted once, never again by the sweeper', async () => {
    const d = await deps();
    slack.enqueue(SlackReplies.slowOk(7_000));
    const webhook = slackSenders().forUrl(slack.url);
    await detectBatch(batchOf(1), d, webhook, () => T0);
    for (const minutes of [2, 20, 60]) await sweep(d, webhook, () => T0 + minutes * 60_000);
    assert.equal(slack.delivered().length, 1);
    assert.deepEqual(
      (await listAlerts()).map((alert) => alert.status),
      ['sent'],
    );
  });

  test('no answer at all: an unknown outcome, retried only after the long wait, then once', async () => {
    const d = await deps();
    slack.enqueue(SlackReplies.hang());
    // The default timeout is 15 s; 200 ms here, the classification is the same.
    const webhook = new SlackWebhook({ webhookUrl: slack.url, timeoutMs: 200 });
    const started = T0;
    await detectBatch(batchOf(1), d, webhook, () => started);
    const [waiting] = await listAlerts();
    assert.equal(waiting?.status, 'pending');
    assert.ok((waiting?.dueAt ?? 0) >= started + UNKNOWN_OUTCOME_RETRY_MS, 'waits the unknown-outcome delay');
    assert.match(waiting?.lastError ?? '', /timeout/);
    assert.equal((await sweep(d, webhook, () => started + 60_000)).delivered, 0, 'not retried early');
    assert.equal((await sweep(d, webhook, () => started + UNKNOWN_OUTCOME_RETRY_MS + 1)).delivered, 1);
  });
});
