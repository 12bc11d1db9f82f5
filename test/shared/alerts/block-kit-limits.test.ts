// Every message sluice posts to Slack stays within the limits Slack documents, whatever the input:
// alerts, digests (of thousands of alerts), resolved notices and CloudWatch alarm notifications, built
// from random and hostile text. The limits and the pages that state them:
//   https://docs.slack.dev/reference/block-kit/blocks                          up to 50 blocks per message
//   https://docs.slack.dev/reference/block-kit/blocks/section-block            text 1..3,000; fields <= 10, each <= 2,000
//   https://docs.slack.dev/reference/block-kit/blocks/header-block             plain_text, <= 150
//   https://docs.slack.dev/reference/block-kit/blocks/context-block            elements <= 10
//   https://docs.slack.dev/reference/block-kit/blocks/actions-block            elements <= 25
//   https://docs.slack.dev/reference/block-kit/block-elements/button-element   text <= 75, url <= 3,000
//   https://docs.slack.dev/reference/block-kit/composition-objects/text-object text 1..3,000
//   https://api.slack.com/changelog/2018-04-truncating-really-long-messages    top-level text truncated over 40,000
// (sluice keeps its fallback `text` within 4,000, see shared/alerts/limits.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KnownBlock } from '@slack/types';
import fc from 'fast-check';
import { type AlarmChange, AlarmSource, AlarmState } from '../../../functions/notify/alarm-change';
import { formatAlarmChange } from '../../../functions/notify/format-alarm';
import { formatAlert } from '../../../shared/alerts/format-alert';
import { digestPages, formatDigest } from '../../../shared/alerts/format-digest';
import { formatResolved } from '../../../shared/alerts/format-resolved';
import type { Alert, AlertLinks, AlertSample, ResolvedNotice } from '../../../shared/alerts/types';
import { BlockKitLimits, blocksViolations, messageViolations } from '../../helpers/block-kit-limits';
import { assertSlackSafe } from './slack-invariants';

const text = (length: number): string => 'x'.repeat(length);
const section = (body: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: body } });
const button = (label: string, url: string): KnownBlock => ({
  type: 'actions',
  elements: [{ type: 'button', text: { type: 'plain_text', text: label }, url }],
});

describe('the Block Kit limits check', () => {
  const cases: ReadonlyArray<[name: string, blocks: KnownBlock[], expected: string]> = [
    ['51 blocks', Array.from({ length: 51 }, () => ({ type: 'divider' })), 'blocks: 51 items > 50'],
    ['section text over 3,000', [section(text(3001))], 'blocks[0].text.text: 3001 > 3000'],
    ['empty section text', [section('')], 'blocks[0].text.text: empty'],
    [
      'header over 150',
      [{ type: 'header', text: { type: 'plain_text', text: text(151) } }],
      'blocks[0].text.text: 151 > 150',
    ],
    [
      'mrkdwn header',
      [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } as never }],
      'blocks[0].text.type: mrkdwn',
    ],
    [
      '11 fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'x' })) }],
      'blocks[0].fields: 11 items > 10',
    ],
    [
      'a field over 2,000',
      [{ type: 'section', fields: [{ type: 'mrkdwn', text: text(2001) }] }],
      'blocks[0].fields[0].text: 2001 > 2000',
    ],
    [
      '11 context elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'x' })) }],
      'blocks[0].elements: 11 items > 10',
    ],
    [
      'a context element over 3,000',
      [{ type: 'context', elements: [{ type: 'mrkdwn', text: text(3001) }] }],
      'blocks[0].elements[0].text: 3001 > 3000',
    ],
    [
      '26 buttons',
      [
        {
          type: 'actions',
          elements: Array.from({ length: 26 }, () => ({
            type: 'button' as const,
            text: { type: 'plain_text' as const, text: 'x' },
          })),
        },
      ],
      'blocks[0].elements: 26 items > 25',
    ],
    ['button text over 75', [button(text(76), 'https://x')], 'blocks[0].elements[0].text.text: 76 > 75'],
    [
      'button url over 3,000',
      [button('x', `https://x/${text(2991)}`)],
      'blocks[0].elements[0].url: 3001 > 3000',
    ],
    ['a section with neither text nor fields', [{ type: 'section' }], 'blocks[0]: neither text nor fields'],
    [
      'a block type sluice does not build',
      [{ type: 'image', image_url: 'https://x', alt_text: 'x' }],
      'blocks[0].type: image is not a block sluice builds',
    ],
  ];
  for (const [name, blocks, expected] of cases) {
    test(`reports ${name}`, () => assert.ok(blocksViolations(blocks).includes(expected), expected));
  }

  test('reports a top-level text Slack would truncate, and an empty one', () => {
    assert.deepEqual(messageViolations({ text: text(40_001), blocks: [] }), ['text: 40001 > 40000']);
    assert.deepEqual(messageViolations({ text: '', blocks: [] }), ['text: empty']);
  });

  test('accepts blocks exactly at every limit', () => {
    const atLimits: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: text(BlockKitLimits.headerText) } },
      section(text(BlockKitLimits.sectionText)),
      {
        type: 'section',
        fields: Array.from({ length: 10 }, () => ({ type: 'mrkdwn' as const, text: text(2000) })),
      },
      {
        type: 'context',
        elements: Array.from({ length: 10 }, () => ({ type: 'mrkdwn' as const, text: text(3000) })),
      },
      button(text(75), `https://x/${text(2990)}`),
      ...Array.from({ length: 45 }, (): KnownBlock => ({ type: 'divider' })),
    ];
    assert.deepEqual(messageViolations({ text: text(40_000), blocks: atLimits }), []);
  });
});

