// Routing (docs/alerts.md "Routing"): alerts of a rule that names a destination reach only that
// destination's webhook, each webhook has its own budget and digest, and one that is revoked or
// unreadable holds up no other. Two Slack doubles stand for two channels.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { localContext } from '../../../../cli/invoke/lambda-context';
import { createSweepHandler } from '../../../../functions/sweep/create-handler';
import { MemoryDetectStore } from '../../../../shared/adapters/dynamodb/memory-store';
import { forgetWebhookUrl } from '../../../../shared/adapters/slack/middleware';
import type { Alert } from '../../../../shared/alerts/types';
import { loadConfig } from '../../../../shared/config';
import { SlackDouble, SlackReplies } from '../../../helpers/slack-double';
import { SsmDouble } from './ssm-double';

const T0 = Date.parse('2024-05-01T12:00:00.000Z');
type Text = { text?: string };
const texts = (slack: SlackDouble): string[] => slack.delivered().map((json) => (json as Text).text ?? '');

/** Claims an alert of `rule` for `group`, due at once, routed to `destination` (none: the default). */
async function claim(store: MemoryDetectStore, rule: string, group: string, destination?: string) {
  const alert: Alert = {
    rule,
    group,
    groupBy: 'pathname',
    windowStart: new Date(T0).toISOString(),
    windowEnd: new Date(T0 + 10_000).toISOString(),
    count: 31,
    threshold: 25,
    samples: [],
  };
  const key = { rule, group, windowStart: T0, windowMs: 10_000 };
  await store.claim(key, alert, {
    realertMs: 0,
    notifyResolved: false,
    leaseUntil: T0,
    leaseId: 'claimer',
    now: T0,
    expiresAt: 0,
    ...(destination === undefined ? {} : { destination }),
  });
}

