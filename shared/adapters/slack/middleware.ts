import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import type middy from '@middy/core';
import ssm from '@middy/ssm';
import { clearCache } from '@middy/util';
import type { Context } from 'aws-lambda';
import type { SluiceConfig } from '../../config';
import { ConfigError, TransientSinkError } from '../../errors';

/** How long a webhook URL read from SSM is reused per container (a rotated webhook is picked up after it). */
export const WEBHOOK_CACHE_MS = 15 * 60_000;

const middyCacheKeys = new Set<string>();
/** How to forget one route's cached webhook: the default's (`''`) or a routed destination's. */
const forgetters = new Map<string, () => void>();

/**
 * Forgets a cached webhook URL, so the next invocation reads SSM again: called with the route whose
 * webhook Slack answered `invalid_token` or `no_service` for (it was rotated or revoked; `''` is the
 * default webhook, the others only that destination's). Without a route, forgets every one (and stops
 * middy's refresh timers): the end of tests.
 */
export function forgetWebhookUrl(route?: string): void {
  if (route !== undefined) {
    forgetters.get(route)?.();
    return;
  }
  // The keys stay registered: the middleware fills the same cache again on its next invocation.
  clearCache([...middyCacheKeys]);
}

/**
 * Registers a Slack middleware's middy cache key (cleared by {@link forgetWebhookUrl} without a
 * route), and how to forget the webhook of each route it resolves.
 */
export function registerWebhookCache(cacheKey: string, routes: ReadonlyMap<string, () => void>): void {
  middyCacheKeys.add(cacheKey);
  for (const [route, forget] of routes) forgetters.set(route, forget);
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
 * // in run(event, context): senders.forUrl(webhookUrlFrom(context), signal)
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
  registerWebhookCache(cacheKey, new Map([['', () => clearCache([cacheKey])]]));
  const fetch = ssm({
    fetchData: { [SLACK_WEBHOOK_CONTEXT_KEY]: parameter },
    setToContext: true,
    cacheKey,
    cacheExpiry: options.cacheExpiryMs ?? WEBHOOK_CACHE_MS,
    disablePrefetch: options.prefetch === false,
    awsClientOptions: options.awsClientOptions ?? {},
  }) as middy.MiddlewareObj<unknown, unknown, Error, Context>;
  return {
    before: async (request) => {
      try {
        await fetch.before?.(request);
      } catch (error) {
        throw ssmFailure(parameter, 'SLACK_WEBHOOK_PARAMETER', error);
      }
    },
  };
}

/** The SSM errors no retry fixes: the parameter is missing, or this role may not read or decrypt it. */
const permanentSsm = /InvalidParameter|ParameterNotFound|AccessDenied|InvalidKeyId|KMS|ValidationException/;

/**
 * What went wrong reading a webhook from SSM, in words that say what to do (never the value):
 * `variable` is the one that named the parameter.
 */
export function ssmFailure(parameter: string, variable: string, error: unknown): Error {
  const causes = (error as { cause?: { data?: unknown } }).cause?.data;
  const first: unknown = Array.isArray(causes) ? causes[0] : error;
  const code = (first as { name?: string; message?: string } | undefined) ?? {};
  const what = `${code.name ?? 'Error'}${code.message ? `: ${code.message}` : ''}`;
  if (/InvalidParameter|ParameterNotFound/.test(what)) {
    return new ConfigError(
      `The Slack webhook parameter ${parameter} (${variable}) does not exist in SSM: create it ` +
        `with \`aws ssm put-parameter --name ${parameter} --type SecureString --value <webhook URL>\``,
      { cause: error },
    );
  }
  if (permanentSsm.test(what)) {
    return new ConfigError(
      `Cannot read the Slack webhook from SSM parameter ${parameter} (${what}): the function's role needs ` +
        'ssm:GetParameters on it and kms:Decrypt on its key',
      { cause: error },
    );
  }
  return new TransientSinkError(`Cannot read the Slack webhook from SSM parameter ${parameter} (${what})`, {
    cause: error,
  });
}

/** The webhook URL the middleware put on the context, if any. */
export function webhookUrlFrom(context: Context): string | undefined {
  const value = (context as SlackContext)[SLACK_WEBHOOK_CONTEXT_KEY];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
