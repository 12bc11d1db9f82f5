import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import type { SlackPort, SlackRouter } from '../../alerts/slack-port';
import type { SluiceConfig } from '../../config';
import type { FunctionMiddleware } from '../../lambda/function-handler';
import { destinationsFrom, slackDestinationsMiddleware } from './destinations-middleware';
import { slackWebhookMiddleware, webhookUrlFrom } from './middleware';
import { slackRouter } from './router';
import { type SlackSendersOptions, slackSenders } from './senders';

/** How a function reaches Slack: options of its handler factory (tests and local runs set them). */
export interface SlackOptions extends SlackSendersOptions {
  /** SSM client options for the webhook parameters (tests point them at a local double). */
  readonly ssm?: Partial<SSMClientConfig>;
}

/** The Slack middleware of a function and the Slack ports it gives each invocation. */
export interface InvocationSlack {
  readonly middleware: FunctionMiddleware;
  /** The default webhook's port (notify: alarms go to the default channel). */
  port(context: Context, signal: AbortSignal): SlackPort;
  /** Every destination's port (detect and sweep: alerts go where their rule routes them). */
  router(context: Context, signal: AbortSignal): SlackRouter;
}

/**
 * Slack for a Lambda function: the middleware resolves the webhook URLs per invocation (the default
 * one from the SSM SecureString `SLACK_WEBHOOK_PARAMETER` names, or `SLACK_WEBHOOK_URL`; each routed
 * destination's from `SLACK_WEBHOOK_URL_<NAME>`; parameters cached by middy), and the invocation's
 * Slack ports post to them, cancelled with the invocation. Without a webhook, messages are printed
 * (local runs).
 *
 * @example
 * const slack = invocationSlack(config);
 * // spec: { use: [slack.middleware], inputs: (context, invocation) => ({ slack: slack.router(context, invocation.signal) }) }
 */
export function invocationSlack(config: SluiceConfig, options: SlackOptions = {}): InvocationSlack {
  const senders = slackSenders({ timeoutMs: config.slack.timeoutMs, ...options });
  const middlewareOptions = { awsClientOptions: { region: config.region, ...options.ssm } };
  const defaultWebhook = slackWebhookMiddleware(config.slack, middlewareOptions);
  const destinations = slackDestinationsMiddleware(config.slack.destinations, middlewareOptions);
  return {
    middleware: {
      before: async (request) => {
        await defaultWebhook.before?.(request);
        await destinations.before?.(request);
      },
    },
    port: (context, signal) => senders.forUrl(webhookUrlFrom(context), signal),
    router: (context, signal) =>
      slackRouter({
        defaultUrl: webhookUrlFrom(context),
        destinations: destinationsFrom(context),
        senders,
        out: options.out ?? process.stdout,
        signal,
      }),
  };
}
