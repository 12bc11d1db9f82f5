import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlarmChange } from '../../../functions/notify/alarm-change';
import { alarmConsoleUrl } from '../../../functions/notify/console-url';
import { formatAlarmChange } from '../../../functions/notify/format-alarm';
import { parseAlarmEvent } from '../../../functions/notify/parse-alarm-event';
import { HOSTILE } from '../../shared/alerts/fixtures';
import { assertSlackSafe } from '../../shared/alerts/slack-invariants';
import { notifyEvent } from './events';

type Block = {
  type: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<{ url?: string }>;
};

function format(name: string, defaultRegion = 'us-east-1') {
  const [change] = parseAlarmEvent(notifyEvent(name)).changes;
  assert.ok(change);
  const message = formatAlarmChange(change, { defaultRegion });
  assertSlackSafe(message);
  return { message, blocks: message.blocks as Block[] };
}

describe('formatAlarmChange', () => {
  test('ALARM: name, old and new state, time, metric, reason and a console link', () => {
    const { message, blocks } = format('eventbridge-alarm');
    assert.equal(blocks[0]?.text?.text, ':red_circle: ALARM: sluice-prod-detect-errors');
    assert.deepEqual(
      blocks[1]?.fields?.map((field) => field.text),
      [
        '*State*\nOK → *ALARM*',
        '*Time*\n2024-05-01 12:03:41.211 UTC',
        '*Account / region*\n123456789012 / eu-west-1',
        '*Metric*\n`AWS/Lambda Errors (FunctionName=sluice-prod-detect)` · Sum/60s',
      ],
    );
    assert.equal(
      blocks[2]?.text?.text,
      '*Description*\nThe detect function failed batches (errors &gt; 0 for 1 minute).',
    );
    assert.match(
      blocks[3]?.text?.text ?? '',
      /^\*Reason\*\nThreshold Crossed: .*\(minimum 1 datapoint for OK -&gt; ALARM transition\)\.$/,
    );
    const actions = blocks.find((block) => block.type === 'actions');
    assert.equal(
      actions?.elements?.[0]?.url,
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/sluice-prod-detect-errors',
    );
    assert.match(
      message.text,
      /^:red_circle: ALARM: sluice-prod-detect-errors \(OK → ALARM\): Threshold Crossed/,
    );
  });

  test('OK reads as resolved', () => {
    const { message, blocks } = format('eventbridge-ok');
    assert.equal(blocks[0]?.text?.text, ':white_check_mark: Resolved: sluice-prod-detect-errors');
    assert.equal(blocks[1]?.fields?.[0]?.text, '*State*\nALARM → *OK*');
    assert.match(message.text, /^:white_check_mark: Resolved: sluice-prod-detect-errors \(ALARM → OK\)/);
  });

  test('SNS alarm: threshold and comparison; metric math shows the expression and its inputs', () => {
    const sns = format('sns-alarm');
    assert.equal(
      sns.blocks[1]?.fields?.[3]?.text,
      '*Metric*\n`AWS/Lambda OffsetLag (FunctionName=sluice-prod-detect)` · MAXIMUM/60s\nThreshold: &gt; 10000',
    );
    const math = format('sns-ok-metric-math');
    assert.equal(
      math.blocks[1]?.fields?.[3]?.text,
      '*Metric*\n`100 * free / total` (Free storage %)\nfree: `AWS/ES FreeStorageSpace (DomainName=sluice-logs, ClientId=123456789012)` · Minimum/300s\ntotal: `AWS/ES ClusterUsedSpace (DomainName=sluice-logs, ClientId=123456789012)` · Maximum/300s\nThreshold: &lt; 20',
    );
    const url = math.blocks.find((block) => block.type === 'actions')?.elements?.[0]?.url;
    assert.ok(url?.startsWith('https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#'));
  });

  test('composite alarm shows its rule', () => {
    const { blocks } = format('eventbridge-composite');
    assert.equal(
      blocks[1]?.fields?.[3]?.text,
      '*Rule*\n`ALARM(sluice-prod-detect-errors) OR ALARM(sluice-prod-index-errors)`',
    );
  });

  test('hostile alarm names, descriptions and reasons are escaped and bounded', () => {
    for (const [, text] of HOSTILE) {
      const change: AlarmChange = {
        alarmName: text,
        description: text,
        reason: text,
        newState: 'ALARM',
        oldState: text,
        time: '',
        metrics: [{ namespace: text, name: text, dimensions: [[text, text]], expression: undefined }],
        source: 'sns',
      };
      assertSlackSafe(formatAlarmChange(change, { defaultRegion: 'eu-west-1' }));
    }
  });
});

describe('alarmConsoleUrl', () => {
  const cases: Array<[string, string, string | undefined, string]> = [
    [
      'a b/c',
      'eu-west-1',
      undefined,
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/a%20b%2Fc',
    ],
    [
      'x',
      'cn-north-1',
      'arn:aws-cn:cloudwatch:cn-north-1:1:alarm:x',
      'https://cn-north-1.console.amazonaws.cn/cloudwatch/home?region=cn-north-1#alarmsV2:alarm/x',
    ],
    [
      'x',
      'us-gov-west-1',
      'arn:aws-us-gov:cloudwatch:us-gov-west-1:1:alarm:x',
      'https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#alarmsV2:alarm/x',
    ],
  ];
  for (const [name, region, arn, expected] of cases) {
    test(`${region} ${name}`, () => assert.equal(alarmConsoleUrl(name, region, arn), expected));
  }

  test('a lone surrogate in the name or region (a JSON escape in an SNS message) is U+FFFD, not a throw', () => {
    assert.equal(
      alarmConsoleUrl('a\ud83d', 'eu\udc00'),
      'https://eu\ufffd.console.aws.amazon.com/cloudwatch/home?region=eu%EF%BF%BD#alarmsV2:alarm/a%EF%BF%BD',
    );
  });
});
