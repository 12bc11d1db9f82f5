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
import { notify } from './notify';

export interface NotifyHandlerOptions {
  /** Where `TerminalSlack` prints when no webhook is configured (default stdout). */
  out?: TextSink;
  fetch?: FetchLike;
  /** SSM client options for the webhook parameter (tests point them at a local double). */
  ssm?: SlackMiddlewareOptions['awsClientOptions'];
}

/**
 * Builds the notify Lambda handler: the webhook URL comes from the Slack middleware (SSM or direct,
 * cached per container), the sender is built once per URL, and the core formats and posts each alarm.
 *
 * @example
 * export const handler = createNotifyHandler(loadConfig());
 */
export function createNotifyHandler(config: SluiceConfig, options: NotifyHandlerOptions = {}) {
  const senders = slackSenderCache({
    ...(options.out ? { out: options.out } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return middy(async (event: unknown, context: Context) =>
    notify(event, { slack: senders.forUrl(webhookUrlFrom(context)), region: config.region }),
  ).use(
    slackWebhookMiddleware(config.slack, { awsClientOptions: { region: config.region, ...options.ssm } }),
  );
}

/** Lambda entry point (EventBridge alarm rule, SNS alarm topic or Lambda alarm action). */
export const handler = createNotifyHandler(loadConfig());
