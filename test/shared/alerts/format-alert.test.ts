import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatAlert } from '../../../shared/alerts/format-alert';
import { alert, HOSTILE, sample } from './fixtures';
import { assertSlackSafe, unescapeSlack } from './slack-invariants';

type Block = {
  type: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  elements?: unknown[];
};
const blocksOf = (message: { blocks: unknown[] }) => message.blocks as Block[];
const allText = (message: { text: string; blocks: unknown[] }) => JSON.stringify(message);

describe('formatAlert', () => {
  test('says rule, group, count against threshold and the UTC window', () => {
    const message = formatAlert(alert());
    assertSlackSafe(message);
    const [head, facts] = blocksOf(message);
    assert.equal(head?.type, 'header');
    assert.match(head?.text?.text ?? '', /error-burst: app\/db\.py/);
    const fieldTexts = facts?.fields?.map((field) => field.text) ?? [];
    assert.deepEqual(fieldTexts.slice(0, 4), [
      '*Rule*\nerror-burst',
      '*Group* (pathname)\n`app/db.py`',
      '*Count*\n*31* (threshold 25)',
      '*Window*\n2024-05-01 12:00:00 → 12:00:10 UTC (10s)',
    ]);
    assert.ok(fieldTexts.includes('*Services*\n`checkout`'));
    assert.ok(fieldTexts.includes('*Kubernetes*\n`shop/api`'));
    assert.equal(
      message.text.split('\n')[0],
      ':rotating_light: error-burst · pathname `app/db.py`: 31 &gt; 25 in 2024-05-01 12:00:00 → 12:00:10 UTC (10s)',
    );
  });

  test('shows each sample with level, time, pathname:lineno, service and Kubernetes context', () => {
    const message = formatAlert(alert());
    const sections = blocksOf(message).filter((block) => block.type === 'section' && block.text);
    assert.equal(sections.length, 1);
    assert.equal(
      sections[0]?.text?.text,
      '*ERROR* · 2024-05-01 12:00:03.123 · `app/db.py:42` · service `checkout` · `shop/checkout-7f9c-x2/api` on `ip-10-0-1-5`\n```OperationalError: could not connect to server```',
    );
    assert.match(message.text, /• `app\/db\.py:42` OperationalError: could not connect to server/);
  });

  test('shows at most 5 samples and says how many of the count they are', () => {
    const samples = Array.from({ length: 8 }, (_, i) => sample({ message: `failure ${i}` }));
    const message = formatAlert(alert({ samples }));
    assertSlackSafe(message);
    const sections = blocksOf(message).filter((block) => block.type === 'section' && block.text);
    assert.equal(sections.length, 5);
    assert.ok(!allText(message).includes('failure 5'));
    assert.ok(allText(message).includes('5 samples of 31'));
  });

  test('a sample without pathname, service or Kubernetes still reads well', () => {
    const bare = { timestamp: '2024-05-01T12:00:04.000Z', message: '', level: 'fatal' };
    const message = formatAlert(alert({ samples: [bare], services: [], kubernetes: undefined }));
    assertSlackSafe(message);
    const sections = blocksOf(message).filter((block) => block.type === 'section' && block.text);
    assert.equal(sections[0]?.text?.text, '*FATAL* · 2024-05-01 12:00:04\n_(empty message)_');
    assert.equal(blocksOf(message)[1]?.fields?.length, 4);
  });

  test('no samples: no sample blocks', () => {
    const message = formatAlert(alert({ samples: [] }));
    assertSlackSafe(message);
    assert.equal(blocksOf(message).filter((block) => block.type === 'section' && block.text).length, 0);
  });

  test('links to Discover only when dashboardsUrl is set, and to the archive when given', () => {
    const none = formatAlert(alert());
    assert.equal(blocksOf(none).filter((block) => block.type === 'actions').length, 0);
    const both = formatAlert(alert(), {
      dashboardsUrl: 'https://dash.example/_dashboards',
      archiveUri: 's3://sluice-logs/logs/dt=2024-05-01/hour=12/',
      region: 'eu-west-1',
    });
    assertSlackSafe(both);
    const actions = blocksOf(both).find((block) => block.type === 'actions');
    const urls = ((actions?.elements ?? []) as Array<{ url: string }>).map((element) => element.url);
    assert.equal(urls.length, 2);
    assert.ok(urls[0]?.startsWith('https://dash.example/_dashboards/app/discover#/?_g='));
    assert.equal(
      urls[1],
      'https://s3.console.aws.amazon.com/s3/buckets/sluice-logs?prefix=logs%2Fdt%3D2024-05-01%2Fhour%3D12%2F&region=eu-west-1',
    );
    assert.ok(allText(both).includes('Archive: `s3://sluice-logs/logs/dt=2024-05-01/hour=12/`'));
  });

  describe('escapes hostile log text everywhere it can appear', () => {
    for (const [name, text] of HOSTILE) {
      test(name, () => {
        const message = formatAlert(
          alert({
            group: text,
            samples: [
              sample({
                message: text,
                pathname: text,
                service: text,
                kubernetes: { namespace: text, pod: text },
              }),
            ],
            services: [text],
            kubernetes: { container: text, host: text },
          }),
          { dashboardsUrl: 'https://dash.example' },
        );
        assertSlackSafe(message);
        const json = allText(message);
        for (const token of [
          '<!channel>',
          '<!here',
          '<!everyone>',
          '<@U',
          '<#C',
          '<https://evil',
          '<!subteam',
        ]) {
          assert.ok(!json.includes(token), `${token} survived`);
        }
        assert.ok(!/@(channel|here|everyone)\b/i.test(json), 'literal at-mention survived');
      });
    }
  });

  test('short hostile messages survive intact once Slack unescapes them', () => {
    for (const [name, text] of HOSTILE.filter(([, text]) => text.length < 200)) {
      const message = formatAlert(alert({ samples: [sample({ message: text })] }));
      const section = blocksOf(message).find((block) => block.type === 'section' && block.text);
      const body = /```([\s\S]*)```$/.exec(section?.text?.text ?? '')?.[1];
      assert.equal(unescapeSlack(body ?? ''), text.replace(/\r\n?/g, '\n'), name);
    }
  });

  test('a huge message is truncated with an ellipsis, inside its code block', () => {
    const message = formatAlert(alert({ samples: [sample({ message: '<'.repeat(10_000) })] }));
    assertSlackSafe(message);
    const section = blocksOf(message).find((block) => block.type === 'section' && block.text);
    assert.match(section?.text?.text ?? '', /^\*ERROR\*.*\n```(&lt;)+…```$/);
  });
});

describe('formatAlert of a new error (type: new)', () => {
  test('reads as a new error with its count in the batch, never against a threshold', () => {
    const message = formatAlert(
      alert({
        rule: 'new-error',
        group: 'api · /app/db.py · order <num> failed',
        count: 3,
        threshold: 0,
        newError: true,
      }),
    );
    assertSlackSafe(message);
    const text = JSON.stringify(message.blocks);
    assert.match(text, /\*3\* \(a new error: in the batch that found it\)/);
    assert.doesNotMatch(text, /threshold/);
    assert.match(message.text, /new error, 3 in/);
    assert.doesNotMatch(message.text, /&gt; 0/);
  });
});