describe('alerts routed to two Slack channels', () => {
  let general: SlackDouble;
  let payments: SlackDouble;
  let ssm: SsmDouble;
  before(async () => {
    general = await SlackDouble.start();
    payments = await SlackDouble.start();
    ssm = await SsmDouble.start();
  });
  after(async () => {
    await Promise.all([general.close(), payments.close(), ssm.close()]);
  });
  beforeEach(() => {
    general.reset();
    payments.reset();
    ssm.parameters.clear();
    ssm.requests.length = 0;
    ssm.parameters.set('/sluice/test/slack-payments', payments.url);
  });
  afterEach(() => forgetWebhookUrl());

  /** The sweep handler with the default webhook direct and the payments one in SSM, as deployed. */
  function sweeper(store: MemoryDetectStore, budgetPerMinute = 20, now = () => T0 + 60_000) {
    const config = loadConfig({
      SLACK_WEBHOOK_URL: general.url,
      SLACK_WEBHOOK_URL_PAYMENTS: '/sluice/test/slack-payments',
      AWS_REGION: 'eu-west-1',
    });
    const handler = createSweepHandler(config, {
      slack: { ssm: ssm.clientOptions() },
      store,
      settings: { budgetPerMinute },
      now,
      logSink: () => {},
    });
    return () => handler({}, localContext('sweep', 60_000));
  }

  test('each alert reaches only the channel its rule names; rules without notify use the default', async () => {
    const store = new MemoryDetectStore();
    await claim(store, 'error-burst', '/app/db.py');
    await claim(store, 'card-declines', '/app/charge.py', 'payments');
    await claim(store, 'card-declines', '/app/refund.py', 'payments');
    const report = await sweeper(store)();
    assert.equal(report.delivered, 3);
    assert.deepEqual(texts(general).length, 1);
    assert.match(texts(general)[0] ?? '', /error-burst/);
    assert.equal(texts(payments).length, 2);
    for (const text of texts(payments)) assert.match(text, /card-declines/);
  });

  test('each channel has its own budget and its own digest', async () => {
    const store = new MemoryDetectStore();
    for (const group of ['/a.py', '/b.py', '/c.py']) await claim(store, 'error-burst', group);
    for (const group of ['/d.py', '/e.py', '/f.py']) await claim(store, 'card-declines', group, 'payments');
    const report = await sweeper(store, 2)();
    assert.deepEqual([report.delivered, report.digested, report.pending], [4, 2, 0]);
    assert.equal(general.posts.length, 3, 'two alerts and a digest of one');
    assert.equal(payments.posts.length, 3, 'the general budget took nothing from payments');
    assert.ok(texts(payments).every((text) => !text.includes('error-burst')));
    assert.ok(texts(general).every((text) => !text.includes('card-declines')));
  });

  test('a revoked destination holds up no other: its alerts wait, the rest are delivered', async () => {
    const store = new MemoryDetectStore();
    await claim(store, 'card-declines', '/app/charge.py', 'payments');
    await claim(store, 'card-declines', '/app/refund.py', 'payments');
    await claim(store, 'error-burst', '/app/db.py');
    payments.setDefault(SlackReplies.error(403, 'invalid_token'));
    let now = T0 + 60_000;
    const sweep = sweeper(store, 20, () => now);
    const report = await sweep();
    assert.equal(report.delivered, 1);
    assert.equal(report.pending, 2);
    assert.equal(texts(general).length, 1);
    assert.equal(payments.posts.length, 1, 'one refused post stops only the payments channel');
    const alerts = await store.listAlerts();
    const waiting = alerts.filter((alert) => alert.destination === 'payments');
    assert.deepEqual(
      waiting.map((alert) => [alert.status, alert.lastError]),
      [
        ['pending', '403 invalid_token'],
        ['pending', undefined],
      ],
    );
    // The webhook is rotated: the next sweep reads the parameter again and delivers what waited.
    const reads = ssm.requests.length;
    const rotated = await SlackDouble.start();
    try {
      ssm.parameters.set('/sluice/test/slack-payments', rotated.url);
      now += 15 * 60_000;
      const later = await sweep();
      assert.equal(ssm.requests.length, reads + 1);
      assert.deepEqual([later.delivered, later.pending], [2, 0]);
      assert.equal(rotated.delivered().length, 2);
      assert.equal(texts(general).length, 1);
    } finally {
      await rotated.close();
    }
  });

  test('an unreadable destination parameter fails only that destination, naming the variable, never a URL', async () => {
    const store = new MemoryDetectStore();
    ssm.parameters.clear();
    await claim(store, 'card-declines', '/app/charge.py', 'payments');
    await claim(store, 'error-burst', '/app/db.py');
    const report = await sweeper(store)();
    assert.equal(report.delivered, 1);
    assert.equal(report.pending, 1);
    assert.equal(texts(general).length, 1);
    assert.equal(payments.posts.length, 0);
    const [waiting] = (await store.listAlerts()).filter((alert) => alert.status === 'pending');
    assert.match(waiting?.lastError ?? '', /SLACK_WEBHOOK_URL_PAYMENTS/);
    assert.ok(!waiting?.lastError?.includes(payments.url));
  });

  test('a destination the environment has no webhook for comes to the default channel, saying so', async () => {
    const store = new MemoryDetectStore();
    await claim(store, 'search-errors', '/app/search.py', 'team-search');
    const report = await sweeper(store)();
    assert.equal(report.delivered, 1);
    assert.equal(payments.posts.length, 0);
    assert.match(texts(general)[0] ?? '', /search-errors/);
    assert.match(
      texts(general)[0] ?? '',
      /Routed to destination team-search, which has no webhook here \(set SLACK_WEBHOOK_URL_TEAM_SEARCH\)/,
    );
  });

  test('with no webhook at all, a routed alert is printed with its destination', async () => {
    const store = new MemoryDetectStore();
    await claim(store, 'card-declines', '/app/charge.py', 'payments');
    let printed = '';
    const handler = createSweepHandler(loadConfig({}), {
      slack: { out: { write: (chunk: string) => (printed += chunk) } },
      store,
      now: () => T0 + 60_000,
      logSink: () => {},
    });
    assert.equal((await handler({}, localContext('sweep', 60_000))).delivered, 1);
    assert.match(printed, /┌ slack → payments/);
  });
});
