// Log-derived text can never become a Slack mention or link, end to end: records whose messages,
// pathnames, services and container names carry `<!channel>`, `<https://evil|…>`, user and channel
// mentions go through the detect Lambda handler (DynamoDB Local, the Slack double) and the sweeper, as
// alerts, a digest over the Slack budget and a resolved notice; every post Slack accepted holds only
// escaped forms, and every link in it is one sluice built.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localContext } from '../../cli/invoke/lambda-context';
import { createDetectHandler } from '../../functions/detect/create-handler';
import { createSweepHandler } from '../../functions/sweep/create-handler';
import { loadConfig } from '../../shared/config';
import { parseRules } from '../../shared/rules/parse';
import { freshTable, testConfig } from '../helpers/local-stack';
import { SlackDouble } from '../helpers/slack-double';
import { forbiddenInSlack, hostileBatch } from './support/hostile-batch';

const DASHBOARDS = 'https://dashboards.example.com/_dashboards';
const rules = parseRules(
  `rules:
  - { name: burst, where: { level: error }, groupBy: pathname, window: 10s, threshold: 25, realert: 0s, notifyResolved: true }
  - { name: by-container, where: { message: { contains: exception } }, groupBy: kubernetes.container, window: 1m, threshold: 0, realert: 0s }
  - { name: by-service, where: { level: error }, groupBy: service, window: 10s, threshold: 0, realert: 0s }
`,
  'injection',
);

/** Every string in a JSON value, with the key it sits under. */
function strings(value: unknown, key = ''): Array<{ key: string; text: string }> {
  if (typeof value === 'string') return [{ key, text: value }];
  if (Array.isArray(value)) return value.flatMap((item) => strings(item, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, k));
  return [];
}

test('hostile log text reaches Slack escaped, in alerts, digests and resolved notices', async () => {
  assert.ok(rules.ok);
  const slack = await SlackDouble.start();
  try {
    const stack = await testConfig({ table: await freshTable('injection') });
    const config = loadConfig({
      AWS_REGION: stack.region,
      AWS_ACCESS_KEY_ID: stack.credentials?.accessKeyId,
      AWS_SECRET_ACCESS_KEY: stack.credentials?.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodb.endpoint,
      SLUICE_TABLE: stack.dynamodb.table,
      SLACK_WEBHOOK_URL: slack.url,
      SLACK_BUDGET_PER_MINUTE: '1',
      DASHBOARDS_URL: DASHBOARDS,
    });
    const lines: string[] = [];
    const handler = createDetectHandler(config, {
      rules: rules.ruleSet,
      logSink: (line) => lines.push(line),
    });
    const context = () => localContext('injection-detect', 30_000);
    const start = Date.UTC(2026, 0, 5, 12, 0, 0);
    // Two bursts in two windows, so there are more alerts than the budget of one a minute.
    await handler(hostileBatch(start, 0, 0), context());
    await handler(hostileBatch(start + 20_000, 1, 0), context());
    // Sweeps later: the digest of what the budget held back, then (a day on) the resolved notices.
    let later = 0;
    const sweeper = createSweepHandler(config, {
      logSink: (line) => lines.push(line),
      now: () => Date.now() + later * 60_000,
    });
    for (later of [2, 3, 4, 24 * 60, 24 * 60 + 1]) await sweeper({}, localContext('injection-sweep', 55_000));

    const delivered = slack.delivered();
    const kinds = delivered.map((post) => String((post as { text?: string }).text ?? '').slice(0, 40));
    assert.ok(
      delivered.length >= 4,
      `alerts, a digest and resolved notices were posted: ${kinds.join(' | ')}`,
    );
    assert.ok(
      kinds.some((text) => text.includes('alerts')),
      'a digest was posted',
    );
    assert.ok(
      kinds.some((text) => /resolved/i.test(text)),
      'a resolved notice was posted',
    );

    if (process.env.SECURITY_DEBUG)
      process.stderr.write(`${JSON.stringify(delivered, null, 1).slice(0, 6000)}\n`);
    let escapedSeen = 0;
    for (const post of delivered) {
      for (const { key, text } of strings(post)) {
        if (key === 'url') {
          assert.ok(
            text.startsWith(`${DASHBOARDS}/`) ||
              text.startsWith('https://console.aws.amazon.com/') ||
              text.startsWith('https://s3.console.aws.amazon.com/'),
            `a link sluice built: ${text.slice(0, 120)}`,
          );
          assert.ok(!/[<>|\s]/.test(text), 'an encoded URL');
          continue;
        }
        for (const raw of forbiddenInSlack)
          assert.ok(!text.includes(raw), `${key} holds ${raw}: ${text.slice(0, 200)}`);
        assert.ok(
          !/@(channel|here|everyone)\b/.test(text),
          `${key} holds a bare at-mention: ${text.slice(0, 200)}`,
        );
        // Outside sluice's own mrkdwn links (<https://dashboards…|Discover>), no < at all.
        const own = text.replaceAll(/<https:\/\/dashboards\.example\.com\/[^|>\s]*\|[^>]*>/g, '');
        assert.ok(
          !own.includes('<') && !own.includes('>'),
          `${key} holds a raw < or >: ${text.slice(0, 200)}`,
        );
        if (text.includes('&lt;!channel&gt;')) escapedSeen += 1;
      }
    }
    assert.ok(escapedSeen > 0, 'the hostile text arrived, escaped');
    assert.ok(!lines.some((line) => line.includes(slack.url)), 'the webhook URL is not logged');
  } finally {
    await slack.close();
  }
});
