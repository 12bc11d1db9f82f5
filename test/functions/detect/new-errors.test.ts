// `type: new` rules on DynamoDB Local (docs/rules.md "New errors"): one alert per real kind of error
// whatever ids its messages carry, exactly once across redelivery, re-split batches and concurrent
// invocations, at most one write per fingerprint and batch, a known one refreshed at most hourly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { buildDetectContainer, detectDepsFor } from '../../../functions/detect/deps';
import { detectBatch } from '../../../functions/detect/detect-batch';
import type { DetectDeps } from '../../../functions/detect/types';
import { sweep } from '../../../functions/sweep/sweep';
import { dynamoDetectStore } from '../../../shared/adapters/dynamodb/store';
import type { SlackPort } from '../../../shared/alerts/slack-port';
import type { BatchRead } from '../../../shared/batch/types';
import type { LogEvent } from '../../../shared/logs/types';
import { parseRules } from '../../../shared/rules/parse';
import { freshTable, testConfig, testDynamoClient } from '../../helpers/local-stack';
import { accepted, makeEvent } from '../../shared/rules/make-event';

const HOUR = 3_600_000;
// The current hour: DynamoDB Local expires items by TTL on the real clock.
const T0 = Math.floor(Date.now() / HOUR) * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/** Three real kinds of error, each message with its own ids; and one warning no rule wants. */
function burst(at: number, perKind = 10, offset = 0): LogEvent[] {
  const events: LogEvent[] = [];
  for (let i = 0; i < perKind; i += 1) {
    const time = iso(at + i * 1000);
    const o = offset + i * 4;
    events.push(
      makeEvent({
        '@timestamp': time,
        offset: o,
        message: `order ${1000 + i} failed for 'user${i}@shop.example'`,
      }),
      makeEvent({ '@timestamp': time, offset: o + 1, message: `connection to 10.0.${i}.7:5432 refused` }),
      makeEvent({
        '@timestamp': time,
        offset: o + 2,
        pathname: '/app/users.py',
        message: `user 3f2a9c1b-1d2e-4f00-9a1b-0123456789a${i % 10} not found`,
      }),
      makeEvent({ '@timestamp': time, offset: o + 3, level: 'warn', message: `slow query ${i} ms` }),
    );
  }
  return events;
}
const readOf = (events: readonly LogEvent[]): BatchRead =>
  ({
    accepted: events.map(accepted),
    deadLettered: [],
    skipped: [],
    counts: { records: events.length, accepted: events.length, deadLettered: 0, skipped: 0 },
  }) as unknown as BatchRead;

const RULES = `rules:
  - name: new-error
    type: new
    where: { level: [error, fatal] }
    fingerprint: [service, pathname, message]
    lookback: 7d
`;

/** Counts the requests that write a fingerprint's item (its refresh, or its transaction with the alert). */
function counting(client: DynamoDBClient) {
  const counter = { fingerprintWrites: 0 };
  const send = ((command: { input: Record<string, unknown> }) => {
    const input = JSON.stringify(command.input);
    if (
      /^(UpdateItem|TransactWriteItems|PutItem)Command$/.test(command.constructor.name) &&
      input.includes('"F#')
    ) {
      counter.fingerprintWrites += 1;
    }
    return client.send(command as never);
  }) as DynamoDBClient['send'];
  return { client: { send }, counter };
}

async function deps(budgetPerMinute = 20): Promise<DetectDeps & { counter: { fingerprintWrites: number } }> {
  const parsed = parseRules(RULES, 'test');
  assert.ok(parsed.ok, JSON.stringify(parsed));
  const { client, counter } = counting(await testDynamoClient());
  const store = dynamoDetectStore({ client, table: await freshTable('new') });
  const container = buildDetectContainer(await testConfig(), {
    rules: parsed.ruleSet,
    store,
    settings: { budgetPerMinute },
  });
  return { ...detectDepsFor(container, new AbortController().signal), counter };
}

