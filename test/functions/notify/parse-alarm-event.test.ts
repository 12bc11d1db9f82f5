import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isoTime, parseAlarmEvent } from '../../../functions/notify/parse-alarm-event';
import { notifyEvent } from './events';

describe('parseAlarmEvent', () => {
  test('EventBridge single-metric alarm', () => {
    const { changes, skipped } = parseAlarmEvent(notifyEvent('eventbridge-alarm'));
    assert.deepEqual(skipped, []);
    assert.deepEqual(changes, [
      {
        alarmName: 'sluice-prod-detect-errors',
        alarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:sluice-prod-detect-errors',
        account: '123456789012',
        region: 'eu-west-1',
        description: 'The detect function failed batches (errors > 0 for 1 minute).',
        newState: 'ALARM',
        oldState: 'OK',
        reason:
          'Threshold Crossed: 1 out of the last 1 datapoints [3.0 (01/05/24 12:02:00)] was greater than the threshold (0.0) (minimum 1 datapoint for OK -> ALARM transition).',
        time: '2024-05-01T12:03:41.211Z',
        metrics: [
          {
            id: 'm1',
            label: undefined,
            expression: undefined,
            namespace: 'AWS/Lambda',
            name: 'Errors',
            dimensions: [['FunctionName', 'sluice-prod-detect']],
            stat: 'Sum',
            period: 60,
            returnData: true,
          },
        ],
        alarmRule: undefined,
        source: 'eventbridge',
      },
    ]);
  });

  test('EventBridge metric math and composite alarms', () => {
    const [math] = parseAlarmEvent(notifyEvent('eventbridge-metric-math')).changes;
    assert.equal(math?.oldState, 'INSUFFICIENT_DATA');
    assert.deepEqual(
      math?.metrics.map((metric) => [metric.id, metric.expression ?? metric.name]),
      [
        ['e1', '100 * dl / records'],
        ['dl', 'DeadLettered'],
        ['records', 'Records'],
      ],
    );
    const [composite] = parseAlarmEvent(notifyEvent('eventbridge-composite')).changes;
    assert.equal(composite?.alarmRule, 'ALARM(sluice-prod-detect-errors) OR ALARM(sluice-prod-index-errors)');
    assert.deepEqual(composite?.metrics, []);
  });

  test('SNS-wrapped alarm: region from the ARN (the message has a long region name)', () => {
    const { changes } = parseAlarmEvent(notifyEvent('sns-alarm'));
    assert.equal(changes.length, 1);
    const [change] = changes;
    assert.equal(change?.alarmName, 'msk-prod-offset-lag-detect');
    assert.equal(change?.region, 'eu-west-1');
    assert.equal(change?.account, '123456789012');
    assert.equal(change?.oldState, 'OK');
    assert.equal(change?.newState, 'ALARM');
    assert.equal(change?.time, '2024-05-01T12:05:27.614Z');
    assert.equal(change?.comparison, 'GreaterThanThreshold');
    assert.equal(change?.threshold, 10000);
    assert.deepEqual(change?.metrics, [
      {
        namespace: 'AWS/Lambda',
        name: 'OffsetLag',
        dimensions: [['FunctionName', 'sluice-prod-detect']],
        stat: 'MAXIMUM',
        period: 60,
        returnData: true,
      },
    ]);
    assert.equal(change?.source, 'sns');
  });

  test('SNS metric-math OK transition with a null description', () => {
    const [change] = parseAlarmEvent(notifyEvent('sns-ok-metric-math')).changes;
    assert.equal(change?.newState, 'OK');
    assert.equal(change?.oldState, 'ALARM');
    assert.equal(change?.description, undefined);
    assert.equal(change?.region, 'us-west-2');
    assert.deepEqual(change?.metrics[1]?.dimensions, [
      ['DomainName', 'sluice-logs'],
      ['ClientId', '123456789012'],
    ]);
  });

  test('Lambda alarm action', () => {
    const [change] = parseAlarmEvent(notifyEvent('lambda-alarm-action')).changes;
    assert.equal(change?.alarmName, 'sluice-prod-oldest-pending-alert');
    assert.equal(change?.source, 'lambda-action');
    assert.equal(change?.region, 'eu-west-1');
    assert.equal(change?.metrics[0]?.name, 'OldestPendingAlertAgeSeconds');
  });

  test('inputs that are not alarm changes are skipped with a reason', () => {
    const cases: Array<[unknown, string]> = [
      [null, 'not an object'],
      [
        { 'detail-type': 'CloudWatch Alarm Configuration Change', detail: {} },
        'not a CloudWatch alarm state change',
      ],
      [
        { 'detail-type': 'CloudWatch Alarm State Change', detail: { alarmName: 'x' } },
        'no alarmName or state.value',
      ],
      [{ Records: [{ Sns: { Message: 'hello, not JSON' } }] }, 'not an SNS record with a JSON message'],
      [{ Records: [{ Sns: { Message: '{"foo":1}' } }] }, 'SNS message is not a CloudWatch alarm'],
    ];
    for (const [event, reason] of cases) {
      const { changes, skipped } = parseAlarmEvent(event);
      assert.equal(changes.length, 0);
      assert.match(skipped[0]?.reason ?? '', new RegExp(`^${reason.replace(/[()]/g, '\\$&')}`));
    }
  });
});

test('isoTime reads AWS offsets without a colon', () => {
  assert.equal(isoTime('2024-05-01T12:03:41.211+0000'), '2024-05-01T12:03:41.211Z');
  assert.equal(isoTime('2024-05-01T14:03:41.211+0200'), '2024-05-01T12:03:41.211Z');
  assert.equal(isoTime('2024-05-01T12:03:41Z'), '2024-05-01T12:03:41.000Z');
  assert.equal(isoTime('garbage'), 'garbage');
});
