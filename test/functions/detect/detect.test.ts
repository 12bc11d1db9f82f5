import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { buildDetectContainer, detectDepsFor } from '../../../functions/detect/deps';
import { detectBatch } from '../../../functions/detect/detect-batch';
import { detectState } from '../../../functions/detect/state';
import type { DetectDeps } from '../../../functions/detect/types';
import { sweep } from '../../../functions/sweep/sweep';
import { createDynamoClient } from '../../../shared/adapters/dynamodb/client';
import { dynamoDetectListing } from '../../../shared/adapters/dynamodb/listing';
import { slackSenders } from '../../../shared/adapters/slack/senders';
import type { SlackPort } from '../../../shared/alerts/slack-port';
import { readBatch } from '../../../shared/batch/read-batch';
import type { BatchRead } from '../../../shared/batch/types';
import { parseKafkaEvent } from '../../../shared/kafka/event';
import { parseRules } from '../../../shared/rules/parse';
import type { DetectListing } from '../../../shared/rules/store';
import type { RuleSet } from '../../../shared/rules/types';
import { freshTable, testConfig } from '../../helpers/local-stack';
import { SlackDouble, SlackReplies } from '../../helpers/slack-double';

const RECORDED_AT = Date.parse('2024-05-01T12:00:00.000Z');
// DynamoDB Local deletes items whose TTL has passed on the real clock: the recorded storm is moved
// to the current hour so that items written with the tests' clock live through the test.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const fixture = join(__dirname, '..', '..', 'fixtures', 'detect', 'error-storm.json');
const recorded: BatchRead = readBatch(parseKafkaEvent(JSON.parse(readFileSync(fixture, 'utf8'))), {
  maxRecordBytes: 1024 * 1024,
  maxClockSkewMs: 15 * 60_000,
});
const storm: BatchRead = {
  ...recorded,
  accepted: recorded.accepted.map(({ record, event }) => ({
    record: { ...record, timestamp: record.timestamp - RECORDED_AT + T0 },
    event: {
      ...event,
      '@timestamp': iso(Date.parse(event['@timestamp']) - RECORDED_AT + T0),
      kafka: { ...event.kafka, timestamp: event.kafka.timestamp - RECORDED_AT + T0 },
    },
  })),
};

function rulesOf(text: string): RuleSet {
  const parsed = parseRules(text, 'test');
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.ruleSet;
}

type Text = { text?: string };

/**
 * Waits until the `pending` index lists `count` items due in `queue` at `at`. A GSI is eventually
 * consistent (DynamoDB Local's too, under load): the sweeper then simply finds them a minute later,
 * but these tests assert what one sweep does.
 */