// Random and hostile input.

/** Pieces that break naive escaping, truncation or code spans, and characters Slack counts oddly. */
const PIECES = [
  '<',
  '>',
  '&',
  '&amp;',
  '`',
  '```',
  '*',
  '_',
  '~',
  '|',
  '@channel',
  '<!here>',
  '<@U024BE7LH>',
  '<https://evil.example|ok>',
  '😀',
  '\ud83d',
  '\udc00',
  '\n',
  '\r\n',
  '\t',
  ' ',
  'é',
  'app/db.py',
  '%',
  "'",
  '!',
  '"',
  '\\',
  '\u0000',
  '\u202e',
  '\u2060',
] as const;

/** Hostile text up to about `max` UTF-16 units: mixed pieces, any Unicode, or one piece repeated. */
const hostile = (max: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((pieces) => pieces.join('')),
    fc.string({ unit: 'binary', maxLength: Math.min(max, 300) }),
    fc
      .tuple(fc.constantFrom(...PIECES, 'abc'), fc.integer({ min: 1, max }))
      .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length))),
  );

const iso = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

const kubernetes = fc.record(
  { namespace: hostile(500), pod: hostile(500), container: hostile(500), host: hostile(500) },
  { requiredKeys: [] },
);

const sample = (message: number, field: number): fc.Arbitrary<AlertSample> =>
  fc.record(
    {
      timestamp: fc.oneof(iso, hostile(field)),
      message: hostile(message),
      level: fc.oneof(fc.constantFrom('error', 'fatal'), hostile(field)),
      pathname: hostile(field),
      lineno: fc.nat(),
      service: hostile(field),
      kubernetes,
    },
    { requiredKeys: ['timestamp', 'message', 'level'] },
  );

/** How large an alert's parts may get (UTF-16 units, counts). */
interface AlertSizes {
  readonly group: number;
  readonly samples: number;
  readonly message: number;
  readonly services: number;
}

/** An alert; windows are ISO times as detect computes them, every other text may be hostile. */
const alert = (size: AlertSizes): fc.Arbitrary<Alert> =>
  fc
    .record({
      rule: hostile(1000),
      group: hostile(size.group),
      groupBy: fc.oneof(fc.constantFrom('pathname', 'service', 'kubernetes.container'), hostile(200)),
      windowStart: iso,
      windowMs: fc.integer({ min: 1000, max: 86_400_000 }),
      count: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
      threshold: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
      samples: fc.array(sample(size.message, 1000), { maxLength: size.samples }),
      services: fc.option(fc.array(hostile(300), { maxLength: size.services }), { nil: undefined }),
      kubernetes: fc.option(kubernetes, { nil: undefined }),
    })
    .map(({ windowMs, services: names, kubernetes: k8s, ...rest }) => ({
      ...rest,
      windowEnd: new Date(Date.parse(rest.windowStart) + windowMs).toISOString(),
      ...(names ? { services: names } : {}),
      ...(k8s ? { kubernetes: k8s } : {}),
    }));

const links: fc.Arbitrary<AlertLinks> = fc.record(
  {
    // An operator's URL (config.ts takes only URLs), possibly long enough to be refused as a button.
    dashboardsUrl: fc.oneof(
      fc.constant('https://search.example/_dashboards'),
      fc.webUrl({ withQueryParameters: true }),
      fc.integer({ min: 1, max: 4000 }).map((n) => `https://dash.example/${'d'.repeat(n)}`),
    ),
    indexPattern: hostile(2000),
    archiveUri: fc.oneof(
      fc.constant('s3://sluice-logs/archive/dt=2026-11-22/hour=12/'),
      hostile(4000).map((path) => `s3://sluice-logs/${path}`),
      hostile(500),
    ),
    region: fc.oneof(fc.constant('eu-west-1'), hostile(500)),
  },
  { requiredKeys: [] },
);

