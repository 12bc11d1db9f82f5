import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import type middy from '@middy/core';
import ssm from '@middy/ssm';
import { clearCache } from '@middy/util';
import type { Context } from 'aws-lambda';
import type { SluiceConfig } from '../../config';
import { clearResolvedWebhookUrls, WEBHOOK_CACHE_MS } from './resolve-webhook';

const middyCacheKeys = new Set<string>();

/**
 * Forgets every cached webhook URL (the resolver's and the middleware's, and stops middy's refresh
 * timers), so the next use reads SSM again: call it after a permanent `invalid_token` or
 * `no_service` (the webhook was rotated or revoked), and at the end of tests.
 */
export function forgetWebhookUrl(): void {
  clearResolvedWebhookUrls();
  clearCache([...middyCacheKeys]);
  middyCacheKeys.clear();
}

/** Key on the Lambda `context` where {@link slackWebhookMiddleware} puts the resolved webhook URL. */
export const SLACK_WEBHOOK_CONTEXT_KEY = 'slackWebhookUrl';

/** The Lambda context after {@link slackWebhookMiddleware}: the URL, or `undefined` when Slack is not configured. */
export type SlackContext = Context & { [SLACK_WEBHOOK_CONTEXT_KEY]?: string };

export interface SlackMiddlewareOptions {
  /** How long the SSM value is reused per container; default 15 minutes. */
  cacheExpiryMs?: number;
  /** SSM client options (region, endpoint for tests). */
  awsClientOptions?: Partial<SSMClientConfig>;
  /** Fetch the parameter at cold start rather than on the first invocation (middy's default: true). */
  prefetch?: boolean;
}

/**
 * Middy middleware that puts the webhook URL on `context.slackWebhookUrl` for a Lambda handler:
 * from the SSM SecureString `slack.webhookParameter` through `@middy/ssm` (decrypted, cached per
 * container for `cacheExpiryMs`, so a rotated webhook is picked up without a deploy), else the direct
 * `slack.webhookUrl`, else nothing. The value is never logged.
 *
 * @example
 * export const handler = middy(run).use(slackWebhookMiddleware(config.slack, { awsClientOptions: { region } }));
 * // in run(event, context): createSlackSender(webhookUrlFrom(context))
 */
export function slackWebhookMiddleware(
  slack: SluiceConfig['slack'],
  options: SlackMiddlewareOptions = {},
): middy.MiddlewareObj<unknown, unknown, Error, Context> {
  const parameter = slack.webhookParameter;
  if (slack.webhookUrl !== undefined || parameter === undefined) {
    const url = slack.webhookUrl;
    return {
      before: (request) => {
        (request.context as SlackContext)[SLACK_WEBHOOK_CONTEXT_KEY] = url;
      },
    };
  }
  const cacheKey = `sluice-slack-webhook:${parameter}`;
  middyCacheKeys.add(cacheKey);
  return ssm({
    fetchData: { [SLACK_WEBHOOK_CONTEXT_KEY]: parameter },
    setToContext: true,
    cacheKey,
    cacheExpiry: options.cacheExpiryMs ?? WEBHOOK_CACHE_MS,
    disablePrefetch: options.prefetch === false,
    awsClientOptions: options.awsClientOptions ?? {},
  }) as middy.MiddlewareObj<unknown, unknown, Error, Context>;
}

/** The webhook URL the middleware put on the context, if any. */
export function webhookUrlFrom(context: Context): string | undefined {
  const value = (context as SlackContext)[SLACK_WEBHOOK_CONTEXT_KEY];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
