/** CloudWatch alarm states. Unknown values from AWS are kept as plain strings. */
export const AlarmState = {
  OK: 'OK',
  ALARM: 'ALARM',
  INSUFFICIENT_DATA: 'INSUFFICIENT_DATA',
} as const;
export type AlarmState = (typeof AlarmState)[keyof typeof AlarmState];

/** How the state change reached the function. */
export const AlarmSource = {
  eventbridge: 'eventbridge',
  sns: 'sns',
  lambdaAction: 'lambda-action',
} as const;
export type AlarmSource = (typeof AlarmSource)[keyof typeof AlarmSource];

/** One metric or metric-math expression an alarm watches. */
export interface AlarmMetric {
  id?: string;
  label?: string;
  /** Metric math, e.g. `100 * dl / records`. */
  expression?: string;
  namespace?: string;
  name?: string;
  /** Dimension name and value pairs, in the order AWS gave them. */
  dimensions: Array<[name: string, value: string]>;
  stat?: string;
  /** Seconds. */
  period?: number;
  /** Whether this entry is the alarm's result (true) or an input to an expression. */
  returnData?: boolean;
}

/** A CloudWatch alarm state change, whichever way it arrived (EventBridge, SNS, Lambda alarm action). */
export interface AlarmChange {
  alarmName: string;
  alarmArn?: string;
  account?: string;
  /** Region code such as `eu-west-1` (from the ARN or the event). */
  region?: string;
  description?: string;
  newState: AlarmState | string;
  oldState?: AlarmState | string;
  reason: string;
  /** ISO 8601 UTC of the state change. */
  time: string;
  metrics: AlarmMetric[];
  /** Composite alarms: the rule over child alarms. */
  alarmRule?: string;
  /** SNS messages carry the comparison and threshold, e.g. `GreaterThanThreshold` and 10000. */
  comparison?: string;
  threshold?: number;
  source: AlarmSource;
}
