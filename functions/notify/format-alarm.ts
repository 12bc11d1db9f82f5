import type { KnownBlock } from '@slack/types';
import { buttons, context, fields, header, section } from '../../shared/alerts/blocks';
import { escapeAndTruncate, escapeSlack, truncateEscaped } from '../../shared/alerts/escape';
import { SlackLimits } from '../../shared/alerts/limits';
import { codeSpan, utc } from '../../shared/alerts/text';
import type { SlackMessage } from '../../shared/alerts/types';
import { type AlarmChange, type AlarmMetric, AlarmState } from './alarm-change';
import { alarmConsoleUrl } from './console-url';

const STATE_EMOJI: Record<string, string> = {
  [AlarmState.ALARM]: ':red_circle:',
  [AlarmState.OK]: ':white_check_mark:',
  [AlarmState.INSUFFICIENT_DATA]: ':grey_question:',
};

const COMPARISON: Record<string, string> = {
  GreaterThanThreshold: '&gt;',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '&lt;',
  LessThanOrEqualToThreshold: '≤',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside the band',
  LessThanLowerThreshold: 'below the band',
  GreaterThanUpperThreshold: 'above the band',
};

/** The headline: OK reads as resolved, whatever it came from. */
function title(change: AlarmChange): string {
  const name = escapeSlack(change.alarmName);
  const emoji = STATE_EMOJI[change.newState] ?? ':grey_question:';
  if (change.newState === AlarmState.OK) return `${emoji} Resolved: ${name}`;
  return `${emoji} ${escapeSlack(change.newState)}: ${name}`;
}

/** `AWS/Lambda Errors (FunctionName=x) · Sum/60s`, or the expression for metric math. */
export function metricText(metric: AlarmMetric): string {
  if (metric.expression) {
    const label = metric.label ? ` (${escapeAndTruncate(metric.label, 100)})` : '';
    return `${codeSpan(metric.expression, 300)}${label}`;
  }
  const what = [metric.namespace, metric.name].filter(Boolean).join(' ');
  const dims = metric.dimensions.map(([name, value]) => `${name}=${value}`).join(', ');
  const stat = [metric.stat, metric.period === undefined ? undefined : `${metric.period}s`]
    .filter(Boolean)
    .join('/');
  const id = metric.id && !metric.returnData ? `${escapeAndTruncate(metric.id, 40)}: ` : '';
  return `${id}${codeSpan(dims ? `${what} (${dims})` : what || '?', 400)}${stat ? ` · ${escapeSlack(stat)}` : ''}`;
}

function metricsField(change: AlarmChange): string | undefined {
  if (change.alarmRule) return `*Rule*\n${codeSpan(change.alarmRule, 1500)}`;
  if (change.metrics.length === 0) return undefined;
  const shown = change.metrics.slice(0, 5).map(metricText);
  if (change.metrics.length > 5) shown.push(`…and ${change.metrics.length - 5} more`);
  const comparison = change.comparison ? COMPARISON[change.comparison] : undefined;
  const threshold =
    change.threshold === undefined
      ? ''
      : `\nThreshold: ${comparison ?? escapeSlack(change.comparison ?? '')} ${change.threshold}`;
  return truncateEscaped(`*Metric*\n${shown.join('\n')}${threshold}`, SlackLimits.sectionField);
}

export interface FormatAlarmOptions {
  /** Region for the console link when the alarm does not say (the function's own region). */
  defaultRegion: string;
}

/**
 * Formats a CloudWatch alarm state change for Slack: the alarm name with its new state (OK reads as
 * "Resolved"), old → new state, the time in UTC, account and region, the metric (namespace, name,
 * dimensions, statistic, period; expression for metric math; rule for composite alarms), the
 * description and the reason, and a button to the alarm in the CloudWatch console. All text is
 * escaped and within Slack's limits.
 *
 * @example
 * const message = formatAlarmChange(change, { defaultRegion: config.region });
 */
export function formatAlarmChange(change: AlarmChange, options: FormatAlarmOptions): SlackMessage {
  const region = change.region ?? options.defaultRegion;
  const transition = `${escapeSlack(change.oldState ?? '?')} → *${escapeSlack(change.newState)}*`;
  const facts = [
    `*State*\n${transition}`,
    `*Time*\n${change.time ? `${utc(change.time)} UTC` : 'unknown'}`,
    `*Account / region*\n${escapeSlack(change.account ?? '?')} / ${escapeSlack(region)}`,
  ];
  const metric = metricsField(change);
  if (metric) facts.push(metric);
  const blocks: KnownBlock[] = [header(title(change)), fields(facts)];
  if (change.description)
    blocks.push(section(`*Description*\n${escapeAndTruncate(change.description, 1000)}`));
  if (change.reason) blocks.push(section(`*Reason*\n${escapeAndTruncate(change.reason, 2000)}`));
  blocks.push(
    ...buttons([
      { text: 'Open in CloudWatch', url: alarmConsoleUrl(change.alarmName, region, change.alarmArn) },
    ]),
  );
  blocks.push(context([`via ${change.source}`]));
  const text = `${title(change)} (${escapeSlack(change.oldState ?? '?')} → ${escapeSlack(change.newState)}): ${escapeAndTruncate(change.reason, 1000)}`;
  return { text: truncateEscaped(text, SlackLimits.fallbackText), blocks };
}
