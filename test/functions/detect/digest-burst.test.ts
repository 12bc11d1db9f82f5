// A burst far over the Slack budget (docs/alerts.md "Digest"): every alert is named in some Slack
// message a person can read, each minute's messages stay within the budget, and `sluice sweep`
// reports how many really wait (not the first page of the outbox).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_DETECT_SETTINGS } from '../../../functions/detect/types';
import { SWEEP_LIMIT, type SweepReport, sweep } from '../../../functions/sweep/sweep';
import { DynamoAlerts } from '../../../shared/adapters/dynamodb/alerts';
import { MemoryDetectStore } from '../../../shared/adapters/dynamodb/memory-store';
import { slackSenders } from '../../../shared/adapters/slack/senders';
import type { SlackPort } from '../../../shared/alerts/slack-port';
import type { Alert } from '../../../shared/alerts/types';
import { mapLimit } from '../../../shared/map-limit';
import type { OutboxDeps } from '../../../shared/rules/outbox';
import { AlertQueue, type AlertStore } from '../../../shared/rules/store';
import { freshTable, testDynamoClient } from '../../helpers/local-stack';
import { SlackDouble } from '../../helpers/slack-double';

const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const BURST = 3000;
/** A group name no other contains (`g0001` is not inside `g0010`). */
const groupOf = (i: number) => `/app/g${String(i).padStart(4, '0')}.py`;

async function claimBurst(alerts: AlertStore, count: number): Promise<void> {
  await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    16,
    async (i) => {
      const alert: Alert = {
        rule: 'error-burst',
        group: groupOf(i),
        groupBy: 'pathname',
        windowStart: new Date(T0).toISOString(),
        windowEnd: new Date(T0 + 10_000).toISOString(),
        count: 31,
        threshold: 25,
        samples: [],
      };
      const key = { rule: alert.rule, group: alert.group, windowStart: T0, windowMs: 10_000 };
      await alerts.claim(key, alert, {
        realertMs: 0,
        notifyResolved: false,
        leaseUntil: T0,
        leaseId: 'claimer',
        now: T0,
        expiresAt: Math.floor(T0 / 1000) + 86_400,
      });
    },
  );
}

describe('a burst of 3,000 alerts over a budget of 20 a minute', () => {
  let slack: SlackDouble;
  before(async () => {
    slack = await SlackDouble.start();
  });
  after(async () => {
    await slack.close();
  });

  test('every group is named in Slack, each minute within the budget, none lost', async () => {
    const store = new MemoryDetectStore();
    await claimBurst(store.alerts, BURST);
    const deps: OutboxDeps = { store, links: () => ({}), settings: DEFAULT_DETECT_SETTINGS };
    const port = slackSenders().forUrl(slack.url);
    const reports: SweepReport[] = [];
    for (let minute = 1; minute <= 30; minute += 1) {
      const before = slack.posts.length;
      const report = await sweep(deps, port, () => T0 + minute * 60_000);
      reports.push(report);
      assert.ok(
        slack.posts.length - before <= 21,
        `minute ${minute}: ${slack.posts.length - before} messages`,
      );
      if (report.pending === 0) break;
    }
    const [first] = reports;
    assert.ok(first);
    assert.equal(first.pending, BURST - first.delivered - first.digested, 'the true number waiting');
    assert.ok(first.pending > SWEEP_LIMIT);
    assert.equal(reports.at(-1)?.pending, 0);
    assert.ok(reports.length <= 7, `${reports.length} sweeps (docs/detect.md says within 7)`);
    const sent = reports.reduce((sum, report) => sum + report.delivered + report.digested, 0);
    assert.equal(sent, BURST);
    assert.equal(slack.delivered().length, slack.posts.length, 'Slack took every message');
    const posted = slack.posts
      .map((post) => JSON.stringify((post.json as { blocks?: unknown }).blocks))
      .join('\n');
    const unnamed = Array.from({ length: BURST }, (_, i) => groupOf(i)).filter(
      (group) => !posted.includes(group),
    );
    assert.deepEqual(unnamed, [], 'every group named in the blocks of some message');
    assert.ok(!posted.includes('…and'), 'no group is only counted in an "and N more" line');
    // The first sweeps read 500 of thousands: their last digest does not pretend to know how many wait.
    assert.match(
      posted.match(/[^"]*pending[^"]*/g)?.join('\n') ?? 'no footer',
      /(At least \d+ alerts more|More alerts) pending \(this sweep read its first page of due alerts only\)/,
    );
    const statuses = new Set((await store.listAlerts()).map((alert) => alert.status));
    assert.deepEqual([...statuses], ['sent']);
  });

  test('on DynamoDB, a sweep reports every pending alert, past the first page of the outbox', async () => {
    const alerts = new DynamoAlerts({ client: await testDynamoClient(), table: await freshTable('burst') });
    await claimBurst(alerts, SWEEP_LIMIT + 150);
    assert.equal(await alerts.countDue(AlertQueue.deliver, T0 - 1), 0);
    const memory = new MemoryDetectStore();
    const deps: OutboxDeps = {
      store: {
        windows: memory.windows,
        alerts,
        budget: memory,
        fingerprints: memory,
        closing: memory.closing,
      },
      links: () => ({}),
      settings: DEFAULT_DETECT_SETTINGS,
    };
    // Slack is down: nothing leaves the outbox, and the report says how much waits.
    const down: SlackPort = {
      kind: 'webhook',
      post: async () => ({ ok: false, permanent: false, status: 503, error: 'service_unavailable' }),
    };
    const report = await sweep(deps, down, () => T0 + 60_000);
    assert.equal(report.delivered, 0);
    assert.equal(report.pending, SWEEP_LIMIT + 150);
  });
});
