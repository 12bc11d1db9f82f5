import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIGEST_ENTRIES, digestPages, formatDigest } from '../../../shared/alerts/format-digest';
import { formatResolved } from '../../../shared/alerts/format-resolved';
import type { ResolvedNotice } from '../../../shared/alerts/types';
import { alert, HOSTILE } from './fixtures';
import { assertSlackSafe } from './slack-invariants';

type Block = { type: string; text?: { text: string }; fields?: Array<{ text: string }> };

const notice = (overrides: Partial<ResolvedNotice> = {}): ResolvedNotice => ({
  rule: 'error-burst',
  group: 'app/db.py',
  groupBy: 'pathname',
  threshold: 25,
  windowStart: '2024-05-01T12:10:00.000Z',
  windowEnd: '2024-05-01T12:10:10.000Z',
  count: 3,
  firedWindowStart: '2024-05-01T12:00:00.000Z',
  ...overrides,
});

describe('formatResolved', () => {
  test('reads as resolved, with the quiet window and when it last fired', () => {
    const message = formatResolved(notice());
    assertSlackSafe(message);
    const [head, facts] = message.blocks as Block[];
    assert.equal(head?.text?.text, ':white_check_mark: Resolved: error-burst: app/db.py');
    assert.deepEqual(
      facts?.fields?.map((field) => field.text),
      [
        '*Rule*\nerror-burst',
        '*Group* (pathname)\n`app/db.py`',
        '*Count*\n*3* (threshold 25)',
        '*Quiet window*\n2024-05-01 12:10:00 → 12:10:10 UTC (10s)',
        '*Last fired*\nwindow starting 2024-05-01 12:00:00 UTC',
      ],
    );
    assert.match(message.text, /^:white_check_mark: Resolved: error-burst · pathname `app\/db\.py`: 3 ≤ 25/);
  });

  test('Discover link spans from the fired window to the end of the quiet one', () => {
    const message = formatResolved(notice(), { dashboardsUrl: 'https://d' });
    const url = decodeURIComponent(JSON.stringify(message.blocks));
    assert.ok(url.includes("time:(from:'2024-05-01T12:00:00.000Z',to:'2024-05-01T12:10:10.000Z')"));
  });

  for (const [name, text] of HOSTILE) {
    test(`escapes a hostile group: ${name}`, () => assertSlackSafe(formatResolved(notice({ group: text }))));
  }
});

describe('formatDigest', () => {
  test('one section per alert with count, window and first sample', () => {
    const alerts = [
      alert(),
      alert({ rule: 'exception-seen', groupBy: 'kubernetes.container', group: 'api' }),
    ];
    const message = formatDigest(alerts, { dashboardsUrl: 'https://dash.example' });
    assertSlackSafe(message);
    const blocks = message.blocks as Block[];
    assert.equal(blocks[0]?.text?.text, ':rotating_light: 2 alerts (digest: over the Slack budget)');
    const sections = blocks.filter((block) => block.type === 'section');
    assert.equal(sections.length, 2);
    assert.match(sections[1]?.text?.text ?? '', /exception-seen · kubernetes\.container `api`: 31 &gt; 25/);
    assert.match(
      sections[0]?.text?.text ?? '',
      /<https:\/\/dash\.example\/app\/discover#\/\?_g=[^|]+\|Discover>/,
    );
    assert.match(sections[0]?.text?.text ?? '', /```OperationalError: could not connect to server```/);
    assert.equal(message.text.split('\n').length, 3);
  });

  test('more alerts than one message holds: the rest are counted and named, never dropped', () => {
    const alerts = Array.from({ length: 120 }, (_, i) => alert({ group: `app/module_${i}.py` }));
    const message = formatDigest(alerts, { dashboardsUrl: 'https://dash.example' });
    assertSlackSafe(message);
    assert.equal(message.blocks.length, DIGEST_ENTRIES + 3);
    const more = (message.blocks as Block[]).find((block) => block.text?.text.startsWith('…and'));
    assert.match(more?.text?.text ?? '', /^…and 75 more: error-burst: app\/module_45\.py, /);
    assert.match(message.text, /^:rotating_light: 120 alerts/);
  });

  test('digestPages cuts a burst into messages that name every alert once', () => {
    const alerts = Array.from({ length: 120 }, (_, i) => alert({ group: `app/module_${i}.py` }));
    const pages = digestPages(alerts, { dashboardsUrl: 'https://dash.example' });
    assert.deepEqual(
      pages.map((page) => page.length),
      [45, 45, 30],
    );
    assert.deepEqual(pages.flat(), alerts);
    const last = formatDigest(pages[2] ?? [], {}, { page: 3, pages: 3, total: 120, later: 880 });
    assertSlackSafe(last);
    assert.match(last.text, /^:rotating_light: 30 alerts of 120 \(digest 3 of 3: over the Slack budget\)/);
    assert.ok(!(last.blocks as Block[]).some((block) => block.text?.text.startsWith('…and')));
    assert.match(JSON.stringify(last.blocks), /880 alerts more pending: the next digests name them/);
    // A sweep that read a full page of due alerts cannot know how many more wait: it says so.
    const capped = formatDigest(
      pages[2] ?? [],
      {},
      { page: 3, pages: 3, total: 120, later: 380, beyond: true },
    );
    assert.match(
      JSON.stringify(capped.blocks),
      /At least 380 alerts more pending \(this sweep read its first page of due alerts only\): the next digests/,
    );
    const none = formatDigest(pages[2] ?? [], {}, { page: 3, pages: 3, total: 120, later: 0, beyond: true });
    assert.match(
      JSON.stringify(none.blocks),
      /More alerts pending \(this sweep read its first page of due alerts only\): the next digests/,
    );
  });

  test("a digest that fits one message keeps each alert's Discover link", () => {
    const alerts = Array.from({ length: 3 }, (_, i) => alert({ group: `app/module_${i}.py` }));
    assert.equal(digestPages(alerts, { dashboardsUrl: 'https://dash.example' }).length, 1);
    assert.match(
      JSON.stringify(formatDigest(alerts, { dashboardsUrl: 'https://dash.example' }).blocks),
      /Discover/,
    );
  });

  for (const [name, text] of HOSTILE) {
    test(`escapes hostile text: ${name}`, () => {
      const alerts = Array.from({ length: 60 }, () =>
        alert({ group: text, samples: [{ timestamp: 'x', message: text, level: text }] }),
      );
      assertSlackSafe(formatDigest(alerts, { dashboardsUrl: 'https://dash.example' }));
    });
  }
});