const posts: string[] = [];
const slack: SlackPort = {
  kind: 'terminal',
  post: async (message) => {
    posts.push(message.text);
    return { ok: true };
  },
};

test('one alert per real kind of error; a second replay raises none and writes nothing', async () => {
  const d = await deps();
  const first = await detectBatch(readOf(burst(T0)), d, slack, () => T0 + 60_000);
  assert.deepEqual(first.alerts.map((alert) => alert.group).sort(), [
    'api · /app/db.py · connection to <ip>:<num> refused',
    'api · /app/db.py · order <num> failed for <str>',
    'api · /app/users.py · user <uuid> not found',
  ]);
  assert.deepEqual(
    first.alerts.map((alert) => alert.count),
    [10, 10, 10],
  );
  assert.equal(d.counter.fingerprintWrites, 3, 'one write per distinct fingerprint, none per record');
  const again = await detectBatch(readOf(burst(T0)), d, slack, () => T0 + 61_000);
  assert.deepEqual(again.alerts, []);
  assert.equal(d.counter.fingerprintWrites, 3, 'seen this hour already: nothing written');
});

test('a known fingerprint is refreshed at most once an hour, and is new again after its lookback', async () => {
  const d = await deps();
  await detectBatch(readOf(burst(T0)), d, slack, () => T0 + 60_000);
  const writes = () => d.counter.fingerprintWrites;
  assert.equal(writes(), 3);
  const later = await detectBatch(readOf(burst(T0 + HOUR, 10, 1000)), d, slack, () => T0 + HOUR + 60_000);
  assert.deepEqual([later.alerts.length, writes()], [0, 6], 'the next hour: one refresh each');
  await detectBatch(readOf(burst(T0 + HOUR + 60_000, 10, 2000)), d, slack, () => T0 + HOUR + 120_000);
  assert.equal(writes(), 6, 'the same hour: no write');
  const week = T0 + HOUR + 7 * 24 * HOUR + HOUR;
  const back = await detectBatch(readOf(burst(week, 10, 3000)), d, slack, () => week + 60_000);
  assert.equal(back.alerts.length, 3, 'unseen for the lookback: new again');
});

test('exactly once across re-split batches and concurrent invocations', async () => {
  const d = await deps();
  const events = burst(T0);
  const halves = [events.slice(0, 20), events.slice(20)];
  const runs = await Promise.all([
    detectBatch(readOf(events), d, slack, () => T0 + 60_000),
    detectBatch(readOf(halves[1] ?? []), d, slack, () => T0 + 60_000),
    detectBatch(readOf(halves[0] ?? []), d, slack, () => T0 + 60_000),
    detectBatch(readOf(events), d, slack, () => T0 + 60_000),
  ]);
  const groups = runs.flatMap((run) => run.alerts.map((alert) => alert.group)).sort();
  assert.equal(groups.length, 3, JSON.stringify(groups));
  assert.equal(new Set(groups).size, 3);
});

test('a deploy that makes every message new folds into the Slack budget and its digests', async () => {
  const d = await deps(5);
  const events = Array.from({ length: 120 }, (_, i) =>
    makeEvent({
      '@timestamp': iso(T0 + i),
      offset: i,
      message: `handler${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)} crashed`,
    }),
  );
  posts.length = 0;
  const report = await detectBatch(readOf(events), d, slack, () => T0 + 60_000);
  assert.equal(report.alerts.length, 120);
  assert.equal(posts.length, 5, 'the budget of the minute');
  let digested = 0;
  for (let i = 0; i < 100 && digested < 115; i += 1) {
    const swept = await sweep(d, slack, () => T0 + 61_000);
    digested += swept.digested;
  }
  assert.equal(digested, 115);
  assert.ok(posts.length <= 5 + 6 + 3, `${posts.length} messages for 120 new errors`);
});
