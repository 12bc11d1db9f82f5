// Routing through detect and the sweeper on DynamoDB Local: each rule's alerts reach only its
// destination's Slack double, and the budget of the minute is kept per webhook in the table.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { buildDetectContainer, detectDepsFor } from '../../../functions/detect/deps';
import { detectBatch } from '../../../functions/detect/detect-batch';
import type { DetectDeps } from '../../../functions/detect/types';
import { sweep } from '../../../functions/sweep/sweep';
import { slackRouter } from '../../../shared/adapters/slack/router';
import { slackSenders } from '../../../shared/adapters/slack/senders';
import type { SlackRouter } from '../../../shared/alerts/slack-port';
import { parseRules } from '../../../shared/rules/parse';
import { errorStormAt } from '../../helpers/error-storm';
import { freshTable, testConfig } from '../../helpers/local-stack';
import { SlackDouble } from '../../helpers/slack-double';

// Moved to the current hour: DynamoDB Local expires items by TTL on the real clock.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000;
// 40 errors in /app/db.py and 20 in /app/api.py within one 10 s window.
const storm = errorStormAt(T0);
type Text = { text?: string };
const texts = (slack: SlackDouble): string[] => slack.delivered().map((json) => (json as Text).text ?? '');

describe('detect and sweep route each rule to its own Slack channel', () => {
  let general: SlackDouble;
  let payments: SlackDouble;
  before(async () => {
    general = await SlackDouble.start();
    payments = await SlackDouble.start();
  });
  after(async () => {
    await Promise.all([general.close(), payments.close()]);
  });
  beforeEach(() => {
    general.reset();
    payments.reset();
  });
  const router = (): SlackRouter =>
    slackRouter({
      defaultUrl: general.url,
      destinations: new Map([['PAYMENTS', { url: payments.url }]]),
      senders: slackSenders(),
      out: { write: () => true },
      signal: new AbortController().signal,
    });

  async function deps(rules: string, budgetPerMinute = 20): Promise<DetectDeps> {
    const parsed = parseRules(rules, 'test');
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const config = await testConfig({ table: await freshTable('routing') });
    const container = buildDetectContainer(config, { rules: parsed.ruleSet, settings: { budgetPerMinute } });
    return detectDepsFor(container, new AbortController().signal);
  }

  test("a routed rule's alert reaches only its channel, the others only the default one", async () => {
    const d = await deps(`rules:
  - { name: db-errors, where: { pathname: /app/db.py }, groupBy: pathname, window: 10s, threshold: 25, notify: { slack: payments } }
  - { name: api-errors, where: { pathname: /app/api.py }, groupBy: pathname, window: 10s, threshold: 10 }
`);
    const report = await detectBatch(storm, d, router(), () => T0 + 30_000);
    assert.deepEqual(
      report.alerts.map((alert) => alert.rule),
      ['api-errors', 'db-errors'],
    );
    assert.equal(texts(payments).length, 1);
    assert.match(texts(payments)[0] ?? '', /db-errors/);
    assert.equal(texts(general).length, 1);
    assert.match(texts(general)[0] ?? '', /api-errors/);
  });

  test('the budget of the minute is per channel: each one gets its alert and then its own digest', async () => {
    const d = await deps(
      `rules:
  - { name: per-line, where: { level: error }, groupBy: lineno, window: 10s, threshold: 0, notify: { slack: payments } }
  - { name: per-file, where: { level: error }, groupBy: pathname, window: 10s, threshold: 0 }
`,
      1,
    );
    const report = await detectBatch(storm, d, router(), () => T0 + 30_000);
    assert.equal(report.alerts.length, 4);
    assert.deepEqual(
      [general.posts.length, payments.posts.length],
      [1, 1],
      'one each: the budget is 1 a minute',
    );
    for (let i = 0; i < 100 && (await d.store.alerts.due('deliver', T0 + 31_000, 10)).length < 2; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const swept = await sweep(d, router(), () => T0 + 31_000);
    assert.deepEqual([swept.delivered, swept.digested, swept.pending], [0, 2, 0]);
    assert.deepEqual([general.posts.length, payments.posts.length], [2, 2], 'a digest each');
    assert.ok(texts(payments).every((text) => text.includes('per-line') && !text.includes('per-file')));
    assert.ok(texts(general).every((text) => text.includes('per-file') && !text.includes('per-line')));
  });
});
