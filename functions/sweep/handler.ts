import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  createSlackSender,
  type FetchLike,
  type SlackMiddlewareOptions,
  type SlackSender,
  slackWebhookMiddleware,
  type TextSink,
  webhookUrlFrom,
} from '../../shared/adapters/slack';
import { loadConfig, type SluiceConfig } from '../../shared/config';
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
}

/**
 * Builds the sweep Lambda handler (schedule: every minute): the store is built once per container,
 * the Slack sender once per webhook URL (from the Slack middleware: SSM or direct, cached).
 *
 * @example
 * export const handler = createSweepHandler(loadConfig());
 */
export function createSweepHandler(config: SluiceConfig, options: SweepHandlerOptions = {}) {
  const senders = new Map<string | undefined, SlackSender>();
  const senderFor = (url: string | undefined): SlackSender => {
    let sender = senders.get(url);
    if (!sender) {
      sender = createSlackSender(url, { out: options.out ?? process.stdout, fetch: options.fetch });
      senders.set(url, sender);
    }
    return sender;
  };
  let base: Promise<DetectDeps> | undefined;
  return middy(async (_event: unknown, context: Context): Promise<SweepReport> => {
    base ??= buildDetectDeps(config, undefined, { ...options.overrides, slack: senderFor(undefined) });
    return sweep({ ...(await base), slack: senderFor(webhookUrlFrom(context)) });
  }).use(
    slackWebhookMiddleware(config.slack, { awsClientOptions: { region: config.region, ...options.ssm } }),
  );
}

/** Lambda entry point (EventBridge schedule, every minute). */
export const handler = createSweepHandler(loadConfig());
