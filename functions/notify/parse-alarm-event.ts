import type { AlarmChange, AlarmMetric, AlarmSource } from './alarm-change';

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Something in the event that is not an alarm state change; reported, never thrown. */
export interface SkippedInput {
  where: string;
  reason: string;
}

export interface ParsedAlarmEvent {
  changes: AlarmChange[];
  skipped: SkippedInput[];
}

/** AWS writes `2024-05-01T12:03:41.211+0000`; returns ISO 8601 UTC, or the input when unreadable. */
export function isoTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:name` -> region and account. */
function arnParts(arn: string | undefined): { region?: string; account?: string } {
  const parts = arn?.split(':') ?? [];
  return parts.length >= 6 ? { region: str(parts[3]), account: str(parts[4]) } : {};
}

function dimensionPairs(value: unknown): Array<[string, string]> {
  if (Array.isArray(value)) {
    return value.flatMap((item) =>
      isObj(item) && str(item.name)
        ? [[String(item.name), String(item.value ?? '')] as [string, string]]
        : [],
    );
  }
  return isObj(value)
    ? Object.entries(value).map(([key, item]) => [key, String(item)] as [string, string])
    : [];
}

/** Field names of a metric entry: camelCase in EventBridge and Lambda actions, PascalCase in SNS. */
const METRIC_KEYS = {
  camel: {
    id: 'id',
    label: 'label',
    expression: 'expression',
    returnData: 'returnData',
    metricStat: 'metricStat',
    metric: 'metric',
    namespace: 'namespace',
    name: 'name',
    dimensions: 'dimensions',
    stat: 'stat',
    period: 'period',
  },
  pascal: {
    id: 'Id',
    label: 'Label',
    expression: 'Expression',
    returnData: 'ReturnData',
    metricStat: 'MetricStat',
    metric: 'Metric',
    namespace: 'Namespace',
    name: 'MetricName',
    dimensions: 'Dimensions',
    stat: 'Stat',
    period: 'Period',
  },
} as const;

/** One `metrics[]` / `Trigger.Metrics[]` entry (dimensions as a map or as a list of {name, value}). */
function metricOf(
  item: unknown,
  keys: (typeof METRIC_KEYS)[keyof typeof METRIC_KEYS],
): AlarmMetric | undefined {
  if (!isObj(item)) return undefined;
  const stat = isObj(item[keys.metricStat]) ? (item[keys.metricStat] as Obj) : undefined;
  const metric = isObj(stat?.[keys.metric]) ? (stat?.[keys.metric] as Obj) : undefined;
  const returnData = item[keys.returnData];
  return {
    id: str(item[keys.id]),
    label: str(item[keys.label]),
    expression: str(item[keys.expression]),
    namespace: str(metric?.[keys.namespace]),
    name: str(metric?.[keys.name]),
    dimensions: dimensionPairs(metric?.[keys.dimensions]),
    stat: str(stat?.[keys.stat]),
    period: num(stat?.[keys.period]),
    returnData: typeof returnData === 'boolean' ? returnData : undefined,
  };
}

function compact<T>(items: Array<T | undefined>): T[] {
  return items.filter((item): item is T => item !== undefined);
}

/** The `detail` of an EventBridge event or the `alarmData` of a Lambda alarm action. */
function fromDetail(
  detail: Obj,
  context: { arn?: string; account?: string; region?: string; time?: string; source: AlarmSource },
): AlarmChange | string {
  const name = str(detail.alarmName);
  const state = isObj(detail.state) ? detail.state : undefined;
  if (!name || !str(state?.value)) return 'no alarmName or state.value';
  const previous = isObj(detail.previousState) ? detail.previousState : undefined;
  const configuration = isObj(detail.configuration) ? detail.configuration : {};
  const arnInfo = arnParts(context.arn);
  return {
    alarmName: name,
    alarmArn: context.arn,
    account: context.account ?? arnInfo.account,
    region: arnInfo.region ?? context.region,
    description: str(configuration.description),
    newState: String(state?.value),
    oldState: str(previous?.value),
    reason: str(state?.reason) ?? '',
    time: isoTime(str(state?.timestamp) ?? context.time) ?? '',
    metrics: compact(list(configuration.metrics).map((item) => metricOf(item, METRIC_KEYS.camel))),
    alarmRule: str(configuration.alarmRule),
    source: context.source,
  };
}

/** The alarm JSON CloudWatch publishes to SNS. */
function fromSnsMessage(message: Obj, topicArn: string | undefined): AlarmChange | string {
  const name = str(message.AlarmName);
  if (!name || !str(message.NewStateValue))
    return 'SNS message is not a CloudWatch alarm (no AlarmName/NewStateValue)';
  const trigger = isObj(message.Trigger) ? message.Trigger : {};
  const single: AlarmMetric | undefined = str(trigger.MetricName)
    ? {
        namespace: str(trigger.Namespace),
        name: str(trigger.MetricName),
        dimensions: dimensionPairs(trigger.Dimensions),
        stat: str(trigger.ExtendedStatistic) ?? str(trigger.Statistic),
        period: num(trigger.Period),
        returnData: true,
      }
    : undefined;
  const arn = str(message.AlarmArn);
  const arnInfo = arnParts(arn ?? topicArn);
  return {
    alarmName: name,
    alarmArn: arn,
    account: str(message.AWSAccountId) ?? arnInfo.account,
    region: arnInfo.region,
    description: str(message.AlarmDescription),
    newState: String(message.NewStateValue),
    oldState: str(message.OldStateValue),
    reason: str(message.NewStateReason) ?? '',
    time: isoTime(str(message.StateChangeTime)) ?? '',
    metrics: single
      ? [single]
      : compact(list(trigger.Metrics).map((item) => metricOf(item, METRIC_KEYS.pascal))),
    alarmRule: str(message.AlarmRule),
    comparison: str(trigger.ComparisonOperator),
    threshold: num(trigger.Threshold),
    source: 'sns',
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads CloudWatch alarm state changes from whatever invoked `notify`: an EventBridge "CloudWatch
 * Alarm State Change" event, a Lambda SNS event whose messages are CloudWatch alarm notifications,
 * or a Lambda alarm action. Anything else (other detail types, SNS messages that are not alarms) is
 * returned in `skipped` with a reason rather than thrown: retrying cannot make it an alarm.
 *
 * @example
 * const { changes, skipped } = parseAlarmEvent(event);
 */
export function parseAlarmEvent(event: unknown): ParsedAlarmEvent {
  if (!isObj(event)) return { changes: [], skipped: [{ where: 'event', reason: 'not an object' }] };

  if (Array.isArray(event.Records)) {
    const parsed: ParsedAlarmEvent = { changes: [], skipped: [] };
    for (const [index, record] of event.Records.entries()) {
      const where = `Records[${index}]`;
      const sns = isObj(record) && isObj(record.Sns) ? record.Sns : undefined;
      const message = typeof sns?.Message === 'string' ? parseJson(sns.Message) : undefined;
      const change = isObj(message)
        ? fromSnsMessage(message, str(sns?.TopicArn))
        : 'not an SNS record with a JSON message';
      if (typeof change === 'string') parsed.skipped.push({ where, reason: change });
      else parsed.changes.push(change);
    }
    return parsed;
  }

  if (event.source === 'aws.cloudwatch' && isObj(event.alarmData)) {
    const change = fromDetail(event.alarmData, {
      arn: str(event.alarmArn),
      account: str(event.accountId),
      region: str(event.region),
      time: str(event.time),
      source: 'lambda-action',
    });
    return typeof change === 'string'
      ? { changes: [], skipped: [{ where: 'alarmData', reason: change }] }
      : { changes: [change], skipped: [] };
  }

  if (event['detail-type'] === 'CloudWatch Alarm State Change' && isObj(event.detail)) {
    const change = fromDetail(event.detail, {
      arn: str(list(event.resources)[0]),
      account: str(event.account),
      region: str(event.region),
      time: str(event.time),
      source: 'eventbridge',
    });
    return typeof change === 'string'
      ? { changes: [], skipped: [{ where: 'detail', reason: change }] }
      : { changes: [change], skipped: [] };
  }

  const kind = str(event['detail-type']) ?? 'unknown';
  return {
    changes: [],
    skipped: [{ where: 'event', reason: `not a CloudWatch alarm state change (${kind})` }],
  };
}
