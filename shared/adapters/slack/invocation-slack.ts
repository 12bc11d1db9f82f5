import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import type { SlackPort } from '../../alerts/slack-port';
import type { SluiceConfig } from '../../config';
import type { FunctionMiddleware } from '../../lambda/function-handler';
import { slackWebhookMiddleware, webhookUrlFrom } from './middleware';
import { type SlackSendersOptions, slackSenders } from './senders';

/** How a function reaches Slack: options of its handler factory (tests and local runs set them). */
export interface SlackOptions extends SlackSendersOptions {
  /** SSM client options for the webhook parameter (tests point them at a local double). */
  readonly ssm?: Partial<SSMClientConfig>;
}

/** The Slack middleware of a function and the Slack port it gives each invocation. */
export interface InvocationSlack {
  readonly middleware: FunctionMiddleware;
  port(context: Context, signal: AbortSignal): SlackPort;
}

/**
 * Slack for a Lambda function: the middleware resolves the webhook URL per invocation (from the SSM
 * SecureString `SLACK_WEBHOOK_PARAMETER` names, cached by middy, or `SLACK_WEBHOOK_URL`), and the
 * invocation's Slack port posts to it, cancelled with the invocation. Without a webhook, alerts are
 * printed (local runs).
 *
 * @example
 * const slack = invocationSlack(config);
 * // spec: { use: [slack.middleware], inputs: (context, invocation) => ({ slack: slack.port(context, invocation.signal) }) }
 */
export function invocationSlack(config: SluiceConfig, options: SlackOptions = {}): InvocationSlack {
  const senders = slackSenders({ timeoutMs: config.slack.timeoutMs, ...options });
  return {
    middleware: slackWebhookMiddleware(config.slack, {
      awsClientOptions: { region: config.region, ...options.ssm },
    }),
    port: (context, signal) => senders.forUrl(webhookUrlFrom(context), signal),
  };
}