const notice: fc.Arbitrary<ResolvedNotice> = fc
  .record({
    rule: hostile(1000),
    group: hostile(100_000),
    groupBy: hostile(300),
    threshold: fc.nat(),
    windowStart: iso,
    count: fc.nat(),
    firedWindowStart: fc.option(iso, { nil: undefined }),
  })
  .map(({ firedWindowStart, ...rest }) => ({
    ...rest,
    windowEnd: new Date(Date.parse(rest.windowStart) + 10_000).toISOString(),
    ...(firedWindowStart ? { firedWindowStart } : {}),
  }));

const alarm: fc.Arbitrary<AlarmChange> = fc.record(
  {
    alarmName: hostile(10_000),
    alarmArn: fc.oneof(fc.constant('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x'), hostile(500)),
    account: hostile(1000),
    region: fc.oneof(fc.constant('eu-west-1'), hostile(1000)),
    description: hostile(10_000),
    newState: fc.oneof(fc.constantFrom(...Object.values(AlarmState)), hostile(500)),
    oldState: fc.oneof(fc.constantFrom(...Object.values(AlarmState)), hostile(500)),
    reason: hostile(100_000),
    time: fc.oneof(iso, hostile(5000)),
    metrics: fc.array(
      fc.record(
        {
          id: hostile(300),
          label: hostile(1000),
          expression: hostile(5000),
          namespace: hostile(1000),
          name: hostile(1000),
          dimensions: fc.array(fc.tuple(hostile(500), hostile(500)), { maxLength: 30 }),
          stat: hostile(300),
          period: fc.nat(),
          returnData: fc.boolean(),
        },
        { requiredKeys: ['dimensions'] },
      ),
      { maxLength: 20 },
    ),
    alarmRule: hostile(20_000),
    comparison: fc.oneof(fc.constant('GreaterThanThreshold'), hostile(500)),
    threshold: fc.double(),
    source: fc.constantFrom(...Object.values(AlarmSource)),
  },
  { requiredKeys: ['alarmName', 'newState', 'reason', 'time', 'metrics', 'source'] },
);

describe('every message sluice builds stays within the Block Kit limits', () => {
  test('alerts: long groups, many samples, long messages, many services, hostile links', () => {
    fc.assert(
      fc.property(
        alert({ group: 100_000, samples: 50, message: 20_000, services: 1000 }),
        links,
        (input, to) => assertSlackSafe(formatAlert(input, to)),
      ),
      { numRuns: 200 },
    );
  });

  test('resolved notices', () => {
    fc.assert(
      fc.property(notice, links, (input, to) => assertSlackSafe(formatResolved(input, to))),
      { numRuns: 300 },
    );
  });

  test('CloudWatch alarm notifications', () => {
    fc.assert(
      fc.property(alarm, (change) =>
        assertSlackSafe(formatAlarmChange(change, { defaultRegion: 'us-east-1' })),
      ),
      { numRuns: 300 },
    );
  });

  test('digests of a few alerts with huge fields', () => {
    fc.assert(
      fc.property(
        fc.array(alert({ group: 100_000, samples: 5, message: 20_000, services: 50 }), {
          minLength: 1,
          maxLength: 60,
        }),
        links,
        (alerts, to) => assertSlackSafe(formatDigest(alerts, to)),
      ),
      { numRuns: 40 },
    );
  });

  test('digests of thousands of alerts (groups of up to 256 characters, as detect makes them)', () => {
    const many = fc
      .tuple(
        fc.array(alert({ group: 256, samples: 5, message: 2000, services: 20 }), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.integer({ min: 48, max: 5000 }),
      )
      .map(([kinds, count]) =>
        Array.from({ length: count }, (_, i): Alert => {
          const kind = kinds[i % kinds.length] as Alert;
          return { ...kind, group: `${kind.group.slice(0, 248)}#${i}` };
        }),
      );
    fc.assert(
      fc.property(many, links, (alerts, to) => {
        assertSlackSafe(formatDigest(alerts, to));
        const pages = digestPages(alerts, to);
        assert.equal(pages.flat().length, alerts.length, 'every alert on exactly one page');
        for (const [index, page] of pages.entries()) {
          const message = formatDigest(page, to, {
            page: index + 1,
            pages: pages.length,
            total: alerts.length,
            later: 0,
          });
          assertSlackSafe(message);
          assert.equal(
            message.blocks.length,
            page.length + 2,
            'each alert of a page has its section, none cut',
          );
        }
      }),
      { numRuns: 20 },
    );
  });
});
