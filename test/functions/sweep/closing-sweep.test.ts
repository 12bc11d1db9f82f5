// The sweeper decides flatline and ratio rules on closed windows only: detect counts and raises the
// partitions' watermarks on DynamoDB Local, the sweep closes what every active partition has passed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectBatch } from '../../../functions/detect/detect-batch';
import { detectState } from '../../../functions/detect/state';
import { DEFAULT_DETECT_SETTINGS, type DetectDeps } from '../../../functions/detect/types';
import { DEFAULT_CLOSING_OPTIONS, evaluateClosed } from '../../../functions/sweep/evaluate-closed';
import { sweep } from '../../../functions/sweep/sweep';
import { dynamoDetectListing } from '../../../shared/adapters/dynamodb/listing';
import { dynamoDetectStore } from '../../../shared/adapters/dynamodb/store';
import type { SlackPort } from '../../../shared/alerts/slack-port';
import type { LogEvent } from '../../../shared/logs/types';
import { parseRules } from '../../../shared/rules/parse';
import { readOf } from '../../helpers/detect-drive';
import { freshTable, testDynamoClient } from '../../helpers/local-stack';
import { makeEvent } from '../../shared/rules/make-event';

// DynamoDB Local applies TTL on the real clock: windows are in the current hour so none expire mid-test.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const MIN = 60_000;

const parsed = parseRules(
  `rules:
  - { name: silent, type: flatline, groupBy: service, window: 1m, lookback: 5m, realert: 0s, notifyResolved: true }
  - { name: errors, type: ratio, where: { level: error }, groupBy: service, window: 1m, threshold: 5%, minCount: 5 }
`,
  'closing',
);
assert.ok(parsed.ok);
const ruleSet = parsed.ruleSet;

/** `service` logs every 10 s from minute `from` to `to` (exclusive) on `partition`, errors where `error` says. */
function logs(
  service: string,
  partition: number,
  from: number,
  to: number,
  error: (t: number) => boolean = () => false,
): LogEvent[] {
  const events: LogEvent[] = [];
  for (let t = from * MIN; t < to * MIN; t += 10_000) {
    events.push(
      makeEvent({
        '@timestamp': new Date(T0 + t).toISOString(),
        service,
        level: error(t) ? 'error' : 'info',
        partition,
        offset: t / 1000,
      }),
    );
  }
  return events;
}

async function setup() {
  const target = { client: await testDynamoClient(), table: await freshTable('closing') };
  const posted: string[] = [];
  const slack: SlackPort = {
    kind: 'terminal',
    post: async (message) => {
      posted.push(message.text);
      return { ok: true };
    },
  };
  const deps: DetectDeps = {
    ruleSet,
    store: dynamoDetectStore(target),
    links: () => ({}),
    settings: { ...DEFAULT_DETECT_SETTINGS, budgetPerMinute: 1000 },
  };
  const detect = (events: readonly LogEvent[], now: number) =>
    detectBatch(readOf(events.map((event) => ({ event, dead: false, late: false }))), deps, slack, () => now);
  const sweepAt = (now: number, inputEnded = false) =>
    sweep(
      deps,
      slack,
      () => now,
      (at) => evaluateClosed(deps, ruleSet.rules, { ...DEFAULT_CLOSING_OPTIONS, now: at, inputEnded }),
    );
  const alerts = async () =>
    (await detectState(dynamoDetectListing(target))).alerts
      .map(({ rule, group, windowStart, count }) => ({
        rule,
        group,
        windowStart: (Date.parse(windowStart) - T0) / MIN,
        count,
      }))
      .sort((a, b) => a.windowStart - b.windowStart);
  return { detect, sweepAt, alerts, posted };
}

const byTime = (events: LogEvent[]) => events.sort((a, b) => a.kafka.timestamp - b.kafka.timestamp);

test('a silence and an error ratio alert once, only when their windows closed, and the silence resolves', async () => {
  const { detect, sweepAt, alerts, posted } = await setup();
  // orders (partition 0) is silent in minute 3; payments (partition 1) has 2 errors of 6 in minute 5.
  const p0 = byTime([...logs('orders', 0, 0, 3), ...logs('orders', 0, 4, 10)]);
  const p1 = logs('payments', 1, 0, 10, (t) => t === 5 * MIN || t === 5 * MIN + 10_000);
  const wall = T0 + 10 * MIN;
  // Both partitions started 6 minutes ago (wall clock), so none can still be on its way.
  await detect([...p0.slice(0, 1), ...p1.slice(0, 1)], wall - 6 * MIN);
  // Partition 0 is done up to minute 10, partition 1 only to minute 2: windows stay open.
  await detect([...p0, ...p1.slice(0, 12)], wall);
  let report = await sweepAt(wall);
  assert.deepEqual(await alerts(), [], 'a lagging partition holds the windows open');
  assert.equal(report.closing?.alerts, 0);
  // Partition 1 catches up: windows before minute 10 - 1 m lateness are closed now.
  await detect(p1.slice(12), wall);
  report = await sweepAt(wall);
  const expected = [
    { rule: 'silent', group: 'orders', windowStart: 3, count: 0 },
    { rule: 'errors', group: 'payments', windowStart: 5, count: 2 },
  ];
  assert.deepEqual(await alerts(), expected);
  assert.equal(report.delivered, 2);
  // orders logs again in minute 4, a window this same sweep closed: its resolved notice is due.
  assert.equal(report.resolved, 1);
  assert.equal(posted.length, 3);
  // Another sweep (another instance, a retry) alerts and resolves nothing again.
  report = await sweepAt(wall + 120_000);
  assert.deepEqual(await alerts(), expected);
  assert.deepEqual([report.delivered, report.resolved, report.closing?.windows], [0, 0, 0]);
  assert.equal(posted.length, 3);
});
