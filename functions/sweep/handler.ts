import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  type FetchLike,
  type SlackMiddlewareOptions,
  slackWebhookMiddleware,
  type TextSink,
  webhookUrlFrom,
} from '../../shared/adapters/slack';
import { slackSenderCache } from '../../shared/adapters/slack/sender-cache';
import { loadConfig, type SluiceConfig } from '../../shared/config';
import { createLogger, type Logger } from '../../shared/log';
import { formatMetrics } from '../../shared/metrics/emf';
import { buildDetectDeps, type DetectOverrides } from '../detect/deps';
import type { DetectDeps } from '../detect/types';
import { type SweepReport, sweep } from './sweep';

export interface SweepHandlerOptions {
  /** Where `TerminalSlack` prints when no webhook is configured (default stdout). */
  out?: TextSink;
  fetch?: FetchLike;
  /** SSM client options for the webhook parameter. */
  ssm?: SlackMiddlewareOptions['awsClientOptions'];
  /** Store or client overrides (tests). */
  overrides?: Omit<DetectOverrides, 'slack'>;
  log?: Logger;
  writeMetrics?: (line: string) => void;
}

/**
 * Builds the sweep Lambda handler (schedule: every minute): the store is built once per container,
 * the Slack sender once per webhook URL (from the Slack middleware: SSM or direct, cached).
 *
 * @example
 * export const handler = createSweepHandler(loadConfig());
 */
export function createSweepHandler(config: SluiceConfig, options: SweepHandlerOptions = {}) {
  const senders = slackSenderCache({
    ...(options.out ? { out: options.out } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const log = options.log ?? createLogger({ fields: { function: 'sweep' } });
  const writeMetrics = options.writeMetrics ?? ((line: string) => process.stdout.write(`${line}\n`));
  let base: Promise<DetectDeps> | undefined;
  return middy(async (_event: unknown, context: Context): Promise<SweepReport> => {
    base ??= buildDetectDeps(config, undefined, { ...options.overrides, slack: senders.forUrl(undefined) });
    const report = await sweep({ ...(await base), slack: senders.forUrl(webhookUrlFrom(context)) });
    log.info('sweep done', { ...report });
    // The oldest-pending-alert alarm in infra/alarms.yml watches this metric.
    writeMetrics(
      formatMetrics(
        {
          alertsDelivered: report.delivered + report.digested,
          oldestPendingAlertAgeSeconds: report.oldestPendingAgeSeconds,
        },
        { functionName: context.functionName, timestamp: Date.now() },
      ),
    );
    return report;
  }).use(
    slackWebhookMiddleware(config.slack, { awsClientOptions: { region: config.region, ...options.ssm } }),
  );
}

/** Lambda entry point (EventBridge schedule, every minute). */
export const handler = createSweepHandler(loadConfig());