async function indexShows(
  deps: DetectDeps,
  queue: 'deliver' | 'resolve',
  at: number,
  count: number,
): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if ((await deps.store.alerts.due(queue, at, 100)).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const texts = (slack: SlackDouble): string[] => slack.delivered().map((json) => (json as Text).text ?? '');

describe('detect and sweep against DynamoDB Local and a Slack double', () => {
  let slack: SlackDouble;
  before(async () => {
    slack = await SlackDouble.start();
  });
  after(async () => {
    await slack.close();
  });
  beforeEach(() => slack.reset());
  const post = (): SlackPort => slackSenders().forUrl(slack.url);

  async function deps(
    rules?: RuleSet,
    budgetPerMinute = 20,
  ): Promise<DetectDeps & { listing: DetectListing }> {
    const config = await testConfig({ table: await freshTable('detect') });
    const container = buildDetectContainer(config, {
      ...(rules ? { rules } : {}),
      settings: { budgetPerMinute },
    });
    const listing = dynamoDetectListing({ client: createDynamoClient(config), table: config.dynamodb.table });
    return { ...detectDepsFor(container, new AbortController().signal), listing };
  }

  test('the recorded storm fires each default rule once; replaying it twice posts each alert once', async () => {
    const d = await deps();
    const first = await detectBatch(storm, d, post(), () => T0 + 30_000);
    assert.deepEqual(first.alerts, [
      { rule: 'error-burst', group: '/app/db.py', windowStart: iso(T0), count: 40 },
      { rule: 'exception-seen', group: 'unknown', windowStart: iso(T0), count: 12 },
    ]);
    assert.equal(first.windowWrites, 2, 'one write per window: db.py and api.py share one, exception');
    const second = await detectBatch(storm, d, post(), () => T0 + 31_000);
    assert.deepEqual(
      second,
      { windowWrites: 0, uncounted: 72, alerts: [] },
      'a redelivery writes and posts nothing: its 40 + 20 + 12 window counts were all counted before',
    );
    assert.equal(slack.posts.length, 2);
    assert.equal(texts(slack).filter((text) => text.includes('error-burst')).length, 1);

    const state = await detectState(d.listing);
    assert.deepEqual(state.windows, [
      {
        rule: 'error-burst',
        group: '/app/api.py',
        windowStart: iso(T0),
        windowEnd: iso(T0 + 10_000),
        count: 20,
      },
      {
        rule: 'error-burst',
        group: '/app/db.py',
        windowStart: iso(T0),
        windowEnd: iso(T0 + 10_000),
        count: 40,
      },
      {
        rule: 'exception-seen',
        group: 'unknown',
        windowStart: iso(T0),
        windowEnd: iso(T0 + 60_000),
        count: 12,
      },
    ]);
    assert.deepEqual(
      state.alerts.map((a) => [a.rule, a.count, a.status]),
      [
        ['error-burst', 40, 'sent'],
        ['exception-seen', 12, 'sent'],
      ],
    );
  });

  test('log text reaches Slack escaped: no mention, no forged link', async () => {
    const d = await deps();
    await detectBatch(storm, d, post(), () => T0 + 30_000);
    const bodies = slack.posts.map((post) => post.body);
    assert.ok(
      bodies.some((body) => body.includes('&lt;!channel&gt;')),
      'the sample is shown, escaped',
    );
    for (const body of bodies) {
      assert.ok(!body.includes('<!channel>'), 'never a live @channel');
      assert.ok(!body.includes('<https://evil.example|'), 'never a forged link');
    }
  });

  test('webhook failing: every alert stays pending, the batch succeeds, a later sweep delivers each once', async () => {
    const d = await deps();
    slack.setDefault(SlackReplies.serverError());
    const report = await detectBatch(storm, d, post(), () => T0 + 30_000);
    assert.equal(report.alerts.length, 2);
    assert.equal(slack.posts.length, 1, 'after one failure the batch does not hit Slack again');
    assert.deepEqual(
      (await detectState(d.listing)).alerts.map((a) => a.status),
      ['pending', 'pending'],
    );
    const early = await sweep(d, post(), () => T0 + 40_000);
    assert.equal(early.delivered, 0, 'not due yet: backoff');
    slack.reset();
    await indexShows(d, 'deliver', T0 + 10 * 60_000, 2);
    const later = await sweep(d, post(), () => T0 + 10 * 60_000);
    assert.deepEqual([later.delivered, later.pending], [2, 0]);
    const again = await sweep(d, post(), () => T0 + 20 * 60_000);
    assert.equal(again.delivered, 0);
    assert.equal(slack.delivered().length, 2);
    assert.deepEqual(
      texts(slack)
        .map((text) => (text.includes('error-burst') ? 'error-burst' : 'exception-seen'))
        .sort(),
      ['error-burst', 'exception-seen'],
    );
    assert.deepEqual(
      (await detectState(d.listing)).alerts.map((a) => a.status),
      ['sent', 'sent'],
    );
  });

  test('429: the alert waits at least Retry-After, then the sweeper delivers it', async () => {
    const d = await deps();
    slack.enqueue(SlackReplies.rateLimited(120));
    await detectBatch(storm, d, post(), () => T0 + 30_000);
    const [pending] = await d.store.alerts.due('deliver', T0 + 30_000 + 120_000, 10);
    assert.equal(pending?.dueAt, T0 + 30_000 + 120_000);
    assert.equal((await sweep(d, post(), () => T0 + 30_000 + 119_000)).delivered, 0);
    await indexShows(d, 'deliver', T0 + 30_000 + 120_000, 2);
    assert.equal((await sweep(d, post(), () => T0 + 30_000 + 120_000)).delivered, 2);
  });

  test('above the Slack budget, further alerts are folded into one digest', async () => {
    const rules = rulesOf(`rules:
  - { name: per-line, where: { level: error }, groupBy: lineno, window: 10s, threshold: 0 }
  - { name: per-file, where: { level: error }, groupBy: pathname, window: 10s, threshold: 0 }
  - { name: per-service, where: { level: error }, groupBy: service, window: 10s, threshold: 0 }
`);
    const d = await deps(rules, 2);
    const report = await detectBatch(storm, d, post(), () => T0 + 30_000);
    assert.equal(report.alerts.length, 5);
    assert.equal(slack.posts.length, 2, 'the budget of the minute');
    await indexShows(d, 'deliver', T0 + 31_000, 3);
    const swept = await sweep(d, post(), () => T0 + 31_000);
    assert.deepEqual([swept.delivered, swept.digested, swept.digests], [0, 3, 1]);
    assert.equal(slack.posts.length, 3, 'one digest, not three more messages');
    assert.deepEqual(
      (await detectState(d.listing)).alerts.map((a) => a.status),
      ['sent', 'sent', 'sent', 'sent', 'sent'],
    );
  });

  test('realert: within a batch the earliest window of a burst alerts, the next within realert stay quiet', async () => {
    const rules = rulesOf(`rules:
  - { name: burst, where: { level: error }, groupBy: pathname, window: 1s, threshold: 1, realert: 5s }
`);
    const d = await deps(rules);
    const report = await detectBatch(storm, d, post(), () => T0 + 30_000);
    assert.deepEqual(
      report.alerts.map((a) => [a.group, a.windowStart]),
      [
        ['/app/api.py', iso(T0)],
        ['/app/db.py', iso(T0)],
        ['/app/api.py', iso(T0 + 5_000)],
        ['/app/db.py', iso(T0 + 5_000)],
      ],
    );
  });

  test('notifyResolved: one resolved notice after a full quiet window', async () => {
    const rules = rulesOf(`rules:
  - { name: burst, where: { pathname: /app/db.py }, groupBy: pathname, window: 10s, threshold: 25, notifyResolved: true }
`);
    const d = await deps(rules);
    await detectBatch(storm, d, post(), () => T0 + 5_000);
    assert.equal(slack.posts.length, 1);
    const tooEarly = await sweep(d, post(), () => T0 + 25_000);
    assert.equal(tooEarly.resolved, 0, 'the next window has not ended yet');
    await indexShows(d, 'resolve', T0 + 20_000 + 60_000, 1);
    const swept = await sweep(d, post(), () => T0 + 20_000 + 60_000);
    assert.equal(swept.resolved, 1);
    assert.equal((await sweep(d, post(), () => T0 + 10 * 60_000)).resolved, 0, 'once');
    const resolved = slack.posts[1]?.json as Text;
    assert.match(resolved.text ?? '', /resolved/i);
  });
});
